package dev.quiesce.cli.host;

import dev.quiesce.coordinator.CoordinatedRegistry;
import dev.quiesce.host.HostMachine;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import dev.quiesce.splice.StoreListener;
import dev.quiesce.splice.registry.ImmediateExecutor;
import dev.quiesce.splice.registry.LivepatchException;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.splice.registry.PayloadStatus;
import dev.quiesce.splice.registry.XenResult;

import java.util.List;

/**
 * A booted {@link HostMachine} with its livepatch registry ({@code xen/common/livepatch.c}): payloads
 * go into the payload area after the image, actions run at once as if every CPU were stopped
 * ({@link ImmediateExecutor}; no CPU runs in the shell), and hooks and the version functions run
 * through a {@link GuestCall} on the hook stack at the end of the payload area
 * ({@link CoordinatedRegistry}, the same registry set-up as a simulated run).
 */
final class RegistryHost implements LivepatchHost, AutoCloseable {

    /** How many bytes of the string {@code xen_extra_version()} returns are read ({@code XEN_EXTRAVERSION_LEN}-like). */
    private static final int EXTRA_MAX = 1024;

    private final HostMachine machine;
    private final GuestCall call;
    private final LivepatchRegistry registry;

    private RegistryHost(HostMachine machine, SignaturePolicy policy) {
        this.machine = machine;
        this.call = CoordinatedRegistry.caller(machine);
        this.registry = CoordinatedRegistry.create(machine, ImmediateExecutor.INSTANCE, StoreListener.NONE, policy);
    }

    /** The registry of {@code machine}, which the caller keeps and closes, without a trust policy. */
    static RegistryHost on(HostMachine machine) {
        return new RegistryHost(machine, SignaturePolicy.NONE);
    }

    /** The registry of {@code machine}, checking uploads against {@code policy}. */
    static RegistryHost on(HostMachine machine, SignaturePolicy policy) {
        return new RegistryHost(machine, policy);
    }

    @Override
    public Reply upload(String name, byte[] bytes) {
        return reply(registry.upload(name, bytes));
    }

    @Override
    public Reply upload(String name, SignedPayload envelope) {
        return reply(registry.upload(name, envelope));
    }

    @Override
    public Entry get(String name) {
        try {
            return entry(registry.get(name));
        } catch (LivepatchException e) {
            throw new Failure(e.errno().number(), e.getMessage());
        }
    }

    @Override
    public List<Entry> list() {
        return registry.list().stream().map(RegistryHost::entry).toList();
    }

    @Override
    public Reply action(String name, Action action, int flags, long timeoutNs) {
        return reply(registry.action(name, dev.quiesce.splice.registry.Action.valueOf(action.name()), flags, timeoutNs));
    }

    @Override
    public String extraVersion() {
        return GuestCall.readCString(machine.memory(), call.call(machine.address("xen_extra_version")), EXTRA_MAX);
    }

    @Override
    public int minorVersion() {
        return (int) call.call(machine.address("xen_minor_version"));
    }

    @Override
    public String buildId() {
        return machine.image().buildId().hex();
    }

    @Override
    public List<String> drainConsole() {
        return registry.drainConsole();
    }

    private static Reply reply(XenResult r) {
        return r.ok() ? Reply.OK : new Reply(r.rc(), r.message());
    }

    private static Entry entry(PayloadStatus s) {
        return new Entry(s.name(), State.valueOf(s.state().name()), s.rc(), s.detail());
    }

    @Override
    public void close() {
        // The machine belongs to the caller; the registry holds nothing native.
    }
}
