/**
 * The {@code quiesce} command line (picocli): {@code run [SCENARIO]}, {@code sweep}, {@code hunt}, {@code replay},
 * {@code shrink}, {@code bench}, {@code payload} (in {@code dev.quiesce.cli.payload}) and the {@code xen-livepatch}
 * compatible {@code host} shell (in {@code dev.quiesce.cli.host}). Commands are thin: the logic lives in
 * {@code dev.quiesce.scenario}, {@code dev.quiesce.sweep}, {@code dev.quiesce.hunt} and {@code dev.quiesce.report}.
 */
package dev.quiesce.cli;
