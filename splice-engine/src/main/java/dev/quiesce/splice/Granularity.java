package dev.quiesce.splice;

/**
 * How a splice's bytes are cut into stores, i.e. what another CPU can observe in between.
 */
public enum Granularity {
    /** One store per site: Xen's single {@code memcpy} under the rendezvous (xen/arch/x86/livepatch.c). */
    WHOLE_SITE,
    /** One store per changed byte, in ascending address order. */
    PER_BYTE,
    /** One store per naturally aligned 8-byte chunk the site overlaps; bytes outside the site keep their value. */
    ALIGNED_8,
    /**
     * Linux {@code text_poke_bp} (arch/x86/kernel/alternative.c), per site: int3 at the first byte, sync, the
     * tail bytes, sync, the first byte, sync.
     */
    INT3
}
