package dev.quiesce.payload.build;

import dev.quiesce.payload.FunctionSpec;
import dev.quiesce.payload.build.diff.FunctionChange;
import dev.quiesce.payload.build.diff.ObjectDiff;

import java.util.List;
import java.util.stream.Collectors;

/** The human-readable account of a build: what changed in which object and why, and what the payload holds. */
final class BuildReport {

    private BuildReport() {
    }

    static String render(BuildOptions options, List<Inclusion> inclusions, BodyEmitter emitter, List<FunctionSpec> functions,
                         List<String> added, List<String> notes) {
        StringBuilder sb = new StringBuilder();
        sb.append("payload %s: %d changed function(s), %d new; depends %s%s\n".formatted(options.name(), functions.size(),
                added.size(), options.depends().hex(), options.xenDepends().map(x -> ", xen_depends " + x.hex()).orElse("")));
        for (Inclusion inc : inclusions) {
            ObjectDiff d = inc.diff();
            if (inc.sections().isEmpty()) {
                continue;
            }
            sb.append("%s (%s):\n".formatted(d.patched().fileName(), d.patched().sourceName()));
            for (FunctionChange c : d.changed()) {
                sb.append("  changed %s: %s\n".formatted(c.base().name(), c.why()));
            }
            d.added().stream().filter(u -> inc.sections().contains(u.parent().sectionIndex()))
                    .forEach(u -> sb.append("  new %s (%d bytes)\n".formatted(u.name(), u.parent().size())));
            sb.append("  carries %s\n".formatted(inc.sections().stream().map(i -> d.patched().section(i).name())
                    .collect(Collectors.joining(", "))));
        }
        for (FunctionSpec f : functions) {
            sb.append("  funcs: %s old_size %d → %s new_size %d%s\n".formatted(f.oldName(), f.oldSize(), f.newSymbol(),
                    f.newSize(), f.expect().enabled() ? ", expects " + f.expect().length() + " bytes" : ""));
        }
        if (!emitter.externals().isEmpty()) {
            sb.append("resolved in the base image: %s\n".formatted(String.join(", ", emitter.externals())));
        }
        notes.forEach(n -> sb.append("note: ").append(n).append("\n"));
        return sb.toString();
    }
}
