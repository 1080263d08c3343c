package dev.quiesce.coordinator.protocol.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class roots of a list of plug-in paths, each a jar or a directory: a directory holding
 * {@code META-INF/services/…RendezvousProtocol} is itself a root (compiled classes), any other directory stands for
 * the jars in it, sorted by file name. Paths are made absolute and normalised; a root named twice counts once.
 */
public final class PluginRoots {

    private PluginRoots() {
    }

    /**
     * The roots of {@code paths}, in the order given (a directory's jars sorted by name).
     *
     * @throws PluginException naming the path when it does not exist, is not a jar, or is a directory
     *                                  with neither jars nor a services file
     */
    public static List<Path> resolve(List<String> paths) {
        Set<Path> roots = new LinkedHashSet<>();
        for (String p : paths) {
            Path path = Path.of(p).toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new PluginException("plug-in " + p + " does not exist: give a jar, or a directory of"
                        + " jars or of compiled classes");
            }
            if (Files.isDirectory(path)) {
                roots.addAll(directory(p, path));
            } else {
                roots.add(jar(p, path));
            }
        }
        return List.copyOf(roots);
    }

    private static List<Path> directory(String given, Path dir) {
        if (Files.isRegularFile(dir.resolve(PluginLoader.SERVICES))) {
            return List.of(dir);
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(f -> jars.add(jar(given, f)));
        } catch (IOException e) {
            throw new PluginException("plug-in directory " + given + " cannot be read: " + e.getMessage());
        }
        if (jars.isEmpty()) {
            throw new PluginException("plug-in directory " + given + " holds no .jar and no "
                    + PluginLoader.SERVICES + ": give a jar, or a directory of jars or of compiled classes");
        }
        return jars;
    }

    private static Path jar(String given, Path file) {
        try (JarFile j = new JarFile(file.toFile())) {
            j.size();
        } catch (IOException | SecurityException e) {
            throw new PluginException("plug-in " + given + (file.toString().equals(given) ? "" : " (" + file
                    + ")") + " is not a jar: " + e.getMessage());
        }
        return file;
    }
}
