/**
 * Pekko typed actors: {@link dev.quiesce.host.actor.CpuActor}, a thin mailbox around one
 * {@code Cpu}, and {@link dev.quiesce.host.actor.HostActor}, which drives a host's CPUs through the
 * lockstep. The logic lives in the plain classes they wrap.
 */
package dev.quiesce.host.actor;
