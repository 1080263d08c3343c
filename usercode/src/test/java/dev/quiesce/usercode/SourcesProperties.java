package dev.quiesce.usercode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folder's sources and their objects' link order depend only on the files' paths: not on the order the files were
 * created in (the order a file system may list them in), and every {@code .c} below the folder, and nothing else, is
 * compiled.
 */
class SourcesProperties {

    @Property(tries = 60, seed = "17")
    void aFoldersSourcesArePathSortedWhateverTheOrderTheFilesWereCreatedIn(@ForAll("trees") Set<String> files,
                                                                          @ForAll long shuffle) throws IOException {
        Path dir = Files.createTempDirectory("quiesce-sources");
        try {
            List<String> order = new ArrayList<>(files);
            Collections.shuffle(order, new Random(shuffle));
            for (String f : order) {
                CFiles.write(dir, f, "int x;\n");
            }
            CFiles.write(dir, "notes/readme.txt", "not C\n");
            CFiles.write(dir, "include/header.h", "\n");
            List<String> expected = files.stream().sorted().map(f -> f.substring(0, f.length() - 2) + ".o").toList();
            assertThat(Sources.of(List.of(dir), "sources")).extracting(SourceFile::objectName)
                    .containsExactlyElementsOf(expected);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Provide
    Arbitrary<Set<String>> trees() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3);
        Arbitrary<String> file = segment.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts) + ".c");
        return file.set().ofMinSize(1).ofMaxSize(12); // segments have no '.', so no file is also a folder
    }
}
