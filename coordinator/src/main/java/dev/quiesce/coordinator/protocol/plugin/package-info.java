/**
 * Protocols from outside quiesce (docs/protocol-api.md): {@link dev.quiesce.coordinator.protocol.plugin.PluginRoots}
 * resolves {@code --plugins DIR|JAR} and the scenario key {@code plugins}, {@link
 * dev.quiesce.coordinator.protocol.plugin.PluginLoader} reads each root's
 * {@code META-INF/services/dev.quiesce.coordinator.protocol.RendezvousProtocol} through one class loader,
 * {@link dev.quiesce.coordinator.protocol.plugin.ProtocolCatalog} joins them to the built-ins by name, and
 * {@link dev.quiesce.coordinator.protocol.plugin.GuardedProtocol} turns a plug-in's exception into an error naming
 * its class.
 */
package dev.quiesce.coordinator.protocol.plugin;
