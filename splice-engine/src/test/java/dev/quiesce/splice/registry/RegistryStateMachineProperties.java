package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of uploads, actions (with NODEPS sometimes), rendezvous and timeouts over Xen's sample payloads
 * never take the registry where the reference rules would not go: after every step the return value, every
 * payload's state and rc, the stack and {@code payload_version} equal the {@link RegistryModel}'s, and after every
 * rendezvous the guest's {@code xen_extra_version()} and {@code xen_minor_version()} return what the stack says.
 */
class RegistryStateMachineProperties {

    /** One step of a sequence. */
    sealed interface Op permits Upload, Act, Rendezvous {
    }

    /** UPLOAD of sample {@code sample} under {@code name}. */
    record Upload(String name, String sample) implements Op {
    }

    /**
     * ACTION {@code cmd} on the {@code pick}-th uploaded payload (modulo their number), or on a name no payload has
     * when {@code pick} is negative or nothing is uploaded.
     */
    record Act(int pick, Action cmd, boolean nodeps) implements Op {

        String name(RegistryModel model) {
            List<String> names = List.copyOf(model.payloads.keySet());
            return pick < 0 || names.isEmpty() ? "xen_unknown" : names.get(pick % names.size());
        }
    }

    /** The outstanding action's rendezvous succeeds, or times out. */
    record Rendezvous(boolean timesOut) implements Op {
    }

    private static final List<String> COMMON = List.of("xen_hello_world", "xen_bye_world", "xen_replace_world",
            "xen_nop", "xen_expectations");
    private static final String ALIAS = "_b";

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<String> sample = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(COMMON)),
                Tuple.of(4, Arbitraries.of(List.copyOf(SampleRow.TABLE.keySet()))));
        Arbitrary<Op> upload = Combinators.combine(sample, Arbitraries.integers().between(0, 9))
                .as((s, alias) -> new Upload(alias == 0 ? s + ALIAS : s, s));
        Arbitrary<Integer> pick = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1)),
                Tuple.of(12, Arbitraries.integers().between(0, 5)));
        Arbitrary<Action> cmd = Arbitraries.frequency(Tuple.of(6, Action.APPLY), Tuple.of(4, Action.REVERT),
                Tuple.of(2, Action.REPLACE), Tuple.of(2, Action.UNLOAD));
        Arbitrary<Op> act = Combinators.combine(pick, cmd, Arbitraries.integers().between(0, 2))
                .as((n, c, f) -> new Act(n, c, f == 0));
        Arbitrary<Op> rendezvous = Arbitraries.integers().between(0, 5).map(t -> new Rendezvous(t == 0));
        Arbitrary<Op> op = Arbitraries.frequencyOf(Tuple.of(3, upload), Tuple.of(6, act), Tuple.of(5, rendezvous));
        return Combinators.combine(upload.list().ofMinSize(1).ofMaxSize(3), op.list().ofMinSize(3).ofMaxSize(45))
                .as((first, rest) -> {
                    List<Op> all = new ArrayList<>(first);
                    all.addAll(rest);
                    return all;
                });
    }

    @Property(tries = 400)
    void everyStep_matchesTheReferenceModel(@ForAll("sequences") List<Op> ops) {
        try (TestHost host = new TestHost()) {
            QueueExecutor executor = new QueueExecutor();
            LivepatchRegistry registry = host.registry(executor);
            RegistryModel model = new RegistryModel();
            List<Op> done = new ArrayList<>();
            for (Op op : ops) {
                done.add(op);
                step(op, host, registry, executor, model, done);
                compare(registry, model, done);
            }
        }
    }

    private static void step(Op op, TestHost host, LivepatchRegistry registry, QueueExecutor executor,
                             RegistryModel model, List<Op> done) {
        switch (op) {
            case Upload u -> {
                XenResult r = registry.upload(u.name(), TestHost.sample(u.sample()));
                assertThat(r.rc()).as("%s → %s after %s", u, r, done).isEqualTo(model.upload(u.name(),
                        SampleRow.TABLE.get(u.sample())));
            }
            case Act a -> {
                String name = a.name(model);
                XenResult r = registry.action(name, a.cmd(), a.nodeps() ? Action.NODEPS : 0, 0);
                assertThat(r.rc()).as("%s %s → %s after %s", name, a, r, done)
                        .isEqualTo(model.act(name, a.cmd(), a.nodeps()));
            }
            case Rendezvous z -> {
                boolean ran = z.timesOut() ? executor.timeOut() : executor.run();
                assertThat(ran).as("an action is outstanding, after %s", done).isEqualTo(model.pending != null);
                if (ran && z.timesOut()) {
                    model.timeOut();
                } else if (ran) {
                    model.run();
                }
                assertThat(host.extra()).as("xen_extra_version() after %s", done).isEqualTo(model.extra());
                assertThat(host.minor() != 17).as("xen_minor_version() NOPed after %s", done)
                        .isEqualTo(model.minorPatched());
            }
        }
    }

    private static void compare(LivepatchRegistry registry, RegistryModel model, List<Op> done) {
        List<PayloadStatus> list = registry.list();
        List<String> actual = list.stream().map(s -> "%s %s rc=%d".formatted(s.name(), s.state(), s.rc())).toList();
        List<String> expected = model.payloads.values().stream()
                .map(e -> "%s %s rc=%d".formatted(e.name, e.state, e.rc)).toList();
        assertThat(actual).as("LIST after %s; details %s", done, list.stream().map(PayloadStatus::detail).toList())
                .isEqualTo(expected);
        assertThat(registry.appliedStack()).as("stack after %s", done)
                .isEqualTo(model.stack.stream().map(e -> e.name).toList());
        assertThat(registry.version()).as("payload_version after %s", done).isEqualTo(model.version);
    }
}
