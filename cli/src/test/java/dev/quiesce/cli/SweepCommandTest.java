package dev.quiesce.cli;

import dev.quiesce.report.SweepTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCommandTest {

    /** The CSV's rows as fields (no value of these sweeps is quoted but retry's). */
    private static List<List<String>> rows(Path csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            rows.add(List.of(line.replaceAll("\"[^\"]*\"", "Q").split(",", -1)));
        }
        return rows;
    }

    @Test
    void sweep_isIdenticalWithOneAndTwoThreads(@TempDir Path dir) throws IOException {
        String[] common = {"sweep", "xen-default", "--set", "host.cpus=2", "--set", "duration=400us",
            "--vary", "host.interrupts.nmi-rate-per-ms=0,500", "--seeds", "3"};
        CliRun one = CliRun.of(concat(common, "--threads", "1", "--out", dir.resolve("one").toString()));
        CliRun two = CliRun.of(concat(common, "--threads", "2", "--out", dir.resolve("two").toString()));
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(two.exit()).as(two.err()).isZero();
        String csv = Files.readString(dir.resolve("one/results.csv"));
        assertThat(Files.readString(dir.resolve("two/results.csv"))).isEqualTo(csv);
        assertThat(Files.readString(dir.resolve("two/results.json")))
                .isEqualTo(Files.readString(dir.resolve("one/results.json")));
        List<List<String>> rows = rows(dir.resolve("one/results.csv"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).get(rows.get(0).indexOf("lost_nmis"))).isNotEqualTo("0"); // NMIs did vary the runs
        assertThat(one.lines().getFirst()).isEqualTo("sweep xen-default: 2 points x 3 seeds = 6 runs (run j of a point:"
                + " its seed + j; seed 0 = 0x5eed), 1 in parallel");
        assertThat(two.lines()).anySatisfy(l -> assertThat(l).matches(
                "throughput: 6 simulated applies \\(scenario runs\\) in [\\d.]+ s wall = [\\d.]+ applies/s"));
    }

    @Test
    void aShortBarrierTimeout_failsFirstAttemptsThatALongOneGetsThrough_andRetriesRecover(@TempDir Path dir)
            throws IOException {
        CliRun r = CliRun.of("sweep", "straggler", "--set", "host.cpus=2",
                "--set", "stragglers=[{cpu=1,at=190us,iterations=3000000}]",
                "--vary", "barrier.timeout=1ms,30ms", "--vary", "retry=none,fixed(5,1ms)", "--seeds", "3",
                "--out", dir.toString(), "--report", dir.resolve("report").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("report").resolve("report.html"))).contains("<svg")
                .contains("fixed(5,1ms)");
        List<List<String>> rows = rows(dir.resolve("results.csv"));
        List<String> header = rows.getFirst();
        List<String> promised = new ArrayList<>(List.of("point", "barrier.timeout", "retry"));
        promised.addAll(SweepTable.CSV_COLUMNS);
        assertThat(header).containsExactlyElementsOf(promised);
        assertThat(Files.readAllLines(dir.resolve("results.csv")).get(2)).startsWith("1,1ms,\"fixed(5,1ms)\",0x5eed,3,");
        int first = header.indexOf("first_success");
        int overall = header.indexOf("overall_success");
        int attempts = header.indexOf("attempts_mean");
        List<String> shortNone = rows.get(1);
        List<String> shortFixed = rows.get(2);
        List<String> longNone = rows.get(3);
        assertThat(Double.parseDouble(shortNone.get(first))).isLessThan(Double.parseDouble(longNone.get(first)));
        assertThat(Double.parseDouble(shortFixed.get(overall))).isGreaterThan(Double.parseDouble(shortNone.get(overall)));
        assertThat(Double.parseDouble(shortFixed.get(attempts))).isGreaterThan(1.0);
        assertThat(rows.subList(1, 5)).allSatisfy(row -> assertThat(row).hasSize(header.size()));
        assertThat(rows.subList(1, 5)).anySatisfy(row -> assertThat(row.getLast()).isEqualTo("*"));
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).matches("1 +1ms +fixed\\(5,1ms\\) +0\\.0 +100\\.0 .*"));
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"retry\": \"fixed(5,1ms)\"");
    }

    @Test
    void aViolatingRun_exitsThreeWithItsReplayLine_afterWritingEverything(@TempDir Path dir) {
        CliRun r = CliRun.of("sweep", "mixed-versions-unsafe", "--seeds", "1",
                "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_FINDING);
        assertThat(r.err()).contains("violations: 1 of 1 runs violated an oracle")
                .contains("violation: NoMixedVersions violated")
                .contains("replay: ./quiesce run mixed-versions-unsafe --seed 0x8");
        assertThat(dir.resolve("results.csv")).content().contains(",1,").endsWith("\n");
        assertThat(dir.resolve("results.json")).content()
                .contains("\"replay\": [\"./quiesce run mixed-versions-unsafe --seed 0x8\"]");
    }

    @Test
    void anUnknownVaryKeyOrBadValue_failsFastWithTheLoadersMessage(@TempDir Path dir) {
        CliRun key = CliRun.of("sweep", "straggler", "--vary", "barrier.timout=1ms,2ms", "--out", dir.toString());
        assertThat(key.exit()).isEqualTo(2);
        assertThat(key.err()).contains("unknown key 'quiesce.scenario.barrier.timout'").contains("barrier.timeout");
        CliRun value = CliRun.of("sweep", "straggler", "--vary", "barrier.timeout=1ms", "--vary",
                "retry=none,fixed(5,1ms),sometimes", "--out", dir.toString());
        assertThat(value.exit()).isEqualTo(2);
        assertThat(value.err()).contains("sweep point barrier.timeout=1ms retry=sometimes")
                .contains("unknown policy 'sometimes'");
        CliRun shape = CliRun.of("sweep", "straggler", "--vary", "retry", "--out", dir.toString());
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("--vary 'retry' is not key=value");
        assertThat(dir).isEmptyDirectory();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
