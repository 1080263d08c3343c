package dev.quiesce.emulator.unicorn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.settings.SettingsReader;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the emulator, read from {@code quiesce.emulator} and validated on read.
 *
 * @param counting the counting scheme engines use when none is named; empty for {@code auto} (chosen per library
 *                 and architecture, {@link Counting#configuredFor(UnicornLibrary, dev.quiesce.isa.Arch)})
 */
public record EmulatorSettings(Optional<Counting> counting) {

    private static final String ROOT = "quiesce.emulator";

    /** The settings of the process's configuration (reference.conf, application.conf, system properties). */
    public static EmulatorSettings load() {
        return from(ConfigFactory.load());
    }

    /** Reads and validates {@code quiesce.emulator} of {@code config}. */
    public static EmulatorSettings from(Config config) {
        SettingsReader r = new SettingsReader(config.getConfig(ROOT), ROOT);
        r.rejectUnknown(Set.of("counting"));
        String c = r.oneOf("counting", List.of("auto", "block", "instruction"));
        return new EmulatorSettings(c.equals("auto") ? Optional.empty() : Optional.of(Counting.parse(c)));
    }
}
