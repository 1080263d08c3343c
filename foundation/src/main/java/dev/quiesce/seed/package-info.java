/**
 * The run seed: one type that reads a seed from a command line, a scenario file or a replay file and prints it
 * the same way everywhere (replay lines, reports, tables).
 */
package dev.quiesce.seed;
