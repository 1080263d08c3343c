/**
 * The fleet on Pekko Cluster (docs/architecture.md §5, issue 8).
 *
 * <ul>
 *   <li>Hosts are event-sourced Cluster Sharding entities ({@link dev.quiesce.cluster.HostEntity}, state in {@link
 *       dev.quiesce.cluster.HostLog}) running host commands through a {@link dev.quiesce.cluster.HostRunner}; a
 *       re-delivered command is recognised by its action id, and a re-created entity recovers by running its
 *       accepted commands again.</li>
 *   <li>The rollout runs in the {@link dev.quiesce.cluster.RolloutManager}, a Cluster Singleton on the host nodes
 *       (state in {@link dev.quiesce.cluster.RolloutBook}), as an event-sourced {@link
 *       dev.quiesce.cluster.PersistentRollout} (state in {@link dev.quiesce.cluster.RolloutProgress}, re-delivery in
 *       {@code Redelivery}); a client node follows it with a {@link dev.quiesce.cluster.RolloutClient}.</li>
 *   <li>The journal ({@link dev.quiesce.cluster.RolloutJournal}, {@link dev.quiesce.cluster.JournalSettings}): H2
 *       embedded or served to the local nodes ({@link dev.quiesce.cluster.JournalServer}), or PostgreSQL.</li>
 *   <li>The wire and journal format: protobuf ({@code quiesce/cluster/messages.proto}) behind {@link
 *       dev.quiesce.cluster.ClusterCodec} and the registered {@link dev.quiesce.cluster.ClusterSerializer}.</li>
 *   <li>Nodes ({@link dev.quiesce.cluster.ClusterNode}, {@link dev.quiesce.cluster.NodeOptions}, {@link
 *       dev.quiesce.cluster.NodeMain}) with the split brain resolver and settings ({@link
 *       dev.quiesce.cluster.ClusterSettings}); {@link dev.quiesce.cluster.LocalCluster} starts node processes on
 *       127.0.0.1.</li>
 * </ul>
 */
package dev.quiesce.cluster;
