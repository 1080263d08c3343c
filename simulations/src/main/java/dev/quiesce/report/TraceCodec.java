package dev.quiesce.report;

import dev.quiesce.io.InputFiles;
import dev.quiesce.io.InputFileException;
import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.report.proto.TraceProto;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code --record} file format: a header then one message per event, each length-delimited (protobuf's
 * {@code writeDelimitedTo}), as {@code src/main/proto/quiesce/trace/trace.proto} describes; format version
 * {@value #FORMAT_VERSION}. Events are in time order, CPU events before rendezvous events at equal times.
 */
public final class TraceCodec {

    /** The largest trace read (a long run's trace is tens of megabytes). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    /** The trace format version this codec writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private TraceCodec() {
    }

    /** Writes the run's trace to {@code file}; returns how many events it holds. */
    public static long write(ScenarioResult r, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            return write(r, out);
        }
    }

    /** Writes the run's trace to {@code out} (left open); returns how many events it holds. */
    public static long write(ScenarioResult r, OutputStream out) throws IOException {
        List<TraceEvent> events = events(r);
        header(r, events.size()).writeDelimitedTo(out);
        for (TraceEvent e : events) {
            TraceProto.Event m = switch (e) {
                case TraceEvent.Cpu c -> CpuEventCodec.encode(c.event());
                case TraceEvent.Rendezvous v -> RendezvousCodec.encode(v.attempt(), v.event());
            };
            m.writeDelimitedTo(out);
        }
        out.flush();
        return events.size();
    }

    /** Reads a trace written by {@link #write}. */
    public static RecordedTrace read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(InputFiles.open(file, MAX_FILE_BYTES, "trace"))) {
            return read(in);
        } catch (InputFileException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + " is not a quiesce trace (--record) of format " + FORMAT_VERSION + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads a trace written by {@link #write} from {@code in}. */
    public static RecordedTrace read(InputStream in) throws IOException {
        TraceProto.Header h = TraceProto.Header.parseDelimitedFrom(in);
        if (h == null) {
            throw new IOException("empty");
        }
        if (h.getFormatVersion() != FORMAT_VERSION) {
            throw new IOException("format version " + h.getFormatVersion());
        }
        List<TraceEvent> events = new ArrayList<>();
        for (TraceProto.Event m; (m = TraceProto.Event.parseDelimitedFrom(in)) != null; ) {
            events.add(CpuEventCodec.isCpuEvent(m) ? new TraceEvent.Cpu(CpuEventCodec.decode(m))
                    : new TraceEvent.Rendezvous(m.getAttempt(), RendezvousCodec.decode(m)));
        }
        if (events.size() != h.getEvents()) {
            throw new IOException("truncated: the header announces " + h.getEvents() + " events, found "
                    + events.size());
        }
        return new RecordedTrace(header(h), events);
    }

    /**
     * The run's events as a trace file holds them: the CPUs' events and every attempt's rendezvous events, ordered by
     * time (CPU events first at equal times, each kind in its own order).
     */
    public static List<TraceEvent> events(ScenarioResult r) {
        List<TraceEvent> out = new ArrayList<>(r.trace().size());
        for (CpuEvent e : r.trace()) {
            out.add(new TraceEvent.Cpu(e));
        }
        int attempt = 0;
        for (ApplyOutcome o : r.outcomes()) {
            attempt++;
            for (RendezvousEvent e : o.events()) {
                out.add(new TraceEvent.Rendezvous(attempt, e));
            }
        }
        out.sort(Comparator.comparingLong(TraceEvent::time)
                .thenComparingInt(e -> e instanceof TraceEvent.Cpu ? 0 : 1));
        return out;
    }

    private static TraceProto.Header header(ScenarioResult r, long events) {
        Scenario s = r.scenario();
        TraceProto.Header.Builder b = TraceProto.Header.newBuilder().setFormatVersion(FORMAT_VERSION)
                .setScenario(s.name()).setSource(s.source()).addAllSets(s.sets()).setSeed(s.seed())
                .setTraceHash(r.report().traceHash()).setBuildId(CpuEventCodec.text(r.report().buildId()))
                .setCpus(s.host().cpus()).setEndNs(r.endNs()).setProtocol(s.protocol()).setReplay(s.replayLine())
                .setEvents(events);
        for (ApplyOutcome o : r.outcomes()) {
            b.addAttempts(TraceProto.Attempt.newBuilder().setPayload(o.request().payload())
                    .setAction(o.request().action().name()).setAttempt(o.request().attempt()).setResult(o.result().label())
                    .setRc(o.rc()).setIssuedNs(o.issuedNs()).setMaster(o.master()).setMasterNs(o.masterNs())
                    .setDeadlineNs(o.deadlineNs()).setReleasedNs(o.releasedNs()));
        }
        for (Violation v : r.violations()) {
            b.addViolations(TraceProto.Violation.newBuilder().setOracle(v.oracle()).setTimeNs(v.timeNs())
                    .setCpu(v.cpu()).setMessage(v.message()));
        }
        return b.build();
    }

    private static TraceHeader header(TraceProto.Header h) {
        List<TraceHeader.Attempt> attempts = h.getAttemptsList().stream().map(a -> new TraceHeader.Attempt(
                a.getPayload(), a.getAction(), a.getAttempt(), a.getResult(), a.getRc(), a.getIssuedNs(),
                a.getMaster(), a.getMasterNs(), a.getDeadlineNs(), a.getReleasedNs())).toList();
        List<Violation> violations = h.getViolationsList().stream()
                .map(v -> new Violation(v.getOracle(), v.getTimeNs(), v.getCpu(), v.getMessage())).toList();
        return new TraceHeader(h.getFormatVersion(), h.getScenario(), h.getSource(), h.getSetsList(), h.getSeed(),
                h.getTraceHash(), h.getBuildId(), h.getCpus(), h.getEndNs(), h.getProtocol(), h.getReplay(),
                h.getEvents(), attempts, violations);
    }
}
