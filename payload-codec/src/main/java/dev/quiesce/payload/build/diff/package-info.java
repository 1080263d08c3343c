/**
 * The analysis half of the payload builder: which functions of a patched build differ from the
 * base build, compared object by object the way livepatch-build-tools' {@code create-diff-object}
 * does for objects compiled with {@code -ffunction-sections -fdata-sections}.
 *
 * <p>An {@link dev.quiesce.payload.build.diff.ObjectModel} indexes one object; a
 * {@link dev.quiesce.payload.build.diff.Correlation} pairs the symbols of a base and a patched
 * object (compiler-renamed locals such as {@code foo.isra.0} or {@code counter.1} included); a
 * {@link dev.quiesce.payload.build.diff.Normaliser} turns every relocation into a target identity
 * that does not depend on where things were laid out; {@link dev.quiesce.payload.build.diff.ObjectDiff}
 * compares functions and data with it and says what changed and what cannot be live-patched.
 */
package dev.quiesce.payload.build.diff;
