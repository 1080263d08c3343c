/**
 * Xen's regression payloads ({@code xen/test/livepatch}) assembled for a linked guest image: the
 * gcc-built bodies of the guest module plus the build-id notes that tie them to the image.
 */
package dev.quiesce.emulator.samples;
