package dev.quiesce.fleet.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.random.SeedStream;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The coverage-guided fuzz target of the model file reader (Jazzer, docs/reliability.md "Fuzzing"): any text read as
 * a {@code model.json} ends in a {@link FleetModel} or an {@link IllegalArgumentException} naming the file; a model
 * that reads writes back to text that reads to the same model, and every class it holds drives a modelled host
 * through an apply (so a value that is accepted but cannot be simulated — the old {@code irqRatePerMs: 1e308} hang —
 * is a timeout here). Anything else thrown, a hang or a heap blow-up is a finding. The corpus
 * ({@code ModelCodecFuzzTestInputs/}) holds the built-in fleet scenarios' models as {@link ModelCodec} writes them.
 */
class ModelCodecFuzzTest {

    private static final String ORIGIN = "fuzz-model.json";

    @FuzzTest
    void parseEndsInAModelOrAnIllegalArgumentException(byte[] input) {
        FleetModel m;
        try {
            m = ModelCodec.parse(new String(input, StandardCharsets.UTF_8), ORIGIN);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith(ORIGIN);
            return;
        }
        String text = ModelCodec.toJson(m);
        assertThat(ModelCodec.toJson(ModelCodec.parse(text, ORIGIN))).isEqualTo(text);
        for (int i = 0; i < Math.min(m.classes().size(), 4); i++) {
            CpuModel cpu = m.classes().get(i).model();
            new ModelledHost(List.of(cpu, cpu), SeedStream.root(i).child("host", 0), "xen.rendezvous", 1_000)
                    .apply(ApplyRequest.apply(10_000, "p"), RetryPolicy.none(), List.of(), 200_000);
        }
    }
}
