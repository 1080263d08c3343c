package dev.quiesce.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Headless Chromium (Debian's {@code chromium} package) for the tests: loads a page and returns its DOM after load.
 */
final class Chromium {

    static final String INSTALL = "chromium is not installed: the report tests open report.html in headless Chromium. "
            + "Install Debian's chromium package (apt-get install -y chromium; ./quiesce test does this as root).";

    private Chromium() {
    }

    /** The binary on the PATH; fails the test with how to install it when there is none. */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail(INSTALL);
    }

    /**
     * {@code chromium --headless --no-sandbox --disable-gpu --dump-dom file://PAGE}: the serialised DOM once the page
     * loaded. Fails the test if Chromium does not finish within a minute or exits non-zero.
     */
    static String dumpDom(Path page, Path work) throws IOException, InterruptedException {
        Path out = work.resolve("dom.html");
        Path err = work.resolve("chromium.log");
        List<String> command = List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + work.resolve("profile"), "--dump-dom",
                page.toAbsolutePath().toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 60 s: " + String.join(" ", command) + "\n" + Files.readString(err));
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + String.join(" ", command) + "\n"
                    + Files.readString(err));
        }
        return Files.readString(out);
    }
}
