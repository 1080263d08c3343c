package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.isa.Arch;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Xen payload that passed every load-time check {@link PayloadReader} can make without the running
 * image: its ELF, its own build-id, the build-ids it depends on, its functions, hooks and metadata.
 */
public final class Payload {

    private final ElfFile elf;
    private final BuildId buildId;
    private final BuildId depends;
    private final Optional<BuildId> xenDepends;
    private final List<PatchFunction> functions;
    private final Map<HookKind, List<String>> hooks;
    private final List<String> modinfo;

    Payload(ElfFile elf, BuildId buildId, BuildId depends, Optional<BuildId> xenDepends, List<PatchFunction> functions,
            Map<HookKind, List<String>> hooks, List<String> modinfo) {
        this.elf = elf;
        this.buildId = buildId;
        this.depends = depends;
        this.xenDepends = xenDepends;
        this.functions = List.copyOf(functions);
        EnumMap<HookKind, List<String>> h = new EnumMap<>(HookKind.class);
        hooks.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.hooks = Collections.unmodifiableMap(h);
        this.modinfo = List.copyOf(modinfo);
    }

    /** The file name given to {@link PayloadReader#read}. */
    public String fileName() {
        return elf.fileName();
    }

    /** The architecture the payload was read for: its ELF machine, which the reader checked is the host's. */
    public Arch arch() {
        return Arch.ofElfMachine(elf.machine());
    }

    /** The parsed ELF object. */
    public ElfFile elf() {
        return elf;
    }

    /** A copy of the payload's bytes. */
    public byte[] bytes() {
        byte[] b = new byte[elf.bytes().remaining()];
        elf.bytes().get(b);
        return b;
    }

    /** The payload's own build-id ({@code .note.gnu.build-id}). */
    public BuildId buildId() {
        return buildId;
    }

    /** The build-id it applies on top of ({@code .livepatch.depends}): the image's or the previous payload's. */
    public BuildId depends() {
        return depends;
    }

    /**
     * The hypervisor build-id it was built for ({@code .livepatch.xen_depends}); empty when the section is
     * missing, which Xen refuses at upload (-EINVAL) — a check for the registry, which knows the running image.
     */
    public Optional<BuildId> xenDepends() {
        return xenDepends;
    }

    /** The {@code .livepatch.funcs} entries, in order (empty for a hooks-only payload). */
    public List<PatchFunction> functions() {
        return functions;
    }

    /**
     * The hooks per kind present, as symbol names in call order (a section symbol is shown as the function at its
     * offset; an unrelocated pointer as {@code 0x…}). NULL pointers are left out: Xen skips a NULL single hook
     * ({@code is_hook_enabled}) — a kind whose section holds NULL maps to an empty list — and would call a NULL
     * entry of the load/unload arrays. Iteration follows {@link HookKind} order.
     */
    public Map<HookKind, List<String>> hooks() {
        return hooks;
    }

    /** The NUL-separated strings of {@code .modinfo} (empty strings dropped), in order. */
    public List<String> modinfo() {
        return modinfo;
    }

    @Override
    public String toString() {
        return "Payload[%s build-id=%s depends=%s functions=%d hooks=%s]".formatted(fileName(), buildId.hex(),
                depends.hex(), functions.size(), hooks.keySet());
    }
}
