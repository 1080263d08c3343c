package dev.quiesce.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader of the notes of one {@code SHT_NOTE} section: a sequence of {@code n_namesz, n_descsz, n_type}
 * headers, each followed by the name and the descriptor, each of which starts at a multiple of the
 * section's alignment (4, or 8 as in {@code .note.gnu.property}).
 */
final class NoteReader {

    private static final int HEADER = 12;

    private NoteReader() {
    }

    static List<ElfNote> read(ElfInput in, ElfSection section) {
        long align = section.addralign() == 8 ? 8 : 4;
        long size = section.size();
        List<ElfNote> notes = new ArrayList<>();
        long pos = 0;
        while (pos < size) {
            long at = section.offset() + pos;
            String context = "note at 0x%x in %s".formatted(at, section.describe());
            if (size - pos < HEADER) {
                throw in.error(context, "the 12-byte note header runs past the section end (0x%x bytes left)"
                        .formatted(size - pos));
            }
            long namesz = Integer.toUnsignedLong(in.u32(at));
            long descsz = Integer.toUnsignedLong(in.u32(at + 4));
            int type = in.u32(at + 8);
            long nameStart = pos + HEADER;
            long descStart = pad(nameStart + namesz, align);
            long descEnd = descStart + descsz;
            if (descStart > size || nameStart + namesz > size) {
                throw in.error(context, "n_namesz 0x%x runs past the section end (size 0x%x)".formatted(namesz, size));
            }
            if (descEnd > size) {
                throw in.error(context, "n_descsz 0x%x at section offset 0x%x runs past the section end (size 0x%x)"
                        .formatted(descsz, descStart, size));
            }
            byte[] name = in.slice(section.offset() + nameStart, namesz);
            int nameLength = name.length > 0 && name[name.length - 1] == 0 ? name.length - 1 : name.length;
            notes.add(new ElfNote(new String(name, 0, nameLength, StandardCharsets.UTF_8), type,
                    in.slice(section.offset() + descStart, descsz)));
            pos = Math.min(size, pad(descEnd, align));
        }
        return notes;
    }

    private static long pad(long value, long align) {
        return (value + align - 1) & -align;
    }
}
