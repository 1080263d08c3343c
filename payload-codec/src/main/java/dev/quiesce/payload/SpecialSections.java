package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Xen's checks of the livepatch sections, in its order (Xen: {@code check_special_sections()},
 * {@code check_patching_sections()} and the hook, build-id and {@code .modinfo} parts of
 * {@code prepare_payload()} in xen/common/livepatch.c).
 */
final class SpecialSections {

    private SpecialSections() {
    }

    /** {@code .livepatch.depends} and {@code .note.gnu.build-id} must exist and be non-empty (-EINVAL). */
    static void required(ElfFile f) {
        for (String name : List.of(PayloadWriter.DEPENDS, PayloadWriter.BUILD_ID)) {
            Optional<ElfSection> s = LoadChecks.section(f, name);
            String fix = name.equals(PayloadWriter.DEPENDS)
                    ? "add the build-id of the image or payload it applies on top of (livepatch-build --depends)"
                    : "link the payload with ld --build-id=sha1";
            if (s.isEmpty()) {
                throw new PayloadException(Errno.EINVAL, "%s is missing; %s".formatted(name, fix));
            }
            if (s.get().size() == 0) {
                throw new PayloadException(Errno.EINVAL, "%s is empty; %s".formatted(name, fix));
            }
        }
    }

    /** At least one of {@code .livepatch.funcs} and the hook sections must exist, none of them empty (-EINVAL). */
    static void patching(ElfFile f) {
        List<String> names = new ArrayList<>(List.of(PayloadWriter.FUNCS));
        for (HookKind k : HookKind.values()) {
            names.add(k.sectionName());
        }
        boolean found = false;
        for (String name : names) {
            Optional<ElfSection> s = LoadChecks.section(f, name);
            if (s.isPresent()) {
                if (s.get().size() == 0) {
                    throw new PayloadException(Errno.EINVAL, "%s is empty; remove it or give it at least one entry".formatted(name));
                }
                found = true;
            }
        }
        if (!found) {
            throw new PayloadException(Errno.EINVAL, "nothing to patch: the payload has no %s and no hook section; add a function or a hook"
                    .formatted(PayloadWriter.FUNCS));
        }
    }

    /** The hooks per kind present, after Xen's size checks (-EINVAL); NULL pointers are left out. */
    static Map<HookKind, List<String>> hooks(ElfFile f) {
        Map<HookKind, List<String>> hooks = new EnumMap<>(HookKind.class);
        for (HookKind kind : HookKind.values()) {
            Optional<ElfSection> s = LoadChecks.section(f, kind.sectionName());
            if (s.isEmpty()) {
                continue;
            }
            long size = s.get().size();
            if (Long.remainderUnsigned(size, 8) != 0 || !kind.isArray() && size != 8) {
                throw new PayloadException(Errno.EINVAL, kind.isArray()
                        ? "%s is %d bytes, not a whole number of 8-byte function pointers; rebuild the payload".formatted(kind.sectionName(), size)
                        : "%s is %d bytes; it must hold exactly one 8-byte function pointer (one hook of this kind per payload)"
                                .formatted(kind.sectionName(), size));
            }
            List<String> names = new ArrayList<>();
            if (!s.get().isNobits()) {
                Pointers p = new Pointers(f, s.get());
                for (int at = 0; at < size; at += 8) {
                    if (!p.isNull(at)) {
                        names.add(p.name(at));
                    }
                }
            }
            hooks.put(kind, names);
        }
        return hooks;
    }

    /** A build-id note section; its errors are Xen's (-EINVAL, or -ENODATA for a note that is not a build-id). */
    static BuildId buildId(ElfFile f, String name) {
        return BuildIdNote.parse(LoadChecks.contents(LoadChecks.section(f, name).orElseThrow()), name);
    }

    /** The {@code .modinfo} strings; the section must end with NUL (-EINVAL). */
    static List<String> modinfo(ElfFile f) {
        Optional<ElfSection> s = LoadChecks.section(f, PayloadWriter.MODINFO);
        if (s.isEmpty()) {
            return List.of();
        }
        byte[] data = LoadChecks.contents(s.get());
        if (data.length == 0 || data[data.length - 1] != 0) {
            throw new PayloadException(Errno.EINVAL, "%s does not end with a NUL byte; write it as NUL-terminated strings"
                    .formatted(PayloadWriter.MODINFO));
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                if (i > start) {
                    out.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
