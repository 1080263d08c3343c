package dev.quiesce.usercode.textlib;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test support: the builds of textlib a test compares, in one work folder — the base objects (user
 * flags), the objects of a patched tree (base plus some fixes), and the native harness's probe line for
 * a tree — each made once and kept.
 */
final class TextlibBuilds {

    private final Path work;
    private final List<String> includes;
    private final List<Path> baseObjects;
    private final Map<List<String>, List<Path>> patched = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> probes = new ConcurrentHashMap<>();

    TextlibBuilds(Path work) {
        this.work = work;
        this.includes = Gcc.headerFlags(work.resolve("include"));
        this.baseObjects = Gcc.compileUser(Textlib.base(), work.resolve("base-o"), includes);
    }

    Path work() {
        return work;
    }

    List<String> includes() {
        return includes;
    }

    List<Path> baseObjects() {
        return baseObjects;
    }

    /**
     * The objects of the tree of base plus {@code fixes}: the sources the fixes replace compiled, the rest
     * reused from the base build (all compiled when a fix replaces a header), as an incremental build does.
     */
    List<Path> objects(List<String> fixes) {
        return patched.computeIfAbsent(List.copyOf(fixes), fs -> {
            String name = fs.isEmpty() ? "base" : String.join("+", fs);
            Path tree = Textlib.patchedTree(fs, work.resolve("tree-" + name));
            List<String> changed = new ArrayList<>();
            fs.forEach(f -> changed.addAll(Textlib.changedFiles(f)));
            boolean header = changed.stream().anyMatch(n -> n.endsWith(".h"));
            return Gcc.compileUser(tree, work.resolve("o-" + name), includes, n -> header || changed.contains(n),
                    work.resolve("base-o"));
        });
    }

    /** The native harness's probe fields for the tree of base plus {@code fixes}. */
    Map<String, String> probe(List<String> fixes) {
        String name = fixes.isEmpty() ? "base" : String.join("+", fixes);
        return probe(name, () -> Textlib.patchedTree(fixes, work.resolve("native-" + name)));
    }

    /** The native harness's probe line for CPU 0, iteration 0 of the tree {@code tree} makes, as field → value. */
    Map<String, String> probe(String name, java.util.function.Supplier<Path> tree) {
        return probes.computeIfAbsent(name, n -> {
            Path bin = Gcc.compileNative(tree.get(), work.resolve("textlib-" + n));
            String line = Processes.run(work, List.of(bin.toString(), "1", "1")).lines()
                    .filter(l -> l.startsWith("0 0 probe ")).findFirst().orElseThrow();
            return ProbeLine.fields(line.substring("0 0 probe ".length()));
        });
    }
}
