/**
 * Hosts as event-sourced Cluster Sharding entities: the command log each one journals, and the runner that executes its commands.
 */
package dev.quiesce.cluster.host;
