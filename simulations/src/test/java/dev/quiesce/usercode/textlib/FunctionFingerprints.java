package dev.quiesce.usercode.textlib;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: each function of an object as layout-independent text — its disassembly
 * ({@code objdump -dr --no-addresses}: instruction bytes, with the fields relocations fill still zero)
 * and its relocations, whose targets are named by what they designate rather than where it lies:
 * a string literal in a mergeable string section by its text, a mergeable constant by its bytes, a
 * read-only table (jump table, {@code CSWTCH} switch table) by its bytes and relocations, anything else
 * by symbol. Two builds of one source then give equal text for a function exactly when its code and
 * everything it reads that is not writable data are the same. kpatch's create-diff-object
 * (kpatch-build/create-diff-object.c, {@code rela_equal}) compares string literals by text the same way;
 * this is stricter for constant pools and tables, whose bytes it compares rather than taking them as equal.
 */
final class FunctionFingerprints {

    private static final Pattern RELOCATION = Pattern.compile("^\\s+(R_X86_64_\\S+)\\s+(\\S+?)([+-]0x[0-9a-f]+)?$");

    private FunctionFingerprints() {
    }

    /** Function name → its fingerprint, for every function symbol of the object. */
    static Map<String, List<String>> of(ElfListing elf) {
        Map<String, List<String>> bySection = new HashMap<>();
        List<String> current = null;
        for (String line : Processes.run(elf.object.getParent(),
                List.of("objdump", "-dr", "--no-addresses", elf.object.toString())).split("\n")) {
            if (line.startsWith("Disassembly of section ")) {
                current = new ArrayList<>();
                bySection.put(line.substring("Disassembly of section ".length(), line.length() - 1), current);
                continue;
            }
            if (current == null || line.isBlank()) {
                continue;
            }
            Matcher r = RELOCATION.matcher(line);
            if (r.matches()) {
                long addend = r.group(3) == null ? 0 : Long.parseLong(r.group(3).replace("0x", ""), 16);
                current.add(r.group(1) + " " + target(elf, r.group(2), addend));
            } else {
                current.add(line.replaceAll("\\s*#.*$", "").replaceAll("\\s*<[^>]*>", "").strip().replaceAll("\\s+", " "));
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        elf.functionSections.forEach((fn, section) -> out.put(fn, bySection.getOrDefault(section, List.of())));
        return out;
    }

    /** What a relocation against {@code symbol + addend} designates, independent of the section layout. */
    static String target(ElfListing elf, String symbol, long addend) {
        String section = symbol;
        long offset = addend;
        ElfListing.Place label = elf.dataSymbols.get(symbol);
        if (label != null) {
            section = label.section();
            offset += label.value();
        }
        ElfListing.Section s = elf.sections.get(section);
        if (s == null || !s.readOnlyData()) {
            return symbol + signed(addend);
        }
        byte[] data = elf.bytes(section);
        // a RIP-relative reference's addend is the target minus 4 (the displacement's end)
        int designated = (int) Math.max(0, Math.min(data.length - 1L, offset + 4));
        if (s.flags().contains("M") && s.flags().contains("S")) {
            int start = designated;
            while (start > 0 && data[start - 1] != 0) {
                start--;
            }
            int end = designated;
            while (end < data.length && data[end] != 0) {
                end++;
            }
            return "str:\"" + new String(data, start, end - start, StandardCharsets.ISO_8859_1)
                    .replace("\n", "\\n") + "\"" + signed(offset - start);
        }
        if (s.flags().contains("M") && s.entsize() > 0) {
            int at = designated / s.entsize() * s.entsize();
            int to = Math.min(data.length, at + s.entsize());
            return "cst:" + HexFormat.of().formatHex(data, at, to) + signed(offset - at);
        }
        return "ro:" + HexFormat.of().formatHex(data) + elf.relocations.getOrDefault(section, List.of()) + signed(offset);
    }

    private static String signed(long v) {
        return v < 0 ? "-" + (-v) : "+" + v;
    }
}
