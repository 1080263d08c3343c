/**
 * The cluster's wire and journal format: protobuf messages behind one hand-written codec and the serializer Pekko is configured with.
 */
package dev.quiesce.cluster.wire;
