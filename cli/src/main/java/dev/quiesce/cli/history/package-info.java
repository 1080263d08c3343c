/**
 * {@code quiesce history}: the corpus of real historical races (docs/history.md) — its listing and its measurement
 * ({@code history run}).
 */
package dev.quiesce.cli.history;
