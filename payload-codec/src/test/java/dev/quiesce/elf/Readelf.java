package dev.quiesce.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test oracle: the output of GNU {@code readelf -SsrnW}, parsed. */
record Readelf(List<Section> sections, List<Symbol> symbols, Map<String, List<Relocation>> relocations,
               List<Note> notes) {

    record Section(int index, String name, String type, long address, long offset, long size, long entsize,
                   String flags, int link, int info, long align) {
    }

    record Symbol(int index, long value, long size, String type, String bind, String visibility, String ndx,
                  String name) {
    }

    record Relocation(long offset, int symbol, int type, String typeName, long addend) {
    }

    record Note(String owner, long size, String description) {
    }

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s(.*)$");
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*(\\d+): ([0-9a-f]{16})\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?: (.*))?$");
    private static final Pattern RELA_HEADER = Pattern.compile("^Relocation section '(.*)' at offset .*$");
    private static final Pattern RELA = Pattern.compile("^([0-9a-f]{16})\\s+([0-9a-f]{16})\\s+(\\S+)\\s*(.*)$");
    private static final Pattern ADDEND = Pattern.compile("^(?:.*\\s)?([+-]) ([0-9a-f]+)$");
    private static final Pattern NOTE = Pattern.compile("^\\s+(\\S+)\\s+0x([0-9a-f]{8})\\s+(.*)$");

    /** Writes {@code bytes} to a file in {@code dir} and runs readelf on it. */
    static Readelf of(Path dir, String name, byte[] bytes) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, bytes);
            return parse(Tools.run(dir, "readelf", "-SsrnW", file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Readelf parse(String output) {
        List<Section> sections = new ArrayList<>();
        List<Symbol> symbols = new ArrayList<>();
        Map<String, List<Relocation>> relocations = new LinkedHashMap<>();
        List<Note> notes = new ArrayList<>();
        String mode = "";
        List<Relocation> current = null;
        for (String line : output.split("\n")) {
            Matcher m;
            if (line.startsWith("Section Headers:")) {
                mode = "S";
            } else if (line.startsWith("Symbol table '")) {
                mode = line.startsWith("Symbol table '.symtab'") ? "s" : "";
            } else if ((m = RELA_HEADER.matcher(line)).matches()) {
                mode = "r";
                current = new ArrayList<>();
                relocations.put(m.group(1), current);
            } else if (line.startsWith("Displaying notes") || line.startsWith("Key to Flags")) {
                mode = line.startsWith("Displaying") ? "n" : "";
            } else if (mode.equals("S") && (m = SECTION.matcher(line)).matches()) {
                sections.add(section(Integer.parseInt(m.group(1)), m.group(2).trim().split("\\s+")));
            } else if (mode.equals("s") && (m = SYMBOL.matcher(line)).matches()) {
                String size = m.group(3);
                symbols.add(new Symbol(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16),
                        size.startsWith("0x") ? Long.parseUnsignedLong(size.substring(2), 16) : Long.parseLong(size),
                        m.group(4), m.group(5), m.group(6), m.group(7), m.group(8) == null ? "" : m.group(8)));
            } else if (mode.equals("r") && (m = RELA.matcher(line)).matches()) {
                long info = Long.parseUnsignedLong(m.group(2), 16);
                current.add(new Relocation(Long.parseUnsignedLong(m.group(1), 16), (int) (info >>> 32), (int) info,
                        m.group(3), addend(m.group(4).trim())));
            } else if (mode.equals("n") && (m = NOTE.matcher(line)).matches() && !m.group(1).equals("Owner")) {
                notes.add(new Note(m.group(1), Long.parseLong(m.group(2), 16), m.group(3)));
            }
        }
        return new Readelf(sections, symbols, relocations, notes);
    }

    /** Columns after {@code [Nr]}: [name] type address off size es [flags] lk inf al. */
    private static Section section(int index, String[] t) {
        int a = 0;
        while (!t[a].matches("[0-9a-f]{16}")) {
            a++;
        }
        String name = a == 2 ? t[0] : "";
        String type = t[a - 1];
        List<String> rest = Arrays.asList(t).subList(a + 4, t.length);
        String flags = rest.size() == 4 ? rest.get(0) : "";
        int r = rest.size() - 3;
        return new Section(index, name, type, Long.parseUnsignedLong(t[a], 16), Long.parseUnsignedLong(t[a + 1], 16),
                Long.parseUnsignedLong(t[a + 2], 16), Long.parseUnsignedLong(t[a + 3], 16), flags,
                Integer.parseInt(rest.get(r)), Integer.parseInt(rest.get(r + 1)), Long.parseLong(rest.get(r + 2)));
    }

    private static long addend(String rest) {
        Matcher m = ADDEND.matcher(rest);
        if (m.matches()) {
            long v = Long.parseUnsignedLong(m.group(2), 16);
            return m.group(1).equals("-") ? -v : v;
        }
        return rest.isEmpty() ? 0 : Long.parseUnsignedLong(rest, 16);
    }
}
