/**
 * Settings: the one validating reader of HOCON settings ({@link dev.quiesce.settings.SettingsReader}), whose every
 * error names the file and line, the key and what is legal, and where scenario files and their {@code --set}
 * overrides come from ({@link dev.quiesce.settings.ConfigSources}). Host, scenario, fleet and cluster settings are
 * all read through it.
 */
package dev.quiesce.settings;
