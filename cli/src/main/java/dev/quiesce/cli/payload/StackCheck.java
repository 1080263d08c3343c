package dev.quiesce.cli.payload;

import dev.quiesce.host.HostSettings;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.guest.GuestObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a payload can be applied on top of an image and a stack of applied payloads: a host is booted on the
 * image ({@link CheckHost}, no CPU runs), the stack is uploaded and applied bottom first through the real
 * {@link dev.quiesce.splice.registry.LivepatchRegistry}, then the payload; the answer is Xen's, with its errno and
 * reason (upload: docs/xen-livepatch.md §2.4; {@code build_id_dep()} and expectations at apply: §2.7).
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

    private StackCheck() {
    }

    /** Checks {@code payload} against {@code target}. */
    static Verdict check(PayloadFile payload, Target target) throws IOException {
        List<String> lines = new ArrayList<>();
        try (CheckHost host = new CheckHost(baseImage())) {
            lines.add("check:       against the base image (build-id " + host.image().buildId().hex() + ")"
                    + (target.stack().isEmpty() ? " with nothing applied" : " with " + target.stack().size()
                    + " payload(s) applied"));
            for (Path p : target.stack()) {
                PayloadFile f = PayloadFile.read(p);
                Optional<String> no = host.loadAndApply(f, new ArrayList<>());
                if (no.isPresent()) {
                    lines.add("verdict:     NO: the stack itself does not apply: '" + f.name() + "' (" + p + "): "
                            + no.get());
                    return new Verdict(false, lines);
                }
                lines.add("  applied " + f.name() + " (build-id " + f.payload().buildId().hex() + ")");
            }
            String top = host.applied().isEmpty() ? "the base image" : "'" + host.applied().getLast() + "'";
            Optional<String> no = host.loadAndApply(payload, lines);
            if (no.isPresent()) {
                lines.add("verdict:     NO: " + no.get());
                return new Verdict(false, lines);
            }
            lines.add("verdict:     yes: '" + payload.name() + "' can be applied on top of " + top);
            return new Verdict(true, lines);
        }
    }

    /** The built-in guest image, linked where a host links it. */
    static GuestImage baseImage() {
        return baseImage(dev.quiesce.isa.Arch.X86_64);
    }

    /** The built-in guest image for {@code arch}, linked as a host boots it. */
    static GuestImage baseImage(dev.quiesce.isa.Arch arch) {
        List<ElfFile> objects = new ArrayList<>();
        for (GuestObject o : dev.quiesce.guest.GuestProgram.builtIn(arch).objects()) {
            objects.add(ElfFile.parse(o.name(), o.bytes()));
        }
        return ImageLinker.link(objects, HostSettings.defaults().imageBase());
    }
}
