package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.ElfSection;

/**
 * String literals in a mergeable string section ({@code SHF_MERGE | SHF_STRINGS}, gcc's
 * {@code .rodata.<func>.str1.1}): a reference to one is identified by the text of the string it
 * lands in, since the string's offset moves whenever another literal of the section changes
 * (create-diff-object compares {@code rela->string}).
 */
final class MergedStrings {

    private MergedStrings() {
    }

    /**
     * The literal that contains byte {@code designated} of {@code sec}, as a target whose addend is
     * relative to the literal's first byte.
     */
    static Normaliser.Target literal(ElfSection sec, long designated, long addend) {
        byte[] data = sec.data();
        int unit = (int) Math.max(1, sec.entsize());
        if (designated < 0 || designated >= data.length) {
            return new Normaliser.Target("str-outside:" + SymbolNames.correlationKey(sec.name()) + "+" + designated, addend);
        }
        int start = (int) (designated / unit * unit);
        while (start >= unit && !isTerminator(data, start - unit, unit)) {
            start -= unit;
        }
        int end = start;
        while (end + unit <= data.length && !isTerminator(data, end, unit)) {
            end += unit;
        }
        return new Normaliser.Target("str:" + quote(data, start, end), addend - start);
    }

    private static boolean isTerminator(byte[] data, int at, int unit) {
        for (int i = 0; i < unit; i++) {
            if (data[at + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as a quoted string: printable ASCII as is, {@code \"}, {@code \\}, and {@code \xNN} for the rest. */
    static String quote(byte[] data, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xff;
            if (b == '"' || b == '\\') {
                sb.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append("\\x%02x".formatted(b));
            }
        }
        return sb.append('"').toString();
    }
}
