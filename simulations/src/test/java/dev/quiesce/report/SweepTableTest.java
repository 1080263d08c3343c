package dev.quiesce.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep's CSV table quotes values the way RFC 4180 does. */
class SweepTableTest {

    @Test
    void csvQuotesValuesWithCommasAndDoublesInnerQuotes() {
        assertThat(SweepTable.quote("fixed(5,1ms)")).isEqualTo("\"fixed(5,1ms)\"");
        assertThat(SweepTable.quote("say \"hi\", then")).isEqualTo("\"say \"\"hi\"\", then\"");
        assertThat(SweepTable.quote("none")).isEqualTo("none");
    }
}
