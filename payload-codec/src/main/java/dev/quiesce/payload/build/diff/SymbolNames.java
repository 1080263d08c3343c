package dev.quiesce.payload.build.diff;

import java.util.Optional;

/**
 * The naming rules of compiler-generated symbols: clone and static-local suffixes, cold parts, and
 * Xen's {@code file#symbol} names for local symbols.
 *
 * <p>gcc appends numbers that are not stable between two builds: {@code counter.1} for a static
 * local, {@code foo.isra.0}, {@code foo.constprop.3}, {@code foo.part.0} for clones. livepatch-build-tools
 * ignores every {@code .<digits>} component when it correlates names ({@code kpatch_mangled_strcmp}
 * in create-diff-object.c); {@link #correlationKey} is that rule.
 */
public final class SymbolNames {

    private SymbolNames() {
    }

    /**
     * The name with every {@code .<digits>} component removed: {@code counter.1} → {@code counter},
     * {@code foo.constprop.0} → {@code foo.constprop}, {@code foo.isra.0.cold} → {@code foo.isra.cold}.
     */
    public static String correlationKey(String name) {
        String[] parts = name.split("\\.", -1);
        StringBuilder key = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit)) {
                continue;
            }
            key.append('.').append(parts[i]);
        }
        return key.toString();
    }

    /**
     * The name of the function a cold part was split from ({@code foo.cold} or {@code foo.cold.1} →
     * {@code foo}), or empty if {@code name} is not a cold part. gcc jumps into a cold part from its
     * parent and back, so the two are only ever replaced together.
     */
    public static Optional<String> coldParent(String name) {
        int at = name.lastIndexOf(".cold");
        if (at <= 0) {
            return Optional.empty();
        }
        String rest = name.substring(at + ".cold".length());
        if (!rest.isEmpty() && !rest.matches("(\\.\\d+)+")) {
            return Optional.empty();
        }
        return Optional.of(name.substring(0, at));
    }

    /**
     * The name Xen's symbol table gives a local symbol: {@code version.c#counter.0}
     * (livepatch-build-tools' {@code mangle_local_symbol}; Xen: {@code xen/tools/symbols.c}).
     *
     * @param sourceFile the object's {@code STT_FILE} name, e.g. {@code version.c}
     */
    public static String xenLocalName(String sourceFile, String name) {
        return sourceFile + "#" + name;
    }

    /**
     * Whether a section holds boot-time code or data that Xen discards after boot: {@code __init} is
     * {@code __section(".init.text")} (Xen: xen/include/xen/init.h), which {@code -ffunction-sections}
     * does not split.
     */
    public static boolean isInitSection(String sectionName) {
        return sectionName.equals(".init") || sectionName.startsWith(".init.") || sectionName.startsWith(".initcall");
    }
}
