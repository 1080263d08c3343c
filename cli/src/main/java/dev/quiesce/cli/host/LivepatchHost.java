package dev.quiesce.cli.host;

import dev.quiesce.payload.envelope.SignedPayload;

import java.util.List;

/**
 * What the shell needs of a host: Xen's {@code XEN_SYSCTL_LIVEPATCH_*} sub-ops
 * ({@code xen/common/livepatch.c}: UPLOAD, GET, LIST, ACTION) and the version values {@code xl info}
 * prints ({@code xen_extra}, {@code xen_minor}, {@code build_id}), read from the running guest.
 */
interface LivepatchHost {

    /** {@code LIVEPATCH_ACTION_*}: the commands of the ACTION sub-op. */
    enum Action { UNLOAD, REVERT, APPLY, REPLACE }

    /** {@code LIVEPATCH_STATE_*} of an uploaded payload. */
    enum State { CHECKED, APPLIED }

    /** {@code LIVEPATCH_ACTION_APPLY_NODEPS}: skip the {@code .livepatch.depends} check of APPLY. */
    int NODEPS = 1;

    /**
     * A hypercall's result.
     *
     * @param rc      0, or Xen's negated errno
     * @param message on failure, a sentence that says what went wrong and what to do (else empty)
     */
    record Reply(int rc, String message) {
        static final Reply OK = new Reply(0, "");
    }

    /**
     * A payload as GET and LIST report it.
     *
     * @param rc      the rc of its last action: 0, -EAGAIN while in progress, or -errno
     * @param message when rc is an error, a sentence that says why and what to do (else empty)
     */
    record Entry(String name, State state, int rc, String message) {
    }

    /** UPLOAD: checks the host's signature policy (a bare file is unsigned), links and checks the payload; CHECKED on success. */
    Reply upload(String name, byte[] bytes);

    /**
     * UPLOAD of a signed envelope: the host's signature policy checks it first (-EACCES unsigned where signatures
     * are required, -EPERM a signature that does not verify or an unknown signer; docs/trust.md), then its ELF is
     * uploaded as {@link #upload(String, byte[])}.
     */
    Reply upload(String name, SignedPayload envelope);

    /**
     * A sub-op that failed before doing anything (GET of an unknown name: ENOENT).
     */
    final class Failure extends RuntimeException {
        private final int errno;

        Failure(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        /** The positive errno. */
        int errno() {
            return errno;
        }
    }

    /**
     * GET: the payload's status.
     *
     * @throws Failure ENOENT when no payload has that name, EINVAL for a name Xen refuses
     */
    Entry get(String name);

    /** LIST: every payload, in upload order. */
    List<Entry> list();

    /** ACTION: schedules or performs {@code action} on the payload (flags: {@link #NODEPS}). */
    Reply action(String name, Action action, int flags, long timeoutNs);

    /** What the guest's {@code xen_extra_version()} returns now (patched functions included). */
    String extraVersion();

    /** What the guest's {@code xen_minor_version()} returns now. */
    int minorVersion();

    /** The running image's build-id, in hex. */
    String buildId();

    /** What the hypervisor logged since the last call ({@code xl dmesg}), oldest first. */
    List<String> drainConsole();
}
