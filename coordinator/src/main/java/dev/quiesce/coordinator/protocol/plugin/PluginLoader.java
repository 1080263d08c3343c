package dev.quiesce.coordinator.protocol.plugin;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

/**
 * Reads plug-in protocols: every class named in a root's {@code META-INF/services/…RendezvousProtocol} (one binary
 * class name a line, {@code #} comments), loaded through one {@link URLClassLoader} over the roots in order, whose
 * parent is quiesce's own loader (whose class path is searched for such files too). Each class must be public,
 * concrete, implement {@link RendezvousProtocol}, carry its own {@link ProtocolSpec} and have a public
 * {@code (ProtocolContext)} constructor; its factory is wrapped in a {@link GuardedProtocol}.
 */
public final class PluginLoader {

    /** The services file a plug-in root lists its protocol classes in. */
    public static final String SERVICES = "META-INF/services/" + RendezvousProtocol.class.getName();

    private PluginLoader() {
    }

    /**
     * The plug-in entries of the class path and of {@code roots} (see {@link PluginRoots}), in the order found.
     *
     * @throws PluginException naming the root and class when a class cannot be loaded or is not a protocol
     */
    public static List<Protocols.Entry> load(List<Path> roots) {
        ClassLoader parent = PluginLoader.class.getClassLoader();
        List<Protocols.Entry> out = new ArrayList<>();
        try {
            Enumeration<URL> onClassPath = parent.getResources(SERVICES);
            while (onClassPath.hasMoreElements()) {
                URL u = onClassPath.nextElement();
                out.addAll(entries(u, "on the class path (" + u + ")", parent));
            }
        } catch (IOException e) {
            throw new PluginException("cannot read " + SERVICES + " on the class path: " + e.getMessage());
        }
        if (roots.isEmpty()) {
            return out;
        }
        URL[] urls = new URL[roots.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = url(roots.get(i));
        }
        URLClassLoader loader = new URLClassLoader("quiesce-plugins", urls, parent);
        for (Path root : roots) {
            URL services = servicesIn(root);
            if (services == null) {
                throw new PluginException("plug-in " + root + " lists no protocol: add " + SERVICES
                        + " naming its classes, one a line");
            }
            out.addAll(entries(services, "in " + root, loader));
        }
        return out;
    }

    private static URL servicesIn(Path root) {
        try {
            URL u = root.toFile().isDirectory() ? root.resolve(SERVICES).toUri().toURL()
                    : java.net.URI.create("jar:" + root.toUri() + "!/" + SERVICES).toURL();
            try (InputStream in = u.openStream()) {
                return u;
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Protocols.Entry> entries(URL services, String where, ClassLoader loader) {
        String text;
        try (InputStream in = services.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PluginException("plug-in " + where + ": cannot read " + SERVICES + ": " + e.getMessage());
        }
        List<Protocols.Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String name = line.replaceFirst("#.*", "").trim();
            if (!name.isEmpty()) {
                out.add(entry(name, where, loader));
            }
        }
        return out;
    }

    private static Protocols.Entry entry(String className, String where, ClassLoader loader) {
        String source = className + " " + where;
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginException("plug-in class " + source + " failed to load: " + describe(e));
        }
        if (!RendezvousProtocol.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())
                || !Modifier.isPublic(type.getModifiers())) {
            throw new PluginException("plug-in class " + source + " is not a public concrete class"
                    + " implementing " + RendezvousProtocol.class.getName());
        }
        ProtocolSpec spec = type.getAnnotation(ProtocolSpec.class);
        if (spec == null || !spec.name().matches("[a-z0-9][a-z0-9.\\-_]*")) {
            throw new PluginException("plug-in class " + source + " needs its own @ProtocolSpec(name = …),"
                    + " a dotted lower-case name such as my.xen-variant");
        }
        Constructor<?> ctor;
        try {
            ctor = type.getConstructor(ProtocolContext.class);
        } catch (NoSuchMethodException e) {
            throw new PluginException("plug-in class " + source + " has no public constructor taking a "
                    + ProtocolContext.class.getName());
        }
        Function<ProtocolContext, RendezvousProtocol> factory = ctx -> GuardedProtocol.wrap(type.getName(), () -> {
            try {
                return (RendezvousProtocol) ctor.newInstance(ctx);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(describe(e.getCause()), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(describe(e), e);
            }
        });
        return new Protocols.Entry(spec, factory, source);
    }

    private static URL url(Path root) {
        try {
            return root.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new PluginException("plug-in " + root + " is not a usable path: " + e.getMessage());
        }
    }

    /** {@code Type: message} of a throwable, for one-line errors. */
    static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
