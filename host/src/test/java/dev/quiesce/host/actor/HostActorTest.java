package dev.quiesce.host.actor;

import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HostActorTest {

    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void advance_stopsAtWholeQuantaAndARunResumesToTheSameHashAsOneRun() {
        HostSettings s = HostSettings.defaults().withCpus(2);
        long seed = 77;
        String oneGo;
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0))) {
            ActorRef<HostActor.Command> host = KIT.spawn(HostActor.create(m, seed, 200_000));
            TestProbe<StatusReply<HostReport>> done = KIT.createTestProbe();
            host.tell(new HostActor.Run(done.ref()));
            oneGo = done.receiveMessage(WAIT).getValue().traceHash();
        }
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0))) {
            ActorRef<HostActor.Command> host = KIT.spawn(HostActor.create(m, seed, 200_000));
            TestProbe<StatusReply<Long>> at = KIT.createTestProbe();
            host.tell(new HostActor.Advance(50_500, at.ref()));
            assertThat(at.receiveMessage(WAIT).getValue()).isEqualTo(51_000L);
            host.tell(new HostActor.Advance(120_000, at.ref()));
            assertThat(at.receiveMessage(WAIT).getValue()).isEqualTo(120_000L);
            TestProbe<StatusReply<HostReport>> done = KIT.createTestProbe();
            host.tell(new HostActor.Run(done.ref()));
            HostReport r = done.receiveMessage(WAIT).getValue();
            assertThat(r.traceHash()).isEqualTo(oneGo);
            done.expectTerminated(host, WAIT);
        }
    }
}
