package dev.quiesce.json;

import dev.quiesce.json.JsonValue.JsonArray;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonValue.JsonObject;
import dev.quiesce.json.JsonValue.JsonString;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    /** RFC 8259 section 13, the first example. */
    private static final String RFC_IMAGE = """
            {
                  "Image": {
                      "Width":  800,
                      "Height": 600,
                      "Title":  "View from 15th Floor",
                      "Thumbnail": {
                          "Url":    "http://www.example.com/image/481989943",
                          "Height": 125,
                          "Width":  100
                      },
                      "Animated" : false,
                      "IDs": [116, 943, 234, 38793]
                    }
                }""";

    @Test
    void theRfcExamplesAreRead() {
        JsonObject image = (JsonObject) ((JsonObject) JsonReader.parse(RFC_IMAGE, "rfc")).get("Image");
        assertThat(image.members().keySet()).containsExactly("Width", "Height", "Title", "Thumbnail", "Animated",
                "IDs");
        assertThat(((JsonNumber) image.get("Width")).longValue()).isEqualTo(800);
        assertThat(image.get("IDs")).isEqualTo(new JsonArray(List.of(JsonNumber.of(116), JsonNumber.of(943),
                JsonNumber.of(234), JsonNumber.of(38793))));
        assertThat(JsonReader.parse("\"Hello world!\"", "rfc")).isEqualTo(new JsonString("Hello world!"));
        assertThat(JsonReader.parse("-1.5e-3", "rfc")).isEqualTo(new JsonNumber("-1.5e-3"));
        assertThat(JsonReader.parse("\"\\uD834\\uDD1E\"", "rfc")).isEqualTo(new JsonString("\uD834\uDD1E"));
    }

    @Test
    void errorsNameTheOriginLineAndColumn() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1,\n \"b\" 2}", "m.json"))
                .hasMessage("m.json:2:6: expected ':' after key \"b\"");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1, \"a\": 2}", "m.json"))
                .hasMessage("m.json:1:10: key \"a\" appears twice in one object");
        assertThatThrownBy(() -> JsonReader.parse("[1, 2", "m.json")).hasMessage("m.json:1:6: expected ']' or ','"
                + " in array");
        assertThatThrownBy(() -> JsonReader.parse("\"a\tb\"", "m.json"))
                .hasMessage("m.json:1:3: control character U+0009 in string; write it as an escape");
    }

    @Test
    void whatRfc8259DoesNotAllowIsRefused() {
        for (String bad : new String[] {"01", "1.", ".5", "+1", "[1,]", "{\"a\":1,}", "'a'", "\"\\x41\"", "\"\\u12\"",
                "NaN", "Infinity", "tru", "[] []", "\u000b1", "{a: 1}", "", "\"open"}) {
            assertThatThrownBy(() -> JsonReader.parse(bad, "bad")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad:1:");
        }
    }

    @Test
    void nestingAndLengthAreBounded() {
        JsonReader small = new JsonReader(3, 100);
        assertThat(small.read("[[[1]]]", "ok")).isInstanceOf(JsonArray.class);
        assertThatThrownBy(() -> small.read("[[[[1]]]]", "deep"))
                .hasMessage("deep:1:4: nested deeper than 3 arrays and objects");
        assertThatThrownBy(() -> small.read("\"" + "x".repeat(100) + "\"", "long"))
                .hasMessage("long: 102 chars, more than the 100 this reader accepts");
        String hostile = "[".repeat(100_000);
        assertThatThrownBy(() -> JsonReader.parse(hostile, "hostile"))
                .hasMessage("hostile:1:257: nested deeper than 256 arrays and objects");
    }

    @Test
    void numbersKeepTheirTextAndSayWhetherTheyFitALong() {
        assertThat(new JsonNumber("9223372036854775807").isLong()).isTrue();
        assertThat(new JsonNumber("9223372036854775808").isLong()).isFalse();
        assertThat(new JsonNumber("1e3").isLong()).isFalse();
        assertThat(new JsonNumber("1e3").doubleValue()).isEqualTo(1000.0);
        assertThatThrownBy(() -> new JsonNumber("1.")).hasMessage("'1.' is not a JSON number");
    }
}
