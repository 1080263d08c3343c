package dev.quiesce.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GuestLayout} against gcc's own layout of {@code guest.h}: gcc compiles a file that emits each offset and
 * size as an assembler string (as Linux's {@code asm-offsets.c} does), independently of the header's
 * {@code _Static_assert}s, once for each architecture the guest is built for.
 */
class GuestLayoutTest {

    private static final Path HEADERS = Path.of("src/main/c");
    /** Each constant of GuestLayout and the C expression gcc evaluates for it. */
    private static final Map<String, String> C_OF = new LinkedHashMap<>();
    /** The u32 fields of struct workload in declaration order. */
    private static final List<String> WORKLOAD_FIELDS = List.of("weight_hypercall", "weight_long_work",
            "weight_irqs_off", "weight_idle", "long_work_iters", "long_work_jitter", "irqs_off_iters", "idle_iters",
            "device_irq_iters", "mce_calls", "irq_calls");

    static {
        C_OF.put("MAX_CPUS", "MAX_CPUS");
        C_OF.put("PERCPU_SIZE", "sizeof(struct percpu)");
        for (String f : List.of("rng", "quiescence_checks", "irqs", "timer_ticks", "nmis", "extra_version_first",
                "mces", "mce_seen", "stall_iters", "universe")) {
            C_OF.put("PERCPU_" + f.toUpperCase(Locale.ROOT), "__builtin_offsetof(struct percpu, " + f + ")");
        }
        C_OF.put("WORKLOAD_SIZE", "sizeof(struct workload)");
        for (String f : WORKLOAD_FIELDS) {
            C_OF.put("WORKLOAD_" + f.toUpperCase(Locale.ROOT), "__builtin_offsetof(struct workload, " + f + ")");
        }
        C_OF.put("RENDEZVOUS_WORDS", "RENDEZVOUS_WORDS");
        C_OF.put("RENDEZVOUS_SIZE", "sizeof(struct rendezvous_words)");
    }

    @TempDir
    Path dir;

    /** gcc for x86-64, and Debian's cross compiler for AArch64 (build-guest.sh): the layout must hold on both. */
    @ParameterizedTest
    @ValueSource(strings = {"gcc", "aarch64-linux-gnu-gcc"})
    void everyOffsetAndSizeIsWhereGccLaysItOut(String compiler) throws Exception {
        assertThat(gccLayout(compiler)).isEqualTo(javaLayout());
    }

    @Test
    void workloadFieldsAreTheStructsFieldsInDeclarationOrder() throws Exception {
        Map<String, Long> gcc = gccLayout("gcc");
        List<Long> expected = new ArrayList<>();
        for (String f : WORKLOAD_FIELDS) {
            expected.add(gcc.get("WORKLOAD_" + f.toUpperCase(Locale.ROOT)));
        }
        assertThat(GuestLayout.WORKLOAD_FIELDS).isEqualTo(expected);
    }

    /** The public numeric constants of GuestLayout; each must have its C expression here. */
    private static Map<String, Long> javaLayout() throws IllegalAccessException {
        Map<String, Long> out = new TreeMap<>();
        for (Field f : GuestLayout.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && (f.getType() == long.class || f.getType() == int.class)) {
                out.put(f.getName(), ((Number) f.get(null)).longValue());
            }
        }
        assertThat(C_OF.keySet()).as("a C expression for every GuestLayout constant").containsExactlyInAnyOrderElementsOf(out.keySet());
        return out;
    }

    private Map<String, Long> gccLayout(String compiler) throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder("#include \"guest.h\"\n")
                .append("#define DEFINE(sym, val) __asm__ volatile(\"\\n.ascii \\\"->\" #sym \" %c0\\\"\" : : \"i\" (val))\n")
                .append("void layout(void) {\n");
        C_OF.forEach((name, expr) -> c.append("    DEFINE(").append(name).append(", ").append(expr).append(");\n"));
        c.append("}\n");
        Path source = dir.resolve("layout.c");
        Path asm = dir.resolve("layout.s");
        Files.writeString(source, c);
        Process gcc = new ProcessBuilder(compiler, "-S", "-std=gnu11", "-O2", "-ffreestanding", "-I",
                HEADERS.toAbsolutePath().toString(), "-o", asm.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc -S of the layout probe: %s", log).isZero();
        Map<String, Long> out = new TreeMap<>();
        Matcher m = Pattern.compile("->(\\w+) (\\d+)").matcher(Files.readString(asm));
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertThat(out).as("gcc evaluated every expression").hasSameSizeAs(C_OF);
        return out;
    }
}
