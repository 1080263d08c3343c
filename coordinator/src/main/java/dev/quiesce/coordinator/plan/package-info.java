/**
 * Store plans executed over virtual time: a quiesced action's stores are captured, memory is put back, and a
 * protocol replays them store by store at quantum boundaries with its own granularity, spacing and sync rounds,
 * so CPUs can run between two stores (docs/architecture.md §2 step 6 and §3 rule 6: "stores land only at quantum
 * boundaries").
 */
package dev.quiesce.coordinator.plan;
