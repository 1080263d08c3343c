package dev.quiesce.elf;

import java.io.Serial;

/**
 * A rejection of malformed ELF input; the message names the file, the field and its offset, e.g.
 * {@code guest.o: section [5] '.rela.text.foo': sh_offset 0x408 + sh_size 0x180 = 0x588 exceeds file size 0x500}.
 */
public final class ElfFormatException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message is {@code fileName + ": " + detail}. */
    public ElfFormatException(String fileName, String detail) {
        super(fileName + ": " + detail);
    }
}
