package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writer of Xen payloads in {@link ElfObject}'s canonical layout, as livepatch-build-tools'
 * {@code create-diff-object} and {@code ld -r --build-id=sha1} make them: the body's sections, then
 * {@code .livepatch.strings}, {@code .livepatch.funcs} (104-byte version-2 entries whose {@code name} and
 * {@code new_addr} are R_X86_64_64 relocations, R_AARCH64_ABS64 in a body made for AArch64 — the payload's
 * {@code e_machine} is the body's), the hook sections, {@code .modinfo},
 * {@code .livepatch.depends}, {@code .livepatch.xen_depends} and last {@code .note.gnu.build-id}.
 *
 * <p>The three notes are NT_GNU_BUILD_ID notes; {@code .note.gnu.build-id} has type SHT_NOTE (as ld makes it),
 * the two depends sections SHT_PROGBITS (as livepatch-build's {@code objcopy --add-section} and Xen's test
 * Makefile make them), so {@code ElfFile.buildId()} finds the payload's own id. The build-id is the SHA-1 of the
 * written bytes with the build-id descriptor zeroed, so writing the same payload twice gives identical bytes.
 */
public final class PayloadWriter {

    static final String FUNCS = ".livepatch.funcs";
    static final String STRINGS = ".livepatch.strings";
    static final String DEPENDS = ".livepatch.depends";
    static final String XEN_DEPENDS = ".livepatch.xen_depends";
    static final String BUILD_ID = ".note.gnu.build-id";
    static final String MODINFO = ".modinfo";

    private PayloadWriter() {
    }

    /**
     * Writes the payload {@code spec} describes; {@code spec.body()} is not modified.
     *
     * @throws IllegalArgumentException if the body already has livepatch sections, a named symbol is missing
     *                                  from it, a single-pointer hook kind lists more than one function, or there
     *                                  is nothing to patch (Xen: "Nothing to patch")
     */
    public static byte[] write(PayloadSpec spec) {
        ElfObject o = spec.body().copy();
        for (String name : List.of(FUNCS, STRINGS, DEPENDS, XEN_DEPENDS, BUILD_ID, MODINFO)) {
            if (o.findSection(name).isPresent()) {
                throw new IllegalArgumentException("the body already has %s; write C-compiled payloads with addNotes() and finish()"
                        .formatted(name));
            }
        }
        boolean hooks = spec.hooks().values().stream().anyMatch(l -> !l.isEmpty());
        if (spec.functions().isEmpty() && !hooks) {
            throw new IllegalArgumentException("a payload needs at least one function or hook; Xen refuses it with -EINVAL (Nothing to patch)");
        }
        if (!spec.functions().isEmpty()) {
            writeFunctions(o, spec.functions());
        }
        for (HookKind kind : HookKind.values()) {
            List<String> names = spec.hooks().getOrDefault(kind, List.of());
            if (!names.isEmpty()) {
                writeHooks(o, kind, names);
            }
        }
        if (!spec.modinfo().isEmpty()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (String s : spec.modinfo()) {
                if (s.isEmpty() || s.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("a .modinfo string is non-empty and has no NUL: '%s'".formatted(s));
                }
                b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                b.write(0);
            }
            o.addSection(MODINFO, Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, b.toByteArray());
        }
        addNotes(o, spec.depends(), spec.xenDepends());
        return finish(o);
    }

    /**
     * Adds or replaces {@code .livepatch.depends} and {@code .livepatch.xen_depends} (removed when
     * {@code xenDepends} is empty) as NT_GNU_BUILD_ID notes in allocated, read-only SHT_PROGBITS sections.
     */
    public static void addNotes(ElfObject object, BuildId depends, Optional<BuildId> xenDepends) {
        setNote(object, DEPENDS, depends.bytes());
        if (xenDepends.isPresent()) {
            setNote(object, XEN_DEPENDS, xenDepends.get().bytes());
        } else {
            object.findSection(XEN_DEPENDS).ifPresent(object::removeSection);
        }
    }

    /**
     * Adds or recomputes {@code .note.gnu.build-id} — the SHA-1 of the object written with a zero descriptor — and
     * returns the written bytes.
     */
    public static byte[] finish(ElfObject object) {
        setNote(object, BUILD_ID, new byte[BuildId.SHA1_LENGTH]);
        BuildId id = BuildId.sha1(object.write());
        setNote(object, BUILD_ID, id.bytes());
        return object.write();
    }

    private static void setNote(ElfObject o, String name, byte[] descriptor) {
        byte[] note = BuildIdNote.encode(descriptor);
        Optional<Integer> existing = o.findSection(name);
        if (existing.isPresent()) {
            o.setSectionData(existing.get(), note);
        } else {
            o.addSection(name, name.equals(BUILD_ID) ? Elf.SHT_NOTE : Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 4, 0, note);
        }
    }

    private static void writeFunctions(ElfObject o, List<FunctionSpec> functions) {
        Map<String, Integer> stringOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        for (FunctionSpec f : functions) {
            if (f.oldName() != null && !stringOffsets.containsKey(f.oldName())) {
                stringOffsets.put(f.oldName(), strings.size());
                strings.writeBytes(f.oldName().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
        }
        int stringsSection = strings.size() == 0 ? 0
                : o.addSection(STRINGS, Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, strings.toByteArray());
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (FunctionSpec f : functions) {
            entries.writeBytes(LivepatchFunc.encode(f.oldAddr(), f.newSize(), f.oldSize(), f.expect()));
        }
        int funcs = o.addSection(FUNCS, Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 8, 0, entries.toByteArray());
        int stringsSymbol = stringsSection == 0 ? 0 : o.addSectionSymbol(stringsSection);
        for (int i = 0; i < functions.size(); i++) {
            FunctionSpec f = functions.get(i);
            long at = (long) i * LivepatchFunc.SIZE;
            if (f.oldName() != null) {
                o.addRelocation(funcs, at + LivepatchFunc.NAME, abs64(o), stringsSymbol, stringOffsets.get(f.oldName()));
            }
            if (f.newSymbol() != null) {
                o.addRelocation(funcs, at + LivepatchFunc.NEW_ADDR, abs64(o),
                        symbol(o, f.newSymbol(), "new function of '%s'".formatted(f.oldName())), 0);
            }
        }
    }

    private static void writeHooks(ElfObject o, HookKind kind, List<String> names) {
        if (!kind.isArray() && names.size() != 1) {
            throw new IllegalArgumentException("%s holds exactly one pointer, not %d (%s)".formatted(
                    kind.sectionName(), names.size(), names));
        }
        int section = o.addSection(kind.sectionName(), Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 8, 0, new byte[8 * names.size()]);
        for (int i = 0; i < names.size(); i++) {
            o.addRelocation(section, 8L * i, abs64(o), symbol(o, names.get(i), kind.sectionName() + " hook"), 0);
        }
    }

    /** The 64-bit absolute relocation of the body's machine: {@code R_X86_64_64} or {@code R_AARCH64_ABS64}. */
    private static int abs64(ElfObject o) {
        return o.machine() == Elf.EM_AARCH64 ? Elf.R_AARCH64_ABS64 : Elf.R_X86_64_64;
    }

    private static int symbol(ElfObject o, String name, String role) {
        return o.findSymbol(name).orElseThrow(() -> new IllegalArgumentException(
                "the %s is '%s', which is not a symbol of the body".formatted(role, name)));
    }
}
