package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.LateCpu;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.host.CpuSummary;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.seed.Seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.quiesce.report.Html.duration;
import static dev.quiesce.report.Html.esc;
import static dev.quiesce.report.Html.instant;

/**
 * The {@code --report} page of a run: a self-contained {@code report.html} (stylesheet and charts inline, nothing
 * fetched) with the summary (scenario, seed, protocol, every attempt's outcome, the violations, trace hash and replay
 * line), the per-CPU timeline of each attempt's window, histograms of the time to quiescence, barrier latency and
 * IRQs-off pause with their percentiles, and the per-CPU counters; a {@link Preface} may say above the summary what the
 * run is. Element ids: {@code summary}, {@code attempts},
 * {@code violations}, {@code timeline-1..}, {@code hist-quiescence}, {@code hist-barrier}, {@code hist-irqs-off},
 * {@code percentiles}, {@code cpu-table}, and {@code preface-table} when there is a preface.
 */
public final class RunReport {

    /** The page's file name inside the report directory. */
    public static final String FILE = "report.html";

    private RunReport() {
    }

    /** Writes {@code dir/report.html} (creating {@code dir}); returns its path. */
    public static Path write(ScenarioResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        dev.quiesce.io.OutputFiles.writeString(file, html(r));
        return file;
    }

    /**
     * A section shown above a report's summary, saying what the run is: its heading and rows of a name and a text
     * (plain text, escaped by the page). The history corpus puts a case's provenance there.
     *
     * @param heading the section's heading
     * @param rows    pairs of name and text, in order
     */
    public record Preface(String heading, List<List<String>> rows) {

        public Preface {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** Writes the page of {@code r}, with {@code preface} above its summary, to {@code file}; returns it. */
    public static Path write(ScenarioResult r, Preface preface, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, html(r, preface), StandardCharsets.UTF_8);
        return file;
    }

    /** The page. */
    public static String html(ScenarioResult r) throws IOException {
        return html(r, null);
    }

    /** The page, with {@code preface} (or null) above the summary. */
    public static String html(ScenarioResult r, Preface preface) throws IOException {
        Scenario s = r.scenario();
        String seed = Seed.format(s.seed());
        StringBuilder sub = new StringBuilder(esc(s.protocol() + " on " + s.host().cpus() + " CPUs · seed " + seed
                + " · ")).append(esc(r.outcomes().size() + (r.outcomes().size() == 1 ? " attempt " : " attempts ")));
        r.outcomes().forEach(o -> sub.append(result(o)).append(' '));
        if (r.violated()) {
            sub.append(Page.badge("violation: " + r.violations().getFirst().oracle(), false, false));
        }
        Page p = new Page("quiesce · " + s.name() + " · seed " + seed, "quiesce · " + s.name(), sub.toString());
        if (preface != null) {
            p.section("preface", preface.heading()).keyValues("preface-table", preface.rows().stream()
                    .map(row -> List.of(row.get(0), esc(row.get(1)).replace("\n", "<br>"))).toList()).endSection();
        }
        summary(p, r, seed);
        timelines(p, r);
        distributions(p, r);
        cpus(p, r);
        return p.finish("Written by <code>quiesce run --report</code>. Times are virtual; the same replay line "
                + "writes the same page. Trace hash <code>" + esc(r.report().traceHash()) + "</code>.");
    }

    private static void summary(Page p, ScenarioResult r, String seed) {
        Scenario s = r.scenario();
        ApplyOutcome last = r.outcomes().isEmpty() ? null : r.outcomes().getLast();
        p.section("summary-section", "Summary").keyValues("summary", List.of(
                List.of("Scenario", esc(s.name()) + " <span class=\"sub\">(" + esc(s.source()) + ")</span>"),
                List.of("Seed", "<code>" + seed + "</code>"),
                List.of("Protocol", esc(s.protocol() + " · retry " + s.retry().describe() + " · NMI policy "
                        + s.nmi().cliName())),
                List.of("Host", esc(s.host().cpus() + " CPUs · run ended at " + instant(r.endNs()))),
                List.of("Outcome", last == null ? Page.badge("no attempt finished", false, true) : result(last)),
                List.of("Violations", r.violated() ? Page.badge(r.violations().size() + " violation", false, false)
                        : Page.badge("none", true, false)),
                List.of("Trace hash", "<code>" + esc(r.report().traceHash()) + "</code>"),
                List.of("Guest build-id", "<code>" + esc(String.valueOf(r.report().buildId())) + "</code>")));
        p.raw("<pre class=\"replay\" id=\"replay\">" + esc(s.replayLine()) + "</pre>");
        p.raw("<h3>Attempts</h3>");
        List<List<String>> rows = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        int i = 0;
        for (ApplyOutcome o : r.outcomes()) {
            long slowest = Arrays.stream(o.arrivalNs()).filter(a -> a >= 0 && o.masterNs() >= 0)
                    .map(a -> a - o.masterNs()).max().orElse(-1);
            long pause = -1;
            for (int c = 0; c < o.arrivalNs().length; c++) {
                pause = Math.max(pause, o.irqsOffPauseNs(c));
            }
            rows.add(List.of(Integer.toString(++i), esc(o.request().action().name().toLowerCase(Locale.ROOT) + " "
                            + o.request().payload()), Integer.toString(o.request().attempt()), result(o),
                    o.master() < 0 ? "—" : Integer.toString(o.master()), instant(o.issuedNs()),
                    duration(o.timeToApplyNs()), duration(slowest), duration(pause),
                    Long.toString(o.totalLostNmis()), Integer.toString(o.stores())));
            log.append("<li><b>Attempt ").append(i).append(":</b> ").append(esc(o.message()));
            if (!o.late().isEmpty()) {
                log.append("<ul class=\"late\" id=\"late-").append(i).append("\">");
                for (LateCpu l : o.late()) {
                    log.append("<li>late at the deadline: CPU ").append(l.cpu()).append(" at <code>")
                            .append(esc("0x" + Long.toHexString(l.pc()) + " " + l.symbol())).append("</code>")
                            .append(l.line().isEmpty() ? "" : " <code>" + esc(l.line()) + "</code>")
                            .append(l.handlerDepth() == 0 ? "" : " in an interrupt handler").append("</li>");
                }
                log.append("</ul>");
            }
            log.append("</li>");
        }
        if (rows.isEmpty()) {
            p.raw("<p class=\"about\" id=\"attempts\">No attempt finished before the run ended.</p>");
        } else {
            p.table("attempts", List.of("#", "action", "try#", "result", "master#", "issued#", "time to apply#",
                    "slowest quiescence#", "longest IRQs-off#", "lost NMIs#", "stores#"), rows);
        }
        p.raw("<ul class=\"log\">" + log + "</ul>");
        p.raw("<h3>Violations</h3>");
        List<List<String>> vs = new ArrayList<>();
        for (Violation v : r.violations()) {
            vs.add(List.of(esc(v.oracle()), instant(v.timeNs()), v.cpu() < 0 ? "host" : Integer.toString(v.cpu()),
                    esc(v.message())));
        }
        if (vs.isEmpty()) {
            p.raw("<p class=\"about\" id=\"violations\">None: " + (s.oracles().isEmpty() ? "no oracle was on."
                    : "every oracle held (" + esc(String.join(", ", s.oracles())) + ").") + "</p>");
        } else {
            p.table("violations", List.of("oracle", "time#", "cpu#", "what happened"), vs);
        }
        p.endSection();
    }

