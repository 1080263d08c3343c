/**
 * {@code quiesce payload}: build, inspect, sign and verify Xen livepatch payloads, and make signing
 * keys. Payload errors are reported with Xen's errno and a sentence that says what to do (exit 2).
 */
package dev.quiesce.cli.payload;
