package dev.quiesce.usercode.textlib;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: what binutils says about one relocatable object — its sections ({@code readelf -SW}),
 * symbols ({@code readelf -sW}), relocations ({@code readelf -rW}) and the bytes of its allocated data
 * sections ({@code objdump -s}). Read independently of the project's own ELF reader, so it can serve as
 * an oracle for the payload builder.
 */
final class ElfListing {

    /** One section: its index, name, entry size and flags ({@code A}, {@code W}, {@code X}, {@code M}, {@code S}). */
    record Section(int index, String name, int entsize, String flags) {
        boolean readOnlyData() {
            return flags.contains("A") && !flags.contains("W") && !flags.contains("X");
        }
    }

    /** A symbol's section and value. */
    record Place(String section, long value) {
    }

    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)]\\s+(\\S+)\\s+\\S+\\s+[0-9a-f]+\\s+[0-9a-f]+\\s+[0-9a-f]+\\s+([0-9a-f]+)\\s+(\\S*)\\s+\\d+\\s+\\d+\\s+\\d+$");
    private static final Pattern RELA = Pattern.compile("^Relocation section '\\.rela(\\S+)'");

    final Path object;
    final Map<String, Section> sections = new HashMap<>();
    /** Function name ({@code file.c#name} for a static one) → its section. */
    final Map<String, String> functionSections = new HashMap<>();
    /** Local labels ({@code .LC0}) and data objects ({@code CSWTCH.13}, {@code tl_inputs}) by name. */
    final Map<String, Place> dataSymbols = new HashMap<>();
    final Map<String, List<String>> relocations = new HashMap<>();
    final Map<String, byte[]> contents = new HashMap<>();

    ElfListing(Path object) {
        this.object = object;
        Path dir = object.getParent();
        Map<Integer, String> byIndex = new HashMap<>();
        for (String line : Processes.run(dir, List.of("readelf", "-SW", object.toString())).split("\n")) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                Section s = new Section(Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3), 16), m.group(4));
                sections.put(s.name(), s);
                byIndex.put(s.index(), s.name());
            }
        }
        String sourceFile = object.getFileName().toString();
        for (String line : Processes.run(dir, List.of("readelf", "-sW", object.toString())).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 8 && f[3].equals("FILE")) {
                sourceFile = f[7];
            }
            if (f.length < 8 || !f[6].chars().allMatch(Character::isDigit)) {
                continue;
            }
            String section = byIndex.get(Integer.parseInt(f[6]));
            if (f[3].equals("FUNC")) {
                // a static function by the name Xen's symbol table and livepatch_func give it: file.c#name
                functionSections.put(f[4].equals("LOCAL") ? sourceFile + "#" + f[7] : f[7], section);
            } else if ((f[3].equals("NOTYPE") && f[4].equals("LOCAL")) || f[3].equals("OBJECT")) {
                dataSymbols.put(f[7], new Place(section, Long.parseUnsignedLong(f[1], 16)));
            }
        }
        String current = null;
        for (String line : Processes.run(dir, List.of("readelf", "-rW", object.toString())).split("\n")) {
            Matcher m = RELA.matcher(line);
            if (m.find()) {
                current = m.group(1);
                relocations.put(current, new ArrayList<>());
            } else if (current != null && line.matches("^[0-9a-f]{16}\\s.*")) {
                String[] f = line.strip().split("\\s+", 5);
                relocations.get(current).add(f[0] + " " + f[2] + " " + (f.length > 4 ? f[4] : ""));
            }
        }
        readContents(dir);
    }

    /** The bytes of every allocated non-executable section with contents, from {@code objdump -s}. */
    private void readContents(Path dir) {
        Set<String> wanted = new HashSet<>();
        sections.values().stream().filter(s -> s.flags().contains("A") && !s.flags().contains("X"))
                .forEach(s -> wanted.add(s.name()));
        if (wanted.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("objdump", "-s"));
        wanted.stream().sorted().forEach(n -> {
            cmd.add("-j");
            cmd.add(n);
        });
        cmd.add(object.toString());
        String current = null;
        StringBuilder hex = new StringBuilder();
        for (String line : Processes.run(dir, cmd).split("\n")) {
            if (line.startsWith("Contents of section ")) {
                flush(current, hex);
                current = line.substring("Contents of section ".length(), line.length() - 1);
            } else if (current != null && line.startsWith(" ")) {
                int afterOffset = line.indexOf(' ', 1);
                hex.append(line, afterOffset + 1, Math.min(line.length(), afterOffset + 36));
            }
        }
        flush(current, hex);
    }

    private void flush(String section, StringBuilder hex) {
        if (section != null) {
            contents.put(section, HexFormat.of().parseHex(hex.toString().replace(" ", "")));
        }
        hex.setLength(0);
    }

    byte[] bytes(String section) {
        return contents.getOrDefault(section, new byte[0]);
    }
}