    private static void timelines(Page p, ScenarioResult r) {
        p.section("timeline-section", "Timeline of the apply window").raw("<p class=\"about\">Each row is a CPU. "
                + "Its colour says what it was doing; the inset bars are the interrupt handlers it ran (an NMI inside "
                + "an IRQ shows over it). Vertical lines mark the deadline, every store of the patch and the release. "
                + "Hover for exact times.</p>");
        List<Timeline> ts = Timeline.of(r);
        for (int i = 0; i < ts.size(); i++) {
            Timeline t = ts.get(i);
            String note = "";
            if (i < r.outcomes().size() && r.outcomes().get(i).deadlineNs() > t.toNs()) {
                ApplyOutcome o = r.outcomes().get(i);
                note = " · deadline at " + instant(o.deadlineNs()) + ", beyond the window ("
                        + duration(o.deadlineNs() - o.masterNs()) + " after the master's election)";
            }
            p.raw("<figure><figcaption>" + esc(t.title()) + " <span>" + esc(instant(t.fromNs()) + " – "
                    + instant(t.toNs()) + note) + "</span></figcaption>" + TimelineSvg.render(t, "timeline-" + (i + 1))
                    + "</figure>");
        }
        if (r.outcomes().size() > TimelineBuilder.MAX_TIMELINES) {
            p.raw("<p class=\"about\">" + (r.outcomes().size() - TimelineBuilder.MAX_TIMELINES)
                    + " more attempts are not drawn; export the run with --perfetto to see every one.</p>");
        }
        p.endSection();
    }

    private static void distributions(Page p, ScenarioResult r) throws IOException {
        p.section("distributions", "Distributions").raw("<div class=\"grid\">");
        List<Distribution> ds = Distribution.of(r);
        List<List<String>> rows = new ArrayList<>();
        for (Distribution d : ds) {
            String chart = d.valuesNs().isEmpty() ? "<div class=\"empty\" id=\"hist-" + d.id()
                    + "\">no values in this run</div>" : Charts.histogram(d);
            p.raw("<figure><figcaption>" + esc(d.title()) + "</figcaption><p class=\"about\">" + esc(d.about())
                    + "</p>" + chart + "</figure>");
            List<String> row = new ArrayList<>(List.of(esc(d.title())));
            row.addAll(d.stats().cells());
            rows.add(row);
        }
        p.raw("</div><h3>Percentiles</h3>");
        p.table("percentiles", List.of("quantity", "count#", "min#", "p50#", "p90#", "p99#", "max#", "mean#"), rows);
        p.endSection();
    }

    private static void cpus(Page p, ScenarioResult r) {
        List<List<String>> rows = new ArrayList<>();
        for (CpuSummary c : r.report().cpus()) {
            rows.add(List.of(Integer.toString(c.cpu()), Long.toString(c.instructions()),
                    Long.toString(c.quiescencePoints()), Long.toString(c.irqs()), Long.toString(c.nmis()),
                    Long.toString(c.mces()), Long.toString(c.lostInterrupts()), duration(c.longestGapNs()),
                    c.faults() == 0 ? "" : Page.badge(c.fault(), false, false)));
        }
        p.section("cpus", "CPUs").table("cpu-table", List.of("cpu#", "instructions#", "quiescence points#", "IRQs#",
                "NMIs#", "machine checks#", "lost interrupts#", "longest gap#", "fault"), rows).endSection();
    }

    private static String result(ApplyOutcome o) {
        boolean ok = o.result() == ApplyResult.DONE && o.rc() == 0;
        return Page.badge(o.result().label() + (o.rc() == 0 ? "" : " rc " + o.rc()), ok,
                o.result() == ApplyResult.TIMED_OUT);
    }
}
