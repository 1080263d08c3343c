package dev.quiesce.fleet.scenario;

import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.fleet.model.Empirical;
import dev.quiesce.random.DetRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * Long non-preemptible work of a workload class: on a share of its hosts, {@code cpus} CPUs (never CPU 0, which makes
 * the hypercall) enter work of a length drawn from {@code lengthNs}, {@code leadNs} before the apply.
 *
 * @param share    the fraction of hosts with stragglers (0..1)
 * @param cpus     stalled CPUs on such a host (capped at the host's CPUs less one)
 * @param leadNs   how long before the apply the work starts
 * @param lengthNs lengths of the work, drawn uniformly, as iterations of {@code do_long_work} at 1 ns each (the CPU's
 *                 model or an emulated canary may take longer per iteration)
 */
public record StragglerSpec(double share, int cpus, long leadNs, Empirical lengthNs) {

    /** No stragglers. */
    public static StragglerSpec none() {
        return new StragglerSpec(0, 0, 0, Empirical.of(new long[] {1}));
    }

    /** Whether some hosts have stragglers. */
    public boolean any() {
        return share > 0 && cpus > 0;
    }

    /** The stragglers of one host of {@code hostCpus} CPUs whose apply is at {@code applyAtNs}, drawn from {@code r}. */
    public List<HostCoordinator.Straggler> draw(DetRandom r, int hostCpus, long applyAtNs) {
        if (!any() || hostCpus < 2 || r.nextDouble() >= share) {
            return List.of();
        }
        int n = Math.min(cpus, hostCpus - 1);
        int[] ids = new int[hostCpus - 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        List<HostCoordinator.Straggler> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int j = i + (int) r.nextLong(ids.length - i);
            int cpu = ids[j];
            ids[j] = ids[i];
            ids[i] = cpu;
            out.add(new HostCoordinator.Straggler(cpu, Math.max(0, applyAtNs - leadNs), Math.max(1, lengthNs.sample(r))));
        }
        return out;
    }

    /** One phrase for people ({@code 25% of hosts, 1 CPU, 1ms..4ms}). */
    public String describe() {
        if (!any()) {
            return "none";
        }
        return Math.round(share * 100) + "% of hosts, " + cpus + " CPU" + (cpus == 1 ? "" : "s") + ", "
                + dev.quiesce.time.SimTime.format(lengthNs.quantile(0)) + ".."
                + dev.quiesce.time.SimTime.format(lengthNs.quantile(1));
    }
}
