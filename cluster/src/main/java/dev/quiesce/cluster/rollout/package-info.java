/**
 * The rollout on a cluster: the singleton rollout manager, each event-sourced persistent rollout, its re-delivery and the client that follows it.
 */
package dev.quiesce.cluster.rollout;
