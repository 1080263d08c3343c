package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.journal.RolloutJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** The event-sourced rollout on an H2 journal: stopped after its first wave, resumed, it ends as an undisturbed run. */
class PersistentRolloutTest {

    @Test
    void aRolloutStoppedAfterItsFirstWave_resumesFromTheJournal_andEndsAsAnUndisturbedRun(@TempDir Path dir)
            throws Exception {
        Path undisturbed = Files.createDirectory(dir.resolve("undisturbed"));
        Path crashed = Files.createDirectory(dir.resolve("crashed"));
        RolloutResumeCheck.assertResumesAsUndisturbed(dir, "test",
                () -> RolloutJournal.open(undisturbed), () -> RolloutJournal.open(crashed));
    }
}
