/**
 * {@code quiesce host}: a shell over one booted host that speaks Xen's {@code xen-livepatch}
 * ({@code tools/misc/xen-livepatch.c}: {@code upload}, {@code apply}, {@code revert}, {@code replace},
 * {@code unload}, {@code load}, {@code list}) and {@code xl info}'s version lines, with the tool's
 * messages and exit codes, driving the host's livepatch registry.
 */
package dev.quiesce.cli.host;
