package dev.quiesce.report;

import dev.quiesce.report.Timeline.Mark;
import dev.quiesce.report.Timeline.MarkKind;
import dev.quiesce.report.Timeline.Segment;
import dev.quiesce.report.Timeline.State;

import java.util.EnumMap;
import java.util.Map;

import static dev.quiesce.report.Html.esc;
import static dev.quiesce.report.Html.num;

/**
 * A {@link Timeline} drawn as an inline SVG chart: one row per CPU (its state as the row's colour, interrupt handlers
 * as inset bars over it), a time axis in µs with ticks and grid, the instants as vertical lines, and a legend.
 * Every bar and line carries a tooltip ({@code <title>}).
 */
final class TimelineSvg {

    static final Map<State, String> COLOURS = new EnumMap<>(Map.of(State.RUNNING, "#e3e9f0",
            State.SPINNING, "#f2b447", State.IRQS_OFF, "#9b7fc7", State.PATCHING, "#2e9e5b", State.IRQ, "#3b6fb6",
            State.NMI, "#d64545"));
    private static final Map<MarkKind, String> MARKS = new EnumMap<>(Map.of(MarkKind.DEADLINE, "#b03030",
            MarkKind.STORE, "#1f1f1f", MarkKind.RELEASED, "#6b7785", MarkKind.VIOLATION, "#e00000",
            MarkKind.FAULT, "#8b0000"));
    private static final Map<MarkKind, String> DASHES = new EnumMap<>(Map.of(MarkKind.DEADLINE, "6 3",
            MarkKind.STORE, "none", MarkKind.RELEASED, "2 3", MarkKind.VIOLATION, "none", MarkKind.FAULT, "4 2"));

    private static final double WIDTH = 1100;
    private static final double LEFT = 70;
    private static final double RIGHT = 24;
    private static final double TOP = 56;

    private final Timeline t;
    private final double row;
    private final StringBuilder b = new StringBuilder();

    private TimelineSvg(Timeline t) {
        this.t = t;
        this.row = Math.max(6, Math.min(22, Math.floor(480.0 / t.cpus())));
    }

    /** The chart as an {@code <svg>} element with id {@code id}. */
    static String render(Timeline t, String id) {
        return new TimelineSvg(t).draw(id);
    }

    private String draw(String id) {
        double plotH = t.cpus() * row;
        double height = TOP + plotH + 52;
        b.append("<svg id=\"").append(esc(id)).append("\" class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" viewBox=\"0 0 ").append(num(WIDTH)).append(' ').append(num(height)).append("\" width=\"")
                .append(num(WIDTH)).append("\" height=\"").append(num(height)).append("\" role=\"img\" aria-label=\"")
                .append(esc("per-CPU timeline: " + t.title())).append("\" font-family=\"sans-serif\" font-size=\"12\">");
        legend();
        axis(plotH);
        double gap = row > 10 ? 3 : 1;
        for (Segment s : t.states()) {
            rect(s, TOP + s.cpu() * row + gap / 2, row - gap, 0);
        }
        for (Segment s : t.handlers()) {
            rect(s, TOP + s.cpu() * row + row * 0.2, row * 0.6, 0.8);
        }
        for (Mark m : t.marks()) {
            double x = x(m.timeNs());
            b.append("<line class=\"mark mark-").append(m.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(num(TOP - 4)).append("\" y2=\"").append(num(TOP + plotH + 4)).append("\" stroke=\"")
                    .append(MARKS.get(m.kind())).append("\" stroke-width=\"")
                    .append(m.kind() == MarkKind.VIOLATION ? "2.5" : "1.5").append("\" stroke-dasharray=\"")
                    .append(DASHES.get(m.kind())).append("\"><title>").append(esc(Html.instant(m.timeNs()) + ": "
                            + m.label())).append("</title></line>");
            if (m.cpu() >= 0 && m.cpu() < t.cpus()) {
                b.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(TOP + (m.cpu() + 0.5) * row))
                        .append("\" r=\"4\" fill=\"").append(MARKS.get(m.kind())).append("\"/>");
            }
        }
        return b.append("</svg>").toString();
    }

