/**
 * {@code quiesce guest}: the user's own code as the guest (docs/own-code.md) — {@code init} writes a starting point.
 */
package dev.quiesce.cli.guest;
