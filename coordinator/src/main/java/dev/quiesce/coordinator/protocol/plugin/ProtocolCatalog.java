package dev.quiesce.coordinator.protocol.plugin;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protocols a run may name: the built-ins in {@link Protocols}' order, then the plug-ins (class path first, then
 * the given jars and directories) sorted by name. A name defined twice is refused, naming both sources. Catalogs are
 * kept per list of roots, so a hunt's thousands of runs load each jar once.
 */
public final class ProtocolCatalog {

    private static final Map<List<Path>, ProtocolCatalog> LOADED = new ConcurrentHashMap<>();

    private final List<Protocols.Entry> entries;

    private ProtocolCatalog(List<Protocols.Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The built-ins, the class path's plug-ins and those of {@code plugins} (jars or directories, see
     * {@link PluginRoots}).
     *
     * @throws PluginException when a plug-in path or class is unusable, or a name is defined twice
     */
    public static ProtocolCatalog of(List<String> plugins) {
        List<Path> roots = PluginRoots.resolve(plugins);
        ProtocolCatalog c = LOADED.get(roots);
        if (c == null) {
            c = load(roots);
            ProtocolCatalog raced = LOADED.putIfAbsent(roots, c);
            c = raced == null ? c : raced;
        }
        return c;
    }

    private static ProtocolCatalog load(List<Path> roots) {
        List<Protocols.Entry> plugins = new ArrayList<>(PluginLoader.load(roots));
        plugins.sort(Comparator.comparing(e -> e.spec().name()));
        List<Protocols.Entry> all = new ArrayList<>(Protocols.all());
        for (Protocols.Entry p : plugins) {
            for (Protocols.Entry e : all) {
                if (e.spec().name().equals(p.spec().name())) {
                    throw new PluginException("protocol name '%s' is defined twice: by %s and by %s; rename"
                            .formatted(p.spec().name(), e.source(), p.source()) + " one (@ProtocolSpec(name = …))");
                }
            }
            all.add(p);
        }
        return new ProtocolCatalog(all);
    }

    /**
     * This catalog and {@code type} (which carries its {@link ProtocolSpec}), made by {@code factory}: a variant
     * compiled with the caller, such as a test's deliberately broken protocol, without a jar.
     *
     * @throws PluginException when the name is already taken
     */
    public ProtocolCatalog with(Class<? extends RendezvousProtocol> type,
                                Function<ProtocolContext, RendezvousProtocol> factory) {
        Protocols.Entry added = Protocols.entry(type, factory);
        for (Protocols.Entry e : entries) {
            if (e.spec().name().equals(added.spec().name())) {
                throw new PluginException("protocol name '%s' is defined twice: by %s and by %s"
                        .formatted(added.spec().name(), e.source(), added.source()));
            }
        }
        List<Protocols.Entry> all = new ArrayList<>(entries);
        all.add(added);
        return new ProtocolCatalog(all);
    }

    /** Every protocol, built-ins first. */
    public List<Protocols.Entry> entries() {
        return entries;
    }

    /** Every name, built-ins first. */
    public List<String> names() {
        return entries.stream().map(e -> e.spec().name()).toList();
    }

    /**
     * Why protocol {@code name} cannot run on a host of {@code arch} (its {@link ProtocolSpec#arches()} do not list
     * it), or empty when it can or there is no such protocol.
     */
    public java.util.Optional<String> refusal(String name, dev.quiesce.isa.Arch arch) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Protocols.Entry e : entries) {
            if (e.spec().name().equals(wanted) && !java.util.Arrays.asList(e.spec().arches()).contains(arch)) {
                return java.util.Optional.of("runs on %s hosts only: %s".formatted(java.util.Arrays.stream(
                        e.spec().arches()).map(dev.quiesce.isa.Arch::label).toList(), e.spec().elsewhere()));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A new instance of protocol {@code name} on the host of {@code ctx}.
     *
     * @throws IllegalArgumentException naming the known protocols when there is no such one
     */
    public RendezvousProtocol create(String name, ProtocolContext ctx) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Protocols.Entry e : entries) {
            if (e.spec().name().equals(wanted)) {
                return e.factory().apply(ctx);
            }
        }
        throw new IllegalArgumentException("no protocol named '%s'; legal: %s".formatted(name,
                String.join(", ", names())));
    }
}
