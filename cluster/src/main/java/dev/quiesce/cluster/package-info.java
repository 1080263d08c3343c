/**
 * The fleet on Pekko Cluster (docs/architecture.md §5, issue 8).
 *
 * <ul>
 *   <li>Hosts are event-sourced Cluster Sharding entities ({@link dev.quiesce.cluster.host.HostEntity}, state in {@link
 *       dev.quiesce.cluster.host.HostLog}) running host commands through a {@link dev.quiesce.cluster.host.HostRunner}; a
 *       re-delivered command is recognised by its action id, and a re-created entity recovers by running its
 *       accepted commands again.</li>
 *   <li>The rollout runs in the {@link dev.quiesce.cluster.rollout.RolloutManager}, a Cluster Singleton on the host nodes
 *       (state in {@link dev.quiesce.cluster.rollout.RolloutBook}), as an event-sourced {@link
 *       dev.quiesce.cluster.rollout.PersistentRollout} (state in {@link dev.quiesce.cluster.rollout.RolloutProgress}, re-delivery in
 *       {@code Redelivery}); a client node follows it with a {@link dev.quiesce.cluster.rollout.RolloutClient}.</li>
 *   <li>The journal ({@link dev.quiesce.cluster.journal.RolloutJournal}, {@link dev.quiesce.cluster.journal.JournalSettings}): H2
 *       embedded or served to the local nodes ({@link dev.quiesce.cluster.journal.JournalServer}), or PostgreSQL.</li>
 *   <li>The wire and journal format: protobuf ({@code quiesce/cluster/messages.proto}) behind {@link
 *       dev.quiesce.cluster.wire.ClusterCodec} and the registered {@link dev.quiesce.cluster.wire.ClusterSerializer}.</li>
 *   <li>Nodes ({@link dev.quiesce.cluster.node.ClusterNode}, {@link dev.quiesce.cluster.node.NodeOptions}, {@link
 *       dev.quiesce.cluster.node.NodeMain}) with the split brain resolver and settings ({@link
 *       dev.quiesce.cluster.node.ClusterSettings}); {@link dev.quiesce.cluster.node.LocalCluster} starts node processes on
 *       127.0.0.1.</li>
 * </ul>
 */
package dev.quiesce.cluster;
