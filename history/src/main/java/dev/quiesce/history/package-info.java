/**
 * The corpus of real historical live-patching races: each case a scenario in {@code scenarios/history/} with its
 * provenance (project, commit, date, title, the interleaving), a buggy and a fixed variant, and the runner that
 * shows the buggy one caught and the fixed one holding (docs/history.md).
 */
package dev.quiesce.history;