    private void rect(Segment s, double y, double h, double minWidth) {
        double x0 = x(s.fromNs());
        double w = Math.max(minWidth, x(s.toNs()) - x0);
        String what = s.detail().isEmpty() ? s.state().label() : s.state().label() + " (" + s.detail() + ")";
        b.append("<rect class=\"seg seg-").append(s.state().name().toLowerCase(java.util.Locale.ROOT))
                .append("\" x=\"").append(num(x0)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"")
                .append(COLOURS.get(s.state())).append("\"><title>").append(esc("cpu " + s.cpu() + " · " + what + " · "
                        + Html.micros(s.fromNs(), 3) + "–" + Html.instant(s.toNs()) + " ("
                        + Html.duration(s.toNs() - s.fromNs()) + ")")).append("</title></rect>");
    }

    private void legend() {
        double x = LEFT;
        for (State s : State.values()) {
            b.append("<rect x=\"").append(num(x)).append("\" y=\"8\" width=\"14\" height=\"12\" fill=\"")
                    .append(COLOURS.get(s)).append("\"/>");
            x = label(x + 19, 18, s.label());
        }
        x = LEFT;
        for (MarkKind k : MarkKind.values()) {
            b.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x + 14))
                    .append("\" y1=\"32\" y2=\"32\" stroke=\"").append(MARKS.get(k)).append("\" stroke-width=\"2\"")
                    .append(" stroke-dasharray=\"").append(DASHES.get(k)).append("\"/>");
            x = label(x + 19, 36, switch (k) {
                case DEADLINE -> "deadline";
                case STORE -> "store (patch write)";
                case RELEASED -> "release";
                case VIOLATION -> "violation";
                case FAULT -> "fault";
            });
        }
    }

    private double label(double x, double y, String text) {
        b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" fill=\"#333\">")
                .append(esc(text)).append("</text>");
        return x + 26 + text.length() * 6.6;
    }

    private void axis(double plotH) {
        double bottom = TOP + plotH;
        long span = t.toNs() - t.fromNs();
        long step = niceStep(Math.max(1, span / 10));
        int decimals = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
        for (long v = (t.fromNs() + step - 1) / step * step; v <= t.toNs(); v += step) {
            double x = x(v);
            b.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(num(TOP)).append("\" y2=\"").append(num(bottom + 5)).append("\" stroke=\"#d0d5dc\"/>")
                    .append("<text x=\"").append(num(x)).append("\" y=\"").append(num(bottom + 18))
                    .append("\" text-anchor=\"middle\" fill=\"#333\">").append(Html.micros(v, decimals)).append("</text>");
        }
        b.append("<line x1=\"").append(num(LEFT)).append("\" x2=\"").append(num(WIDTH - RIGHT)).append("\" y1=\"")
                .append(num(bottom)).append("\" y2=\"").append(num(bottom)).append("\" stroke=\"#555\"/>")
                .append("<text x=\"").append(num((LEFT + WIDTH - RIGHT) / 2)).append("\" y=\"").append(num(bottom + 40))
                .append("\" text-anchor=\"middle\" fill=\"#333\">virtual time (µs)</text>")
                .append("<text transform=\"translate(14 ").append(num(TOP + plotH / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">CPU</text>");
        int every = 1;
        while (every * row < 14) {
            every *= 2;
        }
        for (int c = 0; c < t.cpus(); c += every) {
            b.append("<text x=\"").append(num(LEFT - 8)).append("\" y=\"").append(num(TOP + (c + 0.5) * row + 4))
                    .append("\" text-anchor=\"end\" fill=\"#333\">cpu ").append(c).append("</text>");
        }
    }

    private double x(long ns) {
        double f = (ns - t.fromNs()) / (double) Math.max(1, t.toNs() - t.fromNs());
        return LEFT + Math.max(0, Math.min(1, f)) * (WIDTH - LEFT - RIGHT);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static long niceStep(long raw) {
        long p = 1;
        while (p * 10 <= raw) {
            p *= 10;
        }
        return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
    }
}
