/**
 * Race oracles: small classes named as the claims they check (docs/architecture.md §2 step 7), fed every quantum's sorted events
 * by the host's coordinator; a violation ends the run with its replay line.
 */
package dev.quiesce.coordinator.oracle;
