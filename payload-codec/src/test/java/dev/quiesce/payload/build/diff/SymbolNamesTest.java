package dev.quiesce.payload.build.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SymbolNamesTest {

    @Test
    void correlationKey_dropsTheNumbersGccAppends() {
        assertThat(SymbolNames.correlationKey("counter.1")).isEqualTo("counter");
        assertThat(SymbolNames.correlationKey("bar.123")).isEqualTo("bar");
        assertThat(SymbolNames.correlationKey("foo.constprop.0")).isEqualTo("foo.constprop");
        assertThat(SymbolNames.correlationKey("foo.isra.3")).isEqualTo("foo.isra");
        assertThat(SymbolNames.correlationKey("foo.part.0.cold")).isEqualTo("foo.part.cold");
        assertThat(SymbolNames.correlationKey("CSWTCH.8")).isEqualTo("CSWTCH");
    }

    @Test
    void correlationKey_keepsNamesWithoutNumericSuffixes() {
        assertThat(SymbolNames.correlationKey("xen_extra_version")).isEqualTo("xen_extra_version");
        assertThat(SymbolNames.correlationKey(".text.unlikely.record_read")).isEqualTo(".text.unlikely.record_read");
        assertThat(SymbolNames.correlationKey("v2.x")).isEqualTo("v2.x");
    }

    @Test
    void coldParent_namesTheFunctionAColdPartBelongsTo() {
        assertThat(SymbolNames.coldParent("record_read.cold")).contains("record_read");
        assertThat(SymbolNames.coldParent("foo.isra.0.cold.2")).contains("foo.isra.0");
        assertThat(SymbolNames.coldParent("record_read")).isEmpty();
        assertThat(SymbolNames.coldParent("cold")).isEmpty();
        assertThat(SymbolNames.coldParent("foo.coldness")).isEmpty();
    }

    @Test
    void isInitSection_recognisesXensInitSectionsOnly() {
        assertThat(SymbolNames.isInitSection(".init.text")).isTrue();
        assertThat(SymbolNames.isInitSection(".init.data")).isTrue();
        assertThat(SymbolNames.isInitSection(".text.init_done")).isFalse();
        assertThat(SymbolNames.isInitSection(".text.initialise")).isFalse();
    }
}
