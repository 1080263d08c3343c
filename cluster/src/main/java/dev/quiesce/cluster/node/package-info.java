/**
 * Cluster nodes: the node's configuration and settings, the standalone node main, and local multi-process clusters on 127.0.0.1.
 */
package dev.quiesce.cluster.node;
