/**
 * The fleet on Pekko Cluster (DESIGN.md §6, issue 8): hosts as Cluster Sharding entities ({@link
 * dev.quiesce.cluster.HostEntity}) running the modelled host apply, a {@link dev.quiesce.cluster.ShardedDriver} that
 * sends the rollout's host commands through sharding, the protobuf wire format of the messages that cross nodes
 * ({@link dev.quiesce.cluster.ClusterCodec}, {@link dev.quiesce.cluster.ClusterSerializer}), and cluster nodes
 * ({@link dev.quiesce.cluster.ClusterNode}, {@link dev.quiesce.cluster.LocalCluster}), and the rollout
 * event-sourced with Pekko Persistence into a JDBC journal on embedded H2 ({@link
 * dev.quiesce.cluster.PersistentRollout}, {@link dev.quiesce.cluster.RolloutProgress}, {@link
 * dev.quiesce.cluster.RolloutJournal}).
 */
package dev.quiesce.cluster;
