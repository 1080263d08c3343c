/**
 * The {@code quiesce} command line (picocli): {@code run}, {@code bench}, {@code payload} (in {@code dev.quiesce.cli.payload}).
 */
package dev.quiesce.cli;
