package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfObject;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link PayloadWriter#write} needs to build a Xen payload.
 *
 * @param body       the new code and data (sections, symbols, relocations); not modified by the writer
 * @param functions  the {@code .livepatch.funcs} entries, in order (may be empty when there are hooks)
 * @param depends    the build-id written to {@code .livepatch.depends}: the image's, or the previous payload's
 * @param xenDepends the build-id written to {@code .livepatch.xen_depends}; empty writes no such section
 * @param hooks      hook function symbols of the body per kind, in call order (one for the single kinds)
 * @param modinfo    the {@code .modinfo} strings (none: no section)
 */
public record PayloadSpec(ElfObject body, List<FunctionSpec> functions, BuildId depends, Optional<BuildId> xenDepends,
                          Map<HookKind, List<String>> hooks, List<String> modinfo) {

    public PayloadSpec {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(depends, "depends");
        Objects.requireNonNull(xenDepends, "xenDepends");
        functions = List.copyOf(functions);
        modinfo = List.copyOf(modinfo);
        EnumMap<HookKind, List<String>> h = new EnumMap<>(HookKind.class);
        hooks.forEach((k, v) -> h.put(k, List.copyOf(v)));
        hooks = Collections.unmodifiableMap(h);
    }

    /** A payload of functions only, no hooks, no metadata. */
    public static PayloadSpec of(ElfObject body, List<FunctionSpec> functions, BuildId depends,
                                 Optional<BuildId> xenDepends) {
        return new PayloadSpec(body, functions, depends, xenDepends, Map.of(), List.of());
    }
}
