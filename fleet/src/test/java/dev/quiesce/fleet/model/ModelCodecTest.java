package dev.quiesce.fleet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCodecTest {

    private static CpuModel model(String name, double stall) {
        long[] gaps = new long[100];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = (i * 7919L) % 5_000;
        }
        return new CpuModel(name, Empirical.of(gaps), 6.000000000000001, Empirical.of(new long[] {4, 93, 93}),
                0.05, Empirical.of(new long[] {0}), stall);
    }

    @Test
    void aModelFile_readsBackExactly_everySampleRateAndCalibrationLine(@TempDir Path dir) throws Exception {
        FleetModel m = FleetModel.empty().with(model("web", 1.25), "quiesce calibrate xen-default --set 'a=\"b\"'")
                .with(model("batch \\ \"quoted\"", 1.0), "");
        Path f = dir.resolve("model.json");
        ModelCodec.write(m, f);
        FleetModel back = ModelCodec.read(f);
        assertThat(back.names()).containsExactly("web", "batch \\ \"quoted\"");
        for (int i = 0; i < 2; i++) {
            CpuModel a = m.classes().get(i).model();
            CpuModel b = back.classes().get(i).model();
            assertThat(b.quiescenceGapNs().samples()).containsExactly(a.quiescenceGapNs().samples());
            assertThat(b.irqDurationNs().samples()).containsExactly(a.irqDurationNs().samples());
            assertThat(b.nmiDurationNs().samples()).containsExactly(a.nmiDurationNs().samples());
            assertThat(b.irqRatePerMs()).isEqualTo(a.irqRatePerMs());
            assertThat(b.nmiRatePerMs()).isEqualTo(a.nmiRatePerMs());
            assertThat(b.stallNsPerIteration()).isEqualTo(a.stallNsPerIteration());
            assertThat(back.classes().get(i).calibration()).isEqualTo(m.classes().get(i).calibration());
        }
        assertThat(ModelCodec.toJson(back)).isEqualTo(Files.readString(f));
    }

    @Test
    void with_replacesAClassOfTheSameNameInPlace_andAddsANewOneAtTheEnd() {
        FleetModel m = FleetModel.empty().with(model("a", 1), "1").with(model("b", 1), "2").with(model("a", 2), "3");
        assertThat(m.names()).containsExactly("a", "b");
        assertThat(m.model("a").stallNsPerIteration()).isEqualTo(2);
        assertThatThrownBy(() -> m.model("c")).hasMessageContaining("no workload class 'c'").hasMessageContaining("[a, b]");
    }

    @Test
    void optionalKeys_defaultToNoCalibrationLineAndOneNsPerIteration() {
        FleetModel m = ModelCodec.parse("""
                {"format": "quiesce-model", "version": 1, "classes": [{"name": "hand", "quiescenceGapNs": [2000, 5000],
                 "irqRatePerMs": 6, "irqDurationNs": [1000], "nmiRatePerMs": 0.05, "nmiDurationNs": [500]}]}""", "m.json");
        assertThat(m.classes().getFirst().calibration()).isEmpty();
        assertThat(m.model("hand").stallNsPerIteration()).isEqualTo(1.0);
        assertThat(m.model("hand").irqRatePerMs()).isEqualTo(6.0);
    }

    @Test
    void aBrokenFile_namesTheFileAndWhatIsWrong() {
        String head = "{\"format\": \"quiesce-model\", \"version\": 1, \"classes\": [";
        String ok = "\"quiescenceGapNs\": [1], \"irqRatePerMs\": 1, \"irqDurationNs\": [1], \"nmiRatePerMs\": 0,"
                + " \"nmiDurationNs\": [0]";
        assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\",\n \"q\" 1}]}", "model.json"))
                .hasMessage("model.json:2:6: expected ':' after key \"q\"");
        assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\", " + ok.replace("[1], \"irqR", "[1, -3],"
                + " \"irqR") + "}]}", "model.json"))
                .hasMessageStartingWith("model.json: classes[0] ('x'): \"quiescenceGapNs\" must be a non-empty array")
                .hasMessageContaining("element 1 is -3");
        assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\", " + ok.replace("\"irqRatePerMs\": 1",
                "\"irqRatePerMs\": \"fast\"") + "}]}", "model.json"))
                .hasMessage("model.json: classes[0] ('x'): \"irqRatePerMs\" must be a number in 0..10000 (arrivals"
                        + " per ms, as the inline key), not \"fast\"");
        for (String hostile : new String[] {"1e308", "10001", "-0.5"}) { // 1e308 once hung the fleet
            assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\", " + ok.replace("\"irqRatePerMs\": 1",
                    "\"irqRatePerMs\": " + hostile) + "}]}", "model.json"))
                    .hasMessageContaining("\"irqRatePerMs\" must be a number in 0..10000");
        }
        assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\", " + ok.replace("[1], \"irqR",
                "[99999999999], \"irqR") + "}]}", "model.json")).hasMessageContaining("element 0 is 99999999999");
        assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\", \"colour\": 1, " + ok + "}]}", "m.json"))
                .hasMessageStartingWith("m.json: classes[0] ('x'): unknown key \"colour\"; legal: [calibration,");
        assertThatThrownBy(() -> ModelCodec.parse(head + "{\"name\": \"x\", " + ok + "}, {\"name\": \"x\", " + ok
                + "}]}", "m.json")).hasMessage("m.json: workload class 'x' appears twice; class names must be unique");
        assertThatThrownBy(() -> ModelCodec.parse("{\"format\": \"csv\"}", "m.json"))
                .hasMessageStartingWith("m.json: not a model file: \"format\" must be \"quiesce-model\"");
        assertThatThrownBy(() -> ModelCodec.parse("{\"format\": \"quiesce-model\", \"version\": 2, \"classes\": []}",
                "m.json")).hasMessage("m.json: model file version 2 is not supported; this build reads version 1");
        assertThatThrownBy(() -> ModelCodec.parse("[1, 2", "m.json")).hasMessage("m.json:1:6: expected ']' or ','"
                + " in array");
        assertThat(ModelCodec.parse(head + "]}", "m.json").classes()).isEmpty();
        assertThat(List.of(ModelCodec.toJson(FleetModel.empty()))).allSatisfy(t ->
                assertThat(ModelCodec.parse(t, "e").classes()).isEmpty());
    }

    private static final String HEAD = "{\"format\": \"quiesce-model\", \"version\": 1, \"classes\": [{\"name\": \"x\", ";
    private static final String SAMPLES = "\"quiescenceGapNs\": [1], \"irqRatePerMs\": 1, \"irqDurationNs\": [1],"
            + " \"nmiRatePerMs\": 0, \"nmiDurationNs\": [1]";

    private static String withSamples(String key, String list) {
        return HEAD + SAMPLES.replace("\"" + key + "\": [1]", "\"" + key + "\": " + list) + "}]}";
    }

    @Test
    void anUnsortedSampleList_isRefusedNamingTheClassTheFieldAndTheElement() {
        for (String key : List.of("quiescenceGapNs", "irqDurationNs", "nmiDurationNs")) {
            assertThatThrownBy(() -> ModelCodec.parse(withSamples(key, "[44, 5, 4]"), "model.json"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("model.json: classes[0] ('x'): \"" + key + "\" must be sorted ascending (equal samples"
                            + " may repeat), as `quiesce calibrate` writes it; element 1 (5) is below element 0 (44):"
                            + " sort it or calibrate again");
        }
    }

    @Test
    void repeatedSamples_areSortedAndRead() {
        assertThat(ModelCodec.parse(withSamples("irqDurationNs", "[3, 3, 5]"), "m.json").model("x").irqDurationNs()
                .samples()).containsExactly(3, 3, 5);
    }

    @net.jqwik.api.Property(tries = 300, seed = "16")
    void aSampleListIsRead_exactlyWhenItIsSortedAscending(@net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(
            min = 1, max = 12) List<@net.jqwik.api.constraints.LongRange(min = 0, max = 20) Long> samples) {
        String text = withSamples("quiescenceGapNs", samples.toString());
        if (samples.equals(samples.stream().sorted().toList())) {
            assertThat(ModelCodec.parse(text, "m.json").model("x").quiescenceGapNs().samples())
                    .containsExactly(samples.stream().mapToLong(Long::longValue).toArray());
        } else {
            assertThatThrownBy(() -> ModelCodec.parse(text, "m.json")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"quiescenceGapNs\" must be sorted ascending");
        }
    }
}
