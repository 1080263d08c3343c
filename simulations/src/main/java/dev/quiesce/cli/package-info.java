/**
 * The {@code quiesce} command line (picocli): {@code run}, {@code bench}.
 */
package dev.quiesce.cli;
