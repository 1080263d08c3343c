package dev.quiesce.scenario;

import dev.quiesce.elf.BuildId;
import dev.quiesce.usercode.UserPayload;

import java.nio.file.Path;
import java.util.Map;

/**
 * One entry of a scenario's {@code payloads}: a sample payload by name, a prebuilt {@code .livepatch} file, or a
 * payload built from a user's base and patched trees — each uploaded at boot under its name.
 */
public sealed interface ScenarioPayload {

    /** The name it is uploaded and acted on under. */
    String name();

    /** Its bytes for the booted image ({@code samples}: the sample payloads assembled for it). */
    byte[] bytes(BuildId image, Map<String, byte[]> samples);

    /** A sample payload ({@code quiesce payload samples}), assembled for the booted image. */
    record Sample(String name) implements ScenarioPayload {
        @Override
        public byte[] bytes(BuildId image, Map<String, byte[]> samples) {
            byte[] b = samples.get(name);
            if (b == null) {
                throw new IllegalArgumentException("no sample payload '%s'; known: %s".formatted(name, samples.keySet()));
            }
            return b;
        }
    }

    /** A prebuilt payload file, read when the scenario was loaded. */
    record Prebuilt(String name, Path file, byte[] payload) implements ScenarioPayload {
        @Override
        public byte[] bytes(BuildId image, Map<String, byte[]> samples) {
            return payload.clone();
        }
    }

    /** A payload built from the user's trees against the booted image ({@link UserPayload}). */
    record Built(UserPayload payload) implements ScenarioPayload {
        @Override
        public String name() {
            return payload.name();
        }

        @Override
        public byte[] bytes(BuildId image, Map<String, byte[]> samples) {
            return payload.bytes(image);
        }
    }
}
