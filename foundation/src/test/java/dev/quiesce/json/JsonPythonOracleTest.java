package dev.quiesce.json;

import dev.quiesce.json.JsonValue.JsonArray;
import dev.quiesce.json.JsonValue.JsonBoolean;
import dev.quiesce.json.JsonValue.JsonNull;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonValue.JsonObject;
import dev.quiesce.json.JsonValue.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer and the reader against an independent oracle, Python's {@code json} module: Python decodes what
 * {@link JsonWriter} wrote into the same values (compared as code points and IEEE bits), and {@link JsonReader} reads
 * what Python writes (indented or not, ASCII-escaped or not) into the same values.
 */
class JsonPythonOracleTest {

    private static final int DOCUMENTS = 400;

    /** Per input line: the canonical form of the decoded value, then base64 of Python's own encodings of it. */
    private static final String PYTHON = """
            import sys, json, struct, base64
            def canon(v):
                if isinstance(v, bool): return {"b": v}
                if v is None: return {"z": 0}
                if isinstance(v, int): return {"i": str(v)}
                if isinstance(v, float): return {"f": str(struct.unpack('<q', struct.pack('<d', v))[0])}
                if isinstance(v, str): return {"s": [ord(c) for c in v]}
                if isinstance(v, list): return {"a": [canon(x) for x in v]}
                return {"o": [[[ord(c) for c in k], canon(x)] for k, x in v.items()]}
            for n, line in enumerate(sys.stdin.buffer.read().split(b'\\n')):
                if not line: continue
                v = json.loads(line.decode('utf-8'))
                print(json.dumps(canon(v), separators=(',', ':')))
                for indent in (None, 2):
                    ascii_only = n % 2 == 0
                    try:
                        text = json.dumps(v, indent=indent, ensure_ascii=ascii_only).encode('utf-8')
                    except UnicodeEncodeError:
                        text = json.dumps(v, indent=indent).encode('utf-8')
                    print(base64.b64encode(text).decode('ascii'))
            """;

    @TempDir
    Path dir;

    @Test
    void pythonDecodesWhatTheWriterWritesAndTheReaderReadsWhatPythonWrites() throws Exception {
        JsonTrees trees = new JsonTrees(0x5eed);
        List<JsonValue> docs = new ArrayList<>();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < DOCUMENTS; i++) {
            JsonValue v = trees.tree(4);
            docs.add(v);
            String text = JsonWriter.toJson(v);
            assertThat(text).doesNotContain("\n");
            in.append(text).append('\n');
        }
        List<String> out = python(in.toString());
        assertThat(out).hasSize(3 * DOCUMENTS);
        for (int i = 0; i < DOCUMENTS; i++) {
            String expected = canon(docs.get(i));
            assertThat(out.get(3 * i)).as("document %d as Python decoded it", i).isEqualTo(expected);
            for (int k = 1; k <= 2; k++) {
                String python = new String(Base64.getDecoder().decode(out.get(3 * i + k)), StandardCharsets.UTF_8);
                assertThat(canon(JsonReader.parse(python, "python"))).as("Python's text %s", python)
                        .isEqualTo(expected);
            }
        }
    }

    private List<String> python(String input) throws IOException, InterruptedException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), input, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", "-c", PYTHON).redirectInput(in.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor()).as("python3 exit status").isZero();
        return out.lines().toList();
    }

    /** The canonical form the Python side prints. */
    static String canon(JsonValue v) {
        return switch (v) {
            case JsonBoolean b -> "{\"b\":" + b.value() + "}";
            case JsonNull n -> "{\"z\":0}";
            case JsonNumber n when n.isLong() -> "{\"i\":\"" + n.longValue() + "\"}";
            case JsonNumber n -> "{\"f\":\"" + Double.doubleToRawLongBits(n.doubleValue()) + "\"}";
            case JsonString s -> "{\"s\":" + codePoints(s.value()) + "}";
            case JsonArray a -> a.elements().stream().map(JsonPythonOracleTest::canon)
                    .collect(Collectors.joining(",", "{\"a\":[", "]}"));
            case JsonObject o -> o.members().entrySet().stream().map(JsonPythonOracleTest::member)
                    .collect(Collectors.joining(",", "{\"o\":[", "]}"));
        };
    }

    private static String member(Map.Entry<String, JsonValue> e) {
        return "[" + codePoints(e.getKey()) + "," + canon(e.getValue()) + "]";
    }

    private static String codePoints(String s) {
        return s.codePoints().mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
