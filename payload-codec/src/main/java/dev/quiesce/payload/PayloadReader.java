package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfFormatException;
import dev.quiesce.isa.Arch;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reader of Xen payloads: every upload check Xen makes that does not need the running image, in Xen's
 * order and with Xen's errno (Xen: {@code verify_payload()} and {@code load_payload_data()} in
 * xen/common/livepatch.c):
 * <ol>
 *   <li>size: empty or over 2 MiB → -EINVAL;</li>
 *   <li>the ELF container ({@code livepatch_elf_load}): header, section headers, one symbol table, string tables
 *       → -EINVAL or -EOPNOTSUPP; sections overlapping into more than 16 MiB → -ENOMEM (Xen's {@code vmalloc}
 *       in {@code move_payload} would fail; checked early here); anything else {@link ElfFile} finds malformed
 *       (it is stricter than Xen, e.g. {@code e_shentsize} must be 64) → -EINVAL;</li>
 *   <li>the format of {@code .livepatch.xen_depends} if present → -EINVAL (its absence and its value are checked
 *       by the registry, which knows the running image);</li>
 *   <li>writable and executable sections → -EOPNOTSUPP; COMMON or reserved-index symbols → -EINVAL/-EOPNOTSUPP;
 *       relocations (type, symbol, place) → -EINVAL/-EOPNOTSUPP;</li>
 *   <li>{@code .livepatch.depends} and {@code .note.gnu.build-id} present and non-empty; something to patch →
 *       -EINVAL;</li>
 *   <li>{@code .livepatch.funcs}: size a multiple of 104; per entry version 2 (-EOPNOTSUPP), {@code old_size}
 *       non-zero (-EINVAL), NOP size at most 31 (-EOPNOTSUPP) and at most {@code old_size} (-EINVAL);</li>
 *   <li>hook section sizes, the build-id and depends notes (-EINVAL, -ENODATA), bug frames, alternatives,
 *       exception table, {@code .modinfo} (-EINVAL).</li>
 * </ol>
 * On an AArch64 host the machine is {@code EM_AARCH64}, the relocations are {@link XenArm64Relocations}'s, a
 * function's {@code old_size} is at least 4 and a NOP's {@code new_size} a multiple of 4, bug frames are 16 bytes,
 * alternatives 12, and {@code .alt_call_sites} and {@code .ex_table} are -EOPNOTSUPP (Xen on Arm has neither).
 * What needs the image — old addresses, JMP sizes, distances — is {@link PayloadValidator}'s; the xen_depends
 * comparison, duplicate build-ids (-EEXIST), undefined symbols and symbol clashes belong to the registry.
 */
public final class PayloadReader {

    private PayloadReader() {
    }

    /**
     * Reads and checks a payload for an x86-64 host.
     *
     * @param fileName the payload's file name, kept by {@link Payload#fileName()}
     * @throws PayloadException with Xen's errno and a sentence saying what to do
     */
    public static Payload read(String fileName, byte[] bytes) {
        return read(Arch.X86_64, fileName, bytes);
    }

    /**
     * Reads and checks a payload for a host of {@code arch}: its ELF machine must be the host's, and the relocation,
     * function and optional-section rules are Xen's on that architecture.
     *
     * @param fileName the payload's file name, kept by {@link Payload#fileName()}
     * @throws PayloadException with Xen's errno and a sentence saying what to do
     */
    public static Payload read(Arch arch, String fileName, byte[] bytes) {
        if (bytes.length == 0) {
            throw new PayloadException(Errno.EINVAL, "the payload is empty; upload the .livepatch ELF file itself");
        }
        if (bytes.length > ElfLoadCheck.MAX_SIZE) {
            throw new PayloadException(Errno.EINVAL, "the payload is %d bytes, over Xen's 2 MiB limit (LIVEPATCH_MAX_SIZE); split it into smaller payloads"
                    .formatted(bytes.length));
        }
        ElfLoadCheck.check(bytes, arch);
        ElfFile elf;
        try {
            elf = ElfFile.parse(fileName, bytes);
        } catch (ElfFormatException e) {
            throw new PayloadException(Errno.EINVAL, "the payload is malformed: %s — rebuild it".formatted(e.getMessage()), e);
        }
        Optional<BuildId> xenDepends = LoadChecks.xenDepends(elf);
        LoadChecks.sectionPermissions(elf);
        boolean[] ignored = LoadChecks.symbols(elf);
        LoadChecks.relocations(elf, ignored);
        SpecialSections.required(elf);
        SpecialSections.patching(elf);
        List<PatchFunction> functions = LoadChecks.section(elf, PayloadWriter.FUNCS)
                .map(s -> FuncsReader.read(elf, s)).orElse(List.of());
        Map<HookKind, List<String>> hooks = SpecialSections.hooks(elf);
        BuildId buildId = SpecialSections.buildId(elf, PayloadWriter.BUILD_ID);
        BuildId depends = SpecialSections.buildId(elf, PayloadWriter.DEPENDS);
        OptionalSections.check(elf);
        List<String> modinfo = SpecialSections.modinfo(elf);
        return new Payload(elf, buildId, depends, xenDepends, functions, hooks, modinfo);
    }
}
