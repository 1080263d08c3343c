/**
 * Store plans executed over virtual time: a quiesced action's stores are captured, memory is put back, and a
 * protocol replays them store by store at quantum boundaries with its own granularity, spacing and sync rounds,
 * so CPUs can run between two stores (DESIGN.md §3, "the splice engine's stores are scheduled at quantum
 * boundaries").
 */
package dev.quiesce.coordinator.plan;
