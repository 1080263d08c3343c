package dev.quiesce.history;

import dev.quiesce.scenario.ScenarioLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where case files are: the {@code *.conf} files of a directory ({@code scenarios/history/} of the working
 * directory), and the resources {@code scenarios/history/*.conf} on the class path (the simulations module copies the
 * repository's {@code scenarios/} there, so {@code quiesce.jar} run from any folder has the corpus). A class path
 * root is a directory or a jar; both are listed directly, found through {@code scenarios/history/} and, for a jar
 * built without directory entries, through the built-in scenario every quiesce jar carries. Names are sorted.
 */
final class CaseFiles {

    /** The corpus folder, relative to {@code scenarios/}. */
    static final String FOLDER = "history";
    private static final String RESOURCE_DIR = "scenarios/" + FOLDER + "/";
    private static final String SUFFIX = ".conf";

    private CaseFiles() {
    }

    /** The case ids of the {@code *.conf} files in {@code dir} (none when it does not exist), sorted. */
    static List<String> inDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        TreeSet<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(SUFFIX))
                    .forEach(p -> ids.add(id(p.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return List.copyOf(ids);
    }

    /** The case ids of the resources {@code scenarios/history/*.conf} visible to {@code loader}, sorted. */
    static List<String> onClassPath(ClassLoader loader) {
        TreeSet<String> ids = new TreeSet<>();
        try {
            List<URL> roots = new ArrayList<>(Collections.list(loader.getResources(RESOURCE_DIR)));
            Enumeration<URL> anchors = loader.getResources("scenarios/" + ScenarioLoader.DEFAULT + SUFFIX);
            roots.addAll(Collections.list(anchors));
            for (URL u : roots) {
                list(u, ids);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the class path's " + RESOURCE_DIR, e);
        }
        return List.copyOf(ids);
    }

    private static void list(URL u, TreeSet<String> ids) throws IOException {
        switch (u.getProtocol()) {
            case "file" -> {
                Path p;
                try {
                    p = Path.of(u.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException("not a file URL: " + u, e);
                }
                Path dir = Files.isDirectory(p) ? p : p.getParent().resolve(FOLDER);
                ids.addAll(inDirectory(dir));
            }
            case "jar" -> {
                JarURLConnection c = (JarURLConnection) u.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = new JarFile(Path.of(toUri(c.getJarFileURL())).toFile())) {
                    for (JarEntry e : Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (n.startsWith(RESOURCE_DIR) && n.endsWith(SUFFIX) && n.indexOf('/', RESOURCE_DIR.length()) < 0) {
                            ids.add(id(n.substring(RESOURCE_DIR.length())));
                        }
                    }
                }
            }
            default -> { } // another kind of class path root (a module image): it cannot be listed
        }
    }

    private static java.net.URI toUri(URL u) throws IOException {
        try {
            return u.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("not a jar file URL: " + u, e);
        }
    }

    private static String id(String fileName) {
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }
}
