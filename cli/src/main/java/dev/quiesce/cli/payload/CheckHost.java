package dev.quiesce.cli.payload;

import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.io.InputFiles;
import dev.quiesce.coordinator.CoordinatedRegistry;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.payload.Errno;
import dev.quiesce.random.SeedStream;
import dev.quiesce.splice.Store;
import dev.quiesce.splice.StoreListener;
import dev.quiesce.splice.registry.Action;
import dev.quiesce.splice.registry.ImmediateExecutor;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.splice.registry.PayloadStatus;
import dev.quiesce.splice.registry.XenResult;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A booted host (no CPU runs) with its real livepatch registry, on which {@link StackCheck} uploads and applies
 * payloads one by one: every check, errno and byte written is {@link LivepatchRegistry}'s (Xen's
 * {@code xen/common/livepatch.c}), actions run at once as if every CPU were stopped ({@link ImmediateExecutor}),
 * and hooks run through a guest call, as in the {@code quiesce host} shell.
 */
final class CheckHost implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final HostMachine machine;
    private final LivepatchRegistry registry;
    private final List<Store> stores = new ArrayList<>();

    /** Boots a host on {@code image}. */
    CheckHost(GuestImage image) {
        // the seed only fills the CPUs' guest seeds, and no CPU runs here
        this.machine = HostMachine.boot(HostSettings.defaults(), SeedStream.root(0), image);
        this.registry = CoordinatedRegistry.create(machine, ImmediateExecutor.INSTANCE, new StoreListener() {
            @Override
            public void stored(Store s) {
                stores.add(s);
            }

            @Override
            public void synced() {
            }
        });
    }

    /** The image the host runs. */
    GuestImage image() {
        return machine.image();
    }

    /** The names on the applied stack, bottom first. */
    List<String> applied() {
        return registry.appliedStack();
    }

    /**
     * Uploads {@code f} and applies it (Xen: {@code xen-livepatch load}); the registry's log and the stores it made
     * go to {@code lines}. An envelope is uploaded as the host shell uploads it: its signature, if any, must verify
     * against the key it names ({@link dev.quiesce.payload.envelope.SignaturePolicy#NONE}).
     *
     * @return empty when applied, else Xen's reason: the negated errno's name and the registry's sentence
     */
    Optional<String> loadAndApply(PayloadFile f, List<String> lines) throws IOException {
        stores.clear();
        XenResult r = f.envelope().isPresent() ? registry.upload(f.name(), f.envelope().get())
                : registry.upload(f.name(), InputFiles.read(f.path(), EnvelopeCodec.MAX_ENVELOPE_BYTES, "payload file"));
        if (r.ok()) {
            r = registry.action(f.name(), Action.APPLY, 0, 0);
        }
        registry.drainConsole().forEach(l -> lines.add("  xen: " + l));
        if (!r.ok()) {
            return Optional.of(r.toString());
        }
        PayloadStatus s = registry.get(f.name());
        if (s.rc() != 0) {
            String errno = Errno.of(-s.rc()).map(e -> "-" + e.name()).orElse(Integer.toString(s.rc()));
            return Optional.of(errno + ": " + (s.detail().isEmpty() ? "APPLY finished with rc=" + s.rc() : s.detail()));
        }
        for (Store w : stores) {
            lines.add("  wrote 0x%x (%s): %s".formatted(w.address(), machine.symbolize(w.address()),
                    HEX.formatHex(w.bytes())));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        machine.close();
    }
}
