package dev.quiesce.splice.registry;

import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.isa.X86;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import dev.quiesce.splice.SpliceEngine;
import java.util.List;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One host's livepatch registry, Xen's model faithfully (Xen: {@code livepatch_upload()}, {@code livepatch_get()},
 * {@code livepatch_list()} and {@code livepatch_action()} in xen/common/livepatch.c; docs/xen-livepatch.md §1): payloads in
 * upload order, the applied stack, CHECKED/APPLIED, per-payload rc, {@code reverted}/{@code safe_to_reapply}, and
 * one outstanding action per host. Every check runs in Xen's order and answers Xen's errno.
 *
 * <p>Xen's quirks are kept:
 * <ul>
 *   <li>an action in the wrong state (APPLY or REPLACE of an APPLIED payload, REVERT of a CHECKED one) does
 *       nothing and returns 0, rc untouched; only UNLOAD of an APPLIED payload is -EINVAL;</li>
 *   <li>APPLY of a reverted payload that has writable data returns 0 but sets rc -EINVAL ("can't revert as
 *       payload has .data. Please unload"); REPLACE skips that check;</li>
 *   <li>rc is set to -EAGAIN before scheduling: when another action is outstanding (or the CPU maps are busy),
 *       the hypercall fails with -EBUSY and the payload keeps a stale -EAGAIN, its pre hook having run;</li>
 *   <li>only the top of the stack can be reverted (-EBUSY "can't unload. Top is X");</li>
 *   <li>APPLY checks {@code .livepatch.depends} against the top of the stack, or the image when the stack is
 *       empty, unless NODEPS; REPLACE checks it against the image and ignores NODEPS, and refuses (-EOPNOTSUPP)
 *       when it or an applied payload has pre/post hooks;</li>
 *   <li>REPLACE reverts LIFO then applies, in one window, and checks expectations only there: a failure after the
 *       reverts leaves nothing applied;</li>
 *   <li>post hooks are skipped when the rendezvous times out ({@link QuiescedAction#abort}).</li>
 * </ul>
 * A hook that faults (Xen would crash) fails its action with rc -EFAULT and leaves nothing half-applied; the
 * payload's {@link PayloadStatus#detail()} says which hook and where.
 */
public final class LivepatchRegistry {

    /** {@code LIVEPATCH_MAX_SIZE}: 2 MiB. */
    public static final int MAX_PAYLOAD_SIZE = 2 * 1024 * 1024;
    /** The rendezvous timeout used when an action asks for 0: 30 ms ({@code MILLISECS(30)}). */
    public static final long DEFAULT_TIMEOUT_NS = 30_000_000L;

    private final RegistryState s;
    private final ActionExecutor executor;
    private final SignaturePolicy policy;
    private final AreaAllocator area;
    private final ActionChecks checks;

    /**
     * A registry for {@code host}, splicing with {@code engine} (over the host's memory) and running accepted
     * actions through {@code executor}. Defines the payload area as a read-write-execute region of the host's
     * memory when no region covers it yet.
     */
    public LivepatchRegistry(HostView host, SpliceEngine engine, ActionExecutor executor, SignaturePolicy policy) {
        this.s = new RegistryState(Objects.requireNonNull(host, "host"), Objects.requireNonNull(engine, "engine"));
        this.executor = Objects.requireNonNull(executor, "executor");
        this.policy = Objects.requireNonNull(policy, "policy");
        PayloadArea a = host.payloadArea();
        List<Region> regions = host.memory().regions();
        boolean mapped = regions.stream().anyMatch(r -> r.address() <= a.base() && a.end() <= r.end());
        if (!mapped) {
            host.memory().defineRegion(new Region("livepatch", a.base(), a.size(), Protection.RWX));
        }
        this.area = new AreaAllocator(a);
        this.checks = new ActionChecks(s, executor);
    }

    /** UPLOAD of a bare payload ELF under {@code name}. */
    public XenResult upload(String name, byte[] bytes) {
        return upload(XenName.of(name), bytes);
    }

    /**
     * UPLOAD, checks in Xen's order: the name (-EINVAL), the size (empty or over 2 MiB: -EINVAL), a payload of
     * that name (-EEXIST), the signature policy (a bare payload is unsigned: -EACCES when the host requires
     * signatures; docs/trust.md), then loading ({@code load_payload_data()}: -EINVAL, -EOPNOTSUPP, -ENOMEM, -ENOENT,
     * -EOVERFLOW, -EEXIST). On success the payload is CHECKED with rc 0, last in the list.
     */
    public XenResult upload(XenName xenName, byte[] bytes) {
        return upload(xenName, bytes, policy::checkBare);
    }

    /**
     * UPLOAD of a signed envelope's ELF under {@code name}, as {@link #upload(XenName, byte[])} with the policy
     * checking the envelope ({@link SignaturePolicy#check}): -EACCES unsigned when the host requires signatures,
     * -EPERM for a signature that does not verify, an unknown signer or a refused format-1 envelope. A refused
     * envelope is never loaded: nothing is written, the list is unchanged.
     */
    public XenResult upload(String name, SignedPayload envelope) {
        return upload(XenName.of(name), envelope.elf(), n -> policy.check(envelope));
    }

    /** The host's signature policy. */
    public SignaturePolicy policy() {
        return policy;
    }

    private XenResult upload(XenName xenName, byte[] bytes, Consumer<String> signature) {
        synchronized (s) {
            String name;
            try {
                name = xenName.resolve();
            } catch (LivepatchException e) {
                return XenResult.error(Errno.EINVAL, e.getMessage());
            }
            if (bytes.length == 0 || bytes.length > MAX_PAYLOAD_SIZE) {
                return XenResult.error(Errno.EINVAL, ("payload '%s' is %d bytes; Xen takes 1 byte to 2 MiB"
                        + " (LIVEPATCH_MAX_SIZE): upload the .livepatch file itself, split if too large")
                        .formatted(name, bytes.length));
            }
            if (s.find(name).isPresent()) {
                return XenResult.error(Errno.EEXIST, ("a payload named '%s' is already uploaded: unload it first"
                        + " (xen-livepatch unload %s) or choose another name").formatted(name, name));
            }
            try {
                signature.accept(name);
            } catch (PayloadException e) {
                return XenResult.error(e.errno(), e.getMessage());
            }
            return load(name, bytes);
        }
    }

    private XenResult load(String name, byte[] bytes) {
        try {
            LoadedPayload p = new PayloadLoader(s.host, area).load(name, bytes, List.copyOf(s.payloads));
            s.payloads.add(p);
            s.version++;
            s.log("%s: loaded at 0x%x (%d functions)".formatted(name, p.base, p.sites.size()));
            return XenResult.ok("uploaded '%s' (CHECKED)".formatted(name));
        } catch (PayloadException e) {
            s.log("%s: upload failed: %s".formatted(name, e.getMessage()));
            return XenResult.error(e.errno(), e.getMessage());
        }
    }

    /**
     * GET: the payload's state and rc; works while an action is pending (rc then reads -EAGAIN).
     *
     * @throws LivepatchException -EINVAL or -EFAULT for a bad name, -ENOENT for an unknown one
     */
    public PayloadStatus get(String name) {
        return get(XenName.of(name));
    }

    /**
     * The resolved functions of uploaded payload {@code name} (old and new addresses as linked on this host), in
     * the payload's order; what oracles hook.
     *
     * @throws LivepatchException -ENOENT for an unknown payload
     */
    public List<dev.quiesce.splice.PatchSite> sites(String name) {
        synchronized (s) {
            return s.find(name).map(p -> p.sites).orElseThrow(() -> new LivepatchException(Errno.ENOENT,
                    "no payload named '%s' is uploaded: check the name (xen-livepatch list)".formatted(name)));
        }
    }

    /** GET with a raw name; see {@link #get(String)}. */
    public PayloadStatus get(XenName xenName) {
        synchronized (s) {
            String name = xenName.resolve();
            return s.find(name).map(LoadedPayload::status).orElseThrow(() -> new LivepatchException(Errno.ENOENT,
                    "no payload named '%s' is uploaded: check the name (xen-livepatch list)".formatted(name)));
        }
    }

    /** LIST: every payload in upload order. */
    public List<PayloadStatus> list() {
        synchronized (s) {
            return s.payloads.stream().map(LoadedPayload::status).toList();
        }
    }

    /** {@code payload_version}: starts at 1, bumped by each successful upload and each unload. */
    public int version() {
        synchronized (s) {
            return s.version;
        }
    }

    /** The names on the applied stack, bottom first. */
    public List<String> appliedStack() {
        synchronized (s) {
            return s.applied.stream().map(p -> p.name).toList();
        }
    }

    /** ACTION; see {@link #action(XenName, int, int, long)}. */
    public XenResult action(String name, Action cmd, int flags, long timeoutNs) {
        return action(XenName.of(name), cmd.number(), flags, timeoutNs);
    }

    /**
     * ACTION with a raw name and command number, checks in Xen's order: the name (-EINVAL/-EFAULT), an unknown
     * payload (-ENOENT), work already scheduled for it (-EBUSY), an unknown command (-EOPNOTSUPP), then the
     * command's own checks ({@link ActionChecks}). An accepted APPLY, REVERT or REPLACE returns 0 with the
     * payload's rc at -EAGAIN; the outcome arrives in rc once the executor has run it.
     *
     * @param timeoutNs the rendezvous timeout in ns, a uint32 as in Xen; 0 means 30 ms
     */
    public XenResult action(XenName xenName, int cmd, int flags, long timeoutNs) {
        synchronized (s) {
            if (timeoutNs < 0 || timeoutNs > 0xFFFF_FFFFL) {
                return XenResult.error(Errno.EINVAL, "the timeout is a uint32 count of ns (0 = 30 ms), not %d"
                        .formatted(timeoutNs));
            }
            String name;
            try {
                name = xenName.resolve();
            } catch (LivepatchException e) {
                return e.result();
            }
            LoadedPayload data = s.find(name).orElse(null);
            if (data == null) {
                return XenResult.error(Errno.ENOENT, "no payload named '%s' is uploaded: check the name (xen-livepatch"
                        .formatted(name) + " list) or upload it first");
            }
            if (s.outstanding != null && s.outstanding.data() == data) {
                return XenResult.error(Errno.EBUSY, ("an action on '%s' is still in progress (rc -EAGAIN): wait for it"
                        + " to finish, then retry").formatted(name));
            }
            Action action = Action.of(cmd).orElse(null);
            if (action == null) {
                return XenResult.error(Errno.EOPNOTSUPP, "unknown action %d: use UNLOAD 1, REVERT 2, APPLY 3 or REPLACE 4"
                        .formatted(cmd));
            }
            if (action == Action.UNLOAD) {
                return unload(data);
            }
            return checks.check(data, action, flags, timeoutNs == 0 ? DEFAULT_TIMEOUT_NS : timeoutNs);
        }
    }

    private XenResult unload(LoadedPayload data) {
        if (data.state != PayloadState.CHECKED) {
            return XenResult.error(Errno.EINVAL, "'%s' is APPLIED and cannot be unloaded: revert it first"
                    .formatted(data.name));
        }
        s.payloads.remove(data);
        s.version++;
        s.host.memory().writeCode(data.base, filled(data.size, s.host.arch()));
        area.free(data.base, data.size);
        s.log("%s: unloaded".formatted(data.name));
        return XenResult.ok("unloaded '%s'".formatted(data.name));
    }

    /** A freed area's fill: INT3s on x86-64; zeros on AArch64, which are {@code UDF #0} (permanently undefined). */
    private static byte[] filled(long size, dev.quiesce.isa.Arch arch) {
        byte[] b = new byte[(int) AreaAllocator.roundUp(size)];
        if (arch == dev.quiesce.isa.Arch.X86_64) {
            Arrays.fill(b, X86.INT3);
        }
        return b;
    }

    /**
     * The symbols of the uploaded payload {@code name} as linked (its own definitions, statics included), e.g. to
     * symbolize an address in its code or read a hook's counter; empty for an unknown name.
     */
    public Optional<SymbolTable> symbols(String name) {
        synchronized (s) {
            return s.find(name).map(p -> p.linked.symbols());
        }
    }

    /** The lines Xen would have logged ({@code printk}), oldest first. */
    public List<String> console() {
        synchronized (s) {
            return s.console();
        }
    }

    /** The logged lines, removing them. */
    public List<String> drainConsole() {
        synchronized (s) {
            return s.drainConsole();
        }
    }
}
