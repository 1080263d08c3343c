package dev.quiesce.payload.build;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.FunctionSpec;
import dev.quiesce.payload.PayloadSpec;
import dev.quiesce.payload.PayloadWriter;
import dev.quiesce.payload.build.diff.FunctionChange;
import dev.quiesce.payload.build.diff.FunctionUnit;
import dev.quiesce.payload.build.diff.ObjectDiff;
import dev.quiesce.payload.build.diff.ObjectModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload builder: compares the objects of a base build with the same objects of a patched
 * build and writes a Xen payload that replaces every function whose code changed — livepatch-build's
 * {@code create-diff-object} for objects compiled with {@code -ffunction-sections -fdata-sections}.
 *
 * <p>The result is deterministic: the same inputs give the same bytes and build-id.
 */
public final class PayloadBuilder {

    private PayloadBuilder() {
    }

    /**
     * Builds a payload.
     *
     * @param base    the objects of the build running now, paired with {@code patched} by file name
     * @param patched the objects of the fixed build
     * @throws UnpatchableChangeException  if a difference cannot be live-patched (changed data, a function
     *                                     too small for the patch jump, changed boot-time code, carried code needing a relocation
     *                                     Xen's x86 loader refuses); thrown before any payload bytes exist
     * @throws NoFunctionalChangeException if no function changed and none was added
     * @throws IllegalArgumentException    if an input is not an x86-64 or AArch64 relocatable object, the inputs are of
     *                                     both machines, or two inputs share a name
     */
    public static BuildResult build(List<ElfFile> base, List<ElfFile> patched, BuildOptions options) {
        Arch arch = machineOf(base, patched);
        Map<String, ElfFile> baseByName = byName(base, "base");
        Map<String, ElfFile> patchedByName = byName(patched, "patched");
        List<ObjectDiff> diffs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (var e : patchedByName.entrySet()) {
            ElfFile b = baseByName.get(e.getKey());
            if (b == null) {
                notes.add(e.getKey() + " is not in the base build: all its functions are new");
                b = ElfFile.parse(e.getKey(), ElfObject.create(arch).write());
            }
            diffs.add(ObjectDiff.compare(ObjectModel.of(b), ObjectModel.of(e.getValue())));
        }
        baseByName.keySet().stream().filter(n -> !patchedByName.containsKey(n))
                .forEach(n -> notes.add(n + " is not in the patched build: ignored (its code stays as it is)"));

        // every refusal is found here, before a byte of the payload exists: the diff's (changed data, a function
        // too small for the JMP, boot-time code) and what the carried code needs that Xen's loader refuses
        List<Inclusion> inclusions = diffs.stream().map(Inclusion::of).toList();
        List<String> problems = new ArrayList<>();
        diffs.forEach(d -> problems.addAll(d.problems()));
        for (Inclusion inc : inclusions) {
            problems.addAll(RelocationRefusals.of(inc));
            problems.addAll(inc.refusals());
        }
        if (!problems.isEmpty()) {
            throw new UnpatchableChangeException(problems);
        }
        List<String> newGlobals = diffs.stream().flatMap(d -> d.added().stream().filter(u -> !u.parent().isLocal())
                .map(FunctionUnit::name)).sorted().toList();
        if (diffs.stream().allMatch(d -> d.changed().isEmpty())) {
            if (newGlobals.isEmpty()) {
                throw new NoFunctionalChangeException();
            }
            throw new UnpatchableChangeException(List.of(("the patch only adds functions (%s) and changes none; Xen refuses"
                    + " a payload with nothing to patch (-EINVAL) — ship the new functions with the change that calls them")
                    .formatted(String.join(", ", newGlobals))));
        }
        BodyEmitter emitter = new BodyEmitter(arch);
        emitter.emitAll(inclusions);

        List<FunctionSpec> functions = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Inclusion inc : inclusions) {
            ObjectDiff d = inc.diff();
            for (FunctionChange c : d.changed()) {
                functions.add(FunctionEntries.entry(d, c, options.expect(), notes));
                changed.add(Inclusion.baseName(d.base(), c.base().parent()));
            }
            for (FunctionUnit u : d.added()) {
                if (inc.sections().contains(u.parent().sectionIndex())) {
                    added.add(BodyEmitter.bodyName(d.patched(), u.parent()));
                }
            }
            notes.addAll(d.warnings());
        }
        functions.sort(Comparator.comparing(FunctionSpec::oldName));
        changed.sort(null);
        added.sort(null);

        byte[] payload = PayloadWriter.write(PayloadSpec.of(emitter.body(), functions, options.depends(), options.xenDepends()));
        String report = BuildReport.render(options, inclusions, emitter, functions, added, notes);
        return new BuildResult(payload, changed, added, report);
    }

    /**
     * The architecture of the inputs, from their {@code e_machine}: the payload is for that machine (Xen's loader
     * refuses another, {@code livepatch_elf_check()} via {@code arch_livepatch_verify_elf()}).
     *
     * @throws IllegalArgumentException naming one file of each machine when they differ
     */
    public static Arch machineOf(List<ElfFile> base, List<ElfFile> patched) {
        Map<Integer, String> firstByMachine = new TreeMap<>();
        java.util.stream.Stream.concat(base.stream(), patched.stream())
                .forEach(f -> firstByMachine.putIfAbsent(f.machine(), f.fileName()));
        if (firstByMachine.size() > 1) {
            List<String> named = firstByMachine.entrySet().stream()
                    .map(e -> "%s is %s".formatted(e.getValue(), Arch.describeElfMachine(e.getKey()))).toList();
            throw new IllegalArgumentException(("the objects are of different machines (%s): a payload is for one"
                    + " architecture — give the .o files of one x86-64 or one AArch64 build").formatted(String.join(", ", named)));
        }
        Arch arch = firstByMachine.isEmpty() ? Arch.X86_64 : Arch.ofElfMachine(firstByMachine.keySet().iterator().next());
        return arch != null ? arch : Arch.X86_64; // another machine: ObjectModel names the file and its e_machine
    }

    private static Map<String, ElfFile> byName(List<ElfFile> files, String which) {
        Map<String, ElfFile> out = new TreeMap<>();
        for (ElfFile f : files) {
            if (out.put(f.fileName(), f) != null) {
                throw new IllegalArgumentException("two %s objects are named %s: objects are paired by file name, give each a distinct one"
                        .formatted(which, f.fileName()));
            }
        }
        return out;
    }
}
