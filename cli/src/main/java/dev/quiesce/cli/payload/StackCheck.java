package dev.quiesce.cli.payload;

import dev.quiesce.host.HostSettings;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadValidator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a payload can be applied on top of an image and a stack of applied payloads, checked the
 * way Xen checks it at upload and apply: {@code .livepatch.xen_depends} equals the image's
 * build-id and the payload's name and build-id are not loaded yet (upload); its symbols resolve
 * (load); each function's old symbol resolves in the image or in the stack's new symbols and passes
 * the per-function checks ({@link PayloadValidator#checkAgainst}, docs/xen-livepatch.md §2.4); its
 * {@code .livepatch.depends} equals the image's build-id on an empty stack, else the top payload's
 * (Xen: {@code build_id_dep()} in xen/common/livepatch.c, docs/xen-livepatch.md §2.7); its expectations match
 * the bytes the stack left (Xen: {@code livepatch_verify_expectation_fn()}).
 */
final class StackCheck {

    /** What to check against: an image name ({@code base}) and the applied payload files, bottom first. */
    record Target(String image, List<Path> stack) {

        /** Parses {@code base[,FILE...]}. */
        static Target parse(String spec) {
            String[] parts = spec.split(",", -1);
            if (!parts[0].strip().equals("base")) {
                throw new IllegalArgumentException("--check-against '" + spec + "': the image must come first and only "
                        + "'base' (the built-in guest image) is known, e.g. --check-against base,hello.livepatch");
            }
            List<Path> stack = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].isBlank()) {
                    throw new IllegalArgumentException("--check-against '" + spec + "' has an empty payload name at position " + i);
                }
                stack.add(Path.of(parts[i].strip()));
            }
            return new Target("base", List.copyOf(stack));
        }
    }

    /** The answer and the lines that explain it. */
    record Verdict(boolean applicable, List<String> lines) {
    }

    private final HostModel host;
    private final List<String> lines = new ArrayList<>();

    private StackCheck(GuestImage image) {
        this.host = new HostModel(image);
    }

    /** Checks {@code payload} against {@code target}. */
    static Verdict check(PayloadFile payload, Target target) throws IOException {
        StackCheck c = new StackCheck(baseImage());
        c.lines.add("check:       against the base image (build-id " + c.host.image().buildId().hex() + ")"
                + (target.stack().isEmpty() ? " with nothing applied" : " with " + target.stack().size() + " payload(s) applied"));
        for (Path p : target.stack()) {
            PayloadFile f = PayloadFile.read(p);
            try {
                c.host.loadAndApply(f);
            } catch (PayloadException e) {
                c.lines.add("verdict:     NO: the stack itself does not apply: '" + f.name() + "' (" + p + "): " + e);
                return new Verdict(false, c.lines);
            }
            c.lines.add("  applied " + f.name() + " (build-id " + f.payload().buildId().hex() + ")");
        }
        String top = target.stack().isEmpty() ? "the base image" : "'" + c.host.topName() + "'";
        try {
            List<String> notes = c.host.loadAndApply(payload);
            notes.forEach(n -> c.lines.add("  " + n));
        } catch (PayloadException e) {
            c.lines.add("verdict:     NO: " + e);
            return new Verdict(false, c.lines);
        }
        c.lines.add("verdict:     yes: '" + payload.name() + "' can be applied on top of " + top);
        return new Verdict(true, c.lines);
    }

    /** The built-in guest image, linked where a host links it. */
    static GuestImage baseImage() {
        List<ElfFile> objects = new ArrayList<>();
        for (GuestObject o : GuestObjects.baseImage()) {
            objects.add(ElfFile.parse(o.name(), o.bytes()));
        }
        return ImageLinker.link(objects, HostSettings.defaults().imageBase());
    }
}
