package dev.quiesce.cluster.wire;

/**
 * A message that crosses cluster nodes: bound to {@link ClusterSerializer} in this module's reference.conf (Java
 * serialization is off).
 */
public interface ClusterMessage {
}
