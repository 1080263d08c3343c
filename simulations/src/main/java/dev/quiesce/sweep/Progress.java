package dev.quiesce.sweep;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A sweep's progress display, told of every finished run by the workers: on a terminal, one bar redrawn in place
 * with the ETA; otherwise plain lines, one per finished point (up to {@link #LINE_PER_POINT} points) or one per
 * tenth of the runs. Display only: the clock is read for the ETA, nothing else depends on it.
 */
public final class Progress {

    /** Up to this many points a plain line is printed per finished point; beyond, per tenth of the runs. */
    public static final int LINE_PER_POINT = 20;

    private static final int BAR = 30;

    private final List<SweepPoint> points;
    private final int[] left;
    private final int total;
    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long startNs;
    private int done;
    private int pointsDone;
    private int tenths;

    /** Progress of {@code points} x {@code seeds} runs, shown on {@code out}. */
    public Progress(List<SweepPoint> points, int seeds, PrintWriter out, boolean terminal, LongSupplier clock) {
        this.points = List.copyOf(points);
        this.left = new int[points.size()];
        java.util.Arrays.fill(left, seeds);
        this.total = points.size() * seeds;
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.startNs = clock.getAsLong();
    }

    /** A run of point {@code point} finished. */
    public synchronized void runDone(int point) {
        done++;
        boolean pointDone = --left[point] == 0;
        if (pointDone) {
            pointsDone++;
        }
        String eta = eta(clock.getAsLong() - startNs);
        if (terminal) {
            int filled = (int) ((long) BAR * done / total);
            out.print(String.format(Locale.ROOT, "\r[%s%s] %3d%%  %d/%d runs  %d/%d points  ETA %s ",
                    "#".repeat(filled), "-".repeat(BAR - filled), 100L * done / total, done, total, pointsDone,
                    points.size(), eta));
            if (done == total) {
                out.println();
            }
        } else if (points.size() <= LINE_PER_POINT ? pointDone : 10L * done / total > tenths) {
            tenths = (int) (10L * done / total);
            String what = points.size() <= LINE_PER_POINT
                    ? "point %d/%d done [%s]: ".formatted(pointsDone, points.size(), points.get(point).label()) : "";
            out.println(String.format(Locale.ROOT, "%s%d/%d runs (%d%%), ETA %s", what, done, total,
                    100L * done / total, eta));
        }
        out.flush();
    }

    private String eta(long elapsedNs) {
        if (done == total) {
            return "0s";
        }
        long s = Math.round(elapsedNs / 1e9 / done * (total - done));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }
}
