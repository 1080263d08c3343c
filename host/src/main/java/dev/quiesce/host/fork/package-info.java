/**
 * Host snapshots at quantum boundaries and the run that takes them (docs/forking.md): a {@link
 * dev.quiesce.host.fork.SteppedHost} drives one host's lockstep on the caller's thread, and a {@link
 * dev.quiesce.host.fork.HostSnapshot} saves and restores everything the run's future depends on, so that runs which
 * share a prefix simulate it once.
 */
package dev.quiesce.host.fork;
