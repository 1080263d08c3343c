package dev.quiesce.cluster.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * A link cut one way on the loopback: an nftables packet filter (Linux netfilter, driven by the {@code nft} command of
 * Debian's {@code nftables} package; needs root) that drops every TCP segment arriving on {@code lo} for one port of
 * 127.0.0.1. The process listening there can still send: the connections it opened itself carry its data out and
 * their acknowledgements come back to its ephemeral ports, which the filter does not match; nothing reaches it over
 * the connections others opened to it, and new ones are never accepted (their SYNs are dropped, the senders
 * retransmit). Pekko Artery over TCP sends each node's messages to a peer only on connections that node opened, so
 * a node whose Artery port is cut sends everything and receives nothing.
 *
 * <p>The rule lives in a table of its own, {@code inet quiesce_cut_PID_PORT} (PID this JVM), which {@link #close()}
 * deletes; tables a dead JVM left behind are deleted when the next cut is made. No other table, chain or rule of the
 * machine is touched. Without {@code nft}, or without the right to use it, the test fails saying what to install.
 */
final class OneWayCut implements AutoCloseable {

    private static final String PREFIX = "quiesce_cut_";
    private static final Pattern OURS = Pattern.compile("table inet " + PREFIX + "(\\d+)_(\\d+)");
    static final String INSTALL = "the asymmetric partition test cuts a link one way with an nftables packet filter on"
            + " the loopback: it needs the nft command (Debian's nftables package: apt-get install -y nftables;"
            + " ./quiesce test installs it as root) and root (CAP_NET_ADMIN)";

    private final String table;

    private OneWayCut(String table) {
        this.table = table;
    }

    /** Drops every TCP segment sent to 127.0.0.1:{@code port} on the loopback from now until {@link #close()}. */
    static OneWayCut inboundTo(int port) {
        reapLeftovers();
        String table = PREFIX + ProcessHandle.current().pid() + "_" + port;
        nft(List.of("-f", "-"), """
                table inet %s {
                  chain input {
                    type filter hook input priority filter; policy accept;
                    iif "lo" ip daddr 127.0.0.1 tcp dport %d drop
                  }
                }
                """.formatted(table, port));
        return new OneWayCut(table);
    }

    /** Fails, saying what to install or how to run, unless nftables can be used here. */
    static void assertUsable() {
        nft(List.of("list", "tables"), "");
    }

    /** Heals the link: deletes the filter's table. */
    @Override
    public void close() {
        nft(List.of("delete", "table", "inet", table), "");
    }

    /** Deletes the cut tables of JVMs that are no longer running (a test killed before it healed its cut). */
    private static void reapLeftovers() {
        Matcher m = OURS.matcher(nft(List.of("list", "tables"), ""));
        while (m.find()) {
            if (ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                nft(List.of("delete", "table", "inet", PREFIX + m.group(1) + "_" + m.group(2)), "");
            }
        }
    }

    /** Runs nft with {@code args} and {@code stdin}; returns its output, fails with its message if it fails. */
    private static String nft(List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(String.join(" ", cmd) + " failed: " + out.strip() + " — " + INSTALL);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running nft", e);
        }
    }

    /** The nft executable: on PATH, or in the sbin folders a non-login root shell may lack. */
    private static String command() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/sbin"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nft")).filter(Files::isExecutable)
                .map(Path::toString).findFirst()
                .orElseGet(() -> fail("nft is not installed: " + INSTALL));
    }
}
