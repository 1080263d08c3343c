package dev.quiesce.json;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {

    @Test
    void stringsUseTheShortEscapesAndU00xxForOtherControls() {
        assertThat(JsonWriter.quote("a\"b\\c/\b\f\n\r\t\u0000\u001f\u007f")).isEqualTo(
                "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\"");
    }

    @Test
    void lineSeparatorsAndLoneSurrogatesAreEscapedAndPairsKept() {
        assertThat(JsonWriter.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(JsonWriter.quote("x\ud800y\udc00")).isEqualTo("\"x\\ud800y\\udc00\"");
        assertThat(JsonWriter.quote("\ud83d\ude00\ud83d")).isEqualTo("\"\ud83d\ude00\\ud83d\"");
    }

    @Test
    void mapsKeepTheirOrderAndValuesAreCompact() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", List.of(1, 2L, true));
        m.put("a", null);
        m.put("s", "t");
        assertThat(JsonWriter.toJson(m)).isEqualTo("{\"z\":[1,2,true],\"a\":null,\"s\":\"t\"}");
        assertThatThrownBy(() -> JsonWriter.toJson(1.5)).hasMessage("no JSON form for java.lang.Double");
    }
}
