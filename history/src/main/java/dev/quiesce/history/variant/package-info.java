/**
 * The protocol variants of the history corpus: each a small class through the public extension point
 * (docs/protocol-api.md), named {@code history.<case>.buggy|fixed}, listed in this module's
 * {@code META-INF/services/dev.quiesce.coordinator.protocol.RendezvousProtocol}.
 */
package dev.quiesce.history.variant;
