package dev.quiesce.elf;

/**
 * The fields of the ELF64 file header that the reader uses, after the identification checks.
 *
 * @param type      {@code e_type}
 * @param machine   {@code e_machine}
 * @param shoff     {@code e_shoff}
 * @param shentsize {@code e_shentsize}
 * @param shnum     {@code e_shnum} (0 when the count is in section 0's {@code sh_size})
 * @param shstrndx  {@code e_shstrndx} ({@code SHN_XINDEX} when it is in section 0's {@code sh_link})
 */
record ElfHeader(int type, int machine, long shoff, int shentsize, int shnum, int shstrndx) {

    private static final String CONTEXT = "ELF header";
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int EV_CURRENT = 1;

    /** Reads and checks the header: size, magic, class, byte order and version. */
    static ElfHeader read(ElfInput in) {
        if (in.length() < Elf.EHDR_SIZE) {
            throw in.error(CONTEXT, "file size 0x%x is shorter than the ELF64 header (0x40 bytes)".formatted(in.length()));
        }
        if (in.u8(0) != 0x7f || in.u8(1) != 'E' || in.u8(2) != 'L' || in.u8(3) != 'F') {
            throw in.error(CONTEXT, "e_ident[EI_MAG0..3] at 0x0 is %02x %02x %02x %02x, expected 7f 45 4c 46 (\\x7fELF)"
                    .formatted(in.u8(0), in.u8(1), in.u8(2), in.u8(3)));
        }
        expect(in, 4, "e_ident[EI_CLASS]", in.u8(4), ELFCLASS64, "ELFCLASS64");
        expect(in, 5, "e_ident[EI_DATA]", in.u8(5), ELFDATA2LSB, "ELFDATA2LSB (little-endian)");
        expect(in, 6, "e_ident[EI_VERSION]", in.u8(6), EV_CURRENT, "EV_CURRENT");
        expect(in, 0x14, "e_version", in.u32(0x14), EV_CURRENT, "EV_CURRENT");
        return new ElfHeader(in.u16(0x10), in.u16(0x12), in.u64(0x28), in.u16(0x3a), in.u16(0x3c), in.u16(0x3e));
    }

    private static void expect(ElfInput in, int offset, String field, int actual, int expected, String meaning) {
        if (actual != expected) {
            throw in.error(CONTEXT, "%s at 0x%x is %d, expected %d (%s)".formatted(
                    field, offset, Integer.toUnsignedLong(actual), expected, meaning));
        }
    }
}
