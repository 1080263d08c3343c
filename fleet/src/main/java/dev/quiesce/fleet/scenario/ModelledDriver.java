package dev.quiesce.fleet.scenario;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.ModelledHost;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.payload.Errno;
import dev.quiesce.random.SeedStream;
import dev.quiesce.splice.registry.Action;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The fleet's modelled hosts: each payload of a command runs on a {@link ModelledHost} of the host's class (CPUs
 * caught at a random point of their work) through the scenario's protocol and retry policy, stragglers drawn per
 * host and payload; a revert is an apply of action REVERT through the same protocol. A host stops at its first
 * failed payload. Every draw comes from (fleet seed, host id, action, payload), so an outcome depends on nothing
 * else. Stateless: safe to call from several threads.
 */
public final class ModelledDriver implements HostDriver {

    private final FleetScenario scenario;
    private final FleetLayout layout;
    private final List<List<CpuModel>> perCpu = new ArrayList<>();

    /** The modelled hosts of {@code scenario} laid out as {@code layout}. */
    public ModelledDriver(FleetScenario scenario, FleetLayout layout) {
        this.scenario = scenario;
        this.layout = layout;
        for (HostClass c : scenario.classes()) {
            perCpu.add(Collections.nCopies(c.cpus(), c.model()));
        }
    }

    @Override
    public HostOutcome run(HostCommand command) {
        HostClass cls = layout.classOf(command.host());
        SeedStream host = SeedStream.root(scenario.seed()).child("host", command.host());
        List<CpuModel> models = perCpu.get(layout.classIndex(command.host()));
        List<String> done = new ArrayList<>();
        long duration = 0;
        int attempts = 0;
        for (String payload : command.payloads()) {
            if (command.action() == Action.APPLY && cls.expectationMismatch() > 0
                    && host.child("expectation").random().nextDouble() < cls.expectationMismatch()) {
                return new HostOutcome(command.host(), command.action(), done, FailureCause.EXPECTATION, duration,
                        attempts + 1, "-" + Errno.EINVAL.name() + ": expectation failed: the old code of host "
                        + command.host() + " is not what " + payload + " expects");
            }
            SeedStream s = host.child(command.action().name().toLowerCase(Locale.ROOT) + "/" + payload);
            ModelledHost h = new ModelledHost(models, s, scenario.protocol(), scenario.quantumNs());
            List<HostCoordinator.Straggler> stragglers = cls.stragglers().draw(s.child("stragglers").random(),
                    cls.cpus(), scenario.applyAtNs());
            ApplyRequest r = new ApplyRequest(scenario.applyAtNs(), payload, command.action(), scenario.timeoutNs(),
                    0, 1, scenario.nmi());
            List<ApplyOutcome> outcomes = h.apply(r, scenario.retry(), stragglers, scenario.horizonNs());
            attempts += outcomes.size();
            if (outcomes.isEmpty()) {
                return new HostOutcome(command.host(), command.action(), done, FailureCause.UNSETTLED,
                        duration + scenario.horizonNs() - scenario.applyAtNs(), attempts,
                        payload + " did not settle within the horizon");
            }
            ApplyOutcome last = outcomes.getLast();
            duration += Math.max(last.releasedNs(), last.issuedNs()) - scenario.applyAtNs();
            FailureCause cause = FailureCause.of(last);
            if (cause.failed()) {
                return new HostOutcome(command.host(), command.action(), done, cause, duration, attempts,
                        last.message());
            }
            done.add(payload);
        }
        return new HostOutcome(command.host(), command.action(), done, FailureCause.NONE, duration, attempts, "");
    }
}
