/**
 * The rollout's event journal: an embedded H2 database (served over TCP to local node processes) or PostgreSQL, with its settings.
 */
package dev.quiesce.cluster.journal;
