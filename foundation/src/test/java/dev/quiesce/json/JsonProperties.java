package dev.quiesce.json;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonProperties {

    @Property
    void everyStringReadsBackFromItsQuotedForm(@ForAll String s) {
        assertThat(JsonReader.parse(JsonWriter.quote(s), "p")).isEqualTo(new JsonValue.JsonString(s));
    }

    @Property
    void quotedStringsAreValidUtf8WithoutRawControlsOrLineSeparators(@ForAll String s) {
        String q = JsonWriter.quote(s);
        assertThat(new String(q.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(q);
        assertThat(q.chars()).noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029);
    }

    @Property
    void everyTreeReadsBackFromItsWrittenForm(@ForAll long seed) {
        JsonValue tree = new JsonTrees(seed).tree(5);
        assertThat(JsonReader.parse(JsonWriter.toJson(tree), "p")).isEqualTo(tree);
    }
}
