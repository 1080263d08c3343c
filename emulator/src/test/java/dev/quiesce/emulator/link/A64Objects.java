package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test support: relocatable objects edited where no assembler writes what a test needs. */
final class A64Objects {

    /** The size of an ELF64 RELA entry ({@code r_offset}, {@code r_info}, {@code r_addend}). */
    private static final int RELA_SIZE = 24;

    private A64Objects() {
    }

    /**
     * {@code object} with the type of every relocation of type {@code from} (every relocation, for -1) set to
     * {@code to}, in the file's bytes: {@code r_info}'s low 32 bits.
     */
    static ElfFile withType(ElfFile object, int from, int to) {
        ByteBuffer in = object.bytes();
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        ByteBuffer out = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (ElfRelaSection rela : object.relocationSections()) {
            for (int j = 0; j < rela.relocations().size(); j++) {
                if (from == -1 || rela.relocations().get(j).type() == from) {
                    out.putInt((int) (rela.section().offset() + (long) j * RELA_SIZE + 8), to);
                }
            }
        }
        return ElfFile.parse(object.fileName(), bytes);
    }
}
