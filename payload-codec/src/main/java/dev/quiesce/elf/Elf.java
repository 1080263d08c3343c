package dev.quiesce.elf;

import java.util.List;

/**
 * The ELF64 constants this project uses (values from the System V gABI and the x86-64 psABI).
 */
public final class Elf {

    /** Object file type: relocatable. */
    public static final int ET_REL = 1;
    /** Object file type: executable. */
    public static final int ET_EXEC = 2;
    /** Object file type: shared object (or PIE). */
    public static final int ET_DYN = 3;
    /** Machine: AMD x86-64. */
    public static final int EM_X86_64 = 62;

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_INIT_ARRAY = 14;
    public static final int SHT_FINI_ARRAY = 15;
    public static final int SHT_GROUP = 17;
    public static final int SHT_SYMTAB_SHNDX = 18;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_MERGE = 0x10;
    public static final long SHF_STRINGS = 0x20;
    public static final long SHF_INFO_LINK = 0x40;
    public static final long SHF_LINK_ORDER = 0x80;
    public static final long SHF_GROUP = 0x200;
    public static final long SHF_TLS = 0x400;

    public static final int SHN_UNDEF = 0;
    /** First reserved section index: indices from here on are special, not sections. */
    public static final int SHN_LORESERVE = 0xff00;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_COMMON = 5;
    public static final int STT_TLS = 6;

    public static final int STV_DEFAULT = 0;
    public static final int STV_INTERNAL = 1;
    public static final int STV_HIDDEN = 2;
    public static final int STV_PROTECTED = 3;

    public static final int R_X86_64_NONE = 0;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_GOT32 = 3;
    public static final int R_X86_64_PLT32 = 4;
    public static final int R_X86_64_GOTPCREL = 9;
    public static final int R_X86_64_32 = 10;
    public static final int R_X86_64_32S = 11;
    public static final int R_X86_64_16 = 12;
    public static final int R_X86_64_PC16 = 13;
    public static final int R_X86_64_8 = 14;
    public static final int R_X86_64_PC8 = 15;
    public static final int R_X86_64_DTPMOD64 = 16;
    public static final int R_X86_64_DTPOFF64 = 17;
    public static final int R_X86_64_TPOFF64 = 18;
    public static final int R_X86_64_TLSGD = 19;
    public static final int R_X86_64_TLSLD = 20;
    public static final int R_X86_64_DTPOFF32 = 21;
    public static final int R_X86_64_GOTTPOFF = 22;
    public static final int R_X86_64_TPOFF32 = 23;
    public static final int R_X86_64_PC64 = 24;
    public static final int R_X86_64_GOTOFF64 = 25;
    public static final int R_X86_64_GOTPC32 = 26;
    public static final int R_X86_64_GOT64 = 27;
    public static final int R_X86_64_GOTPCREL64 = 28;
    public static final int R_X86_64_GOTPC64 = 29;
    public static final int R_X86_64_GOTPLT64 = 30;
    public static final int R_X86_64_PLTOFF64 = 31;
    public static final int R_X86_64_SIZE32 = 32;
    public static final int R_X86_64_SIZE64 = 33;
    public static final int R_X86_64_GOTPC32_TLSDESC = 34;
    public static final int R_X86_64_TLSDESC_CALL = 35;
    public static final int R_X86_64_GOTPCRELX = 41;
    public static final int R_X86_64_REX_GOTPCRELX = 42;
    public static final int R_X86_64_CODE_4_GOTPCRELX = 43;
    public static final int R_X86_64_CODE_4_GOTTPOFF = 44;
    public static final int R_X86_64_CODE_4_GOTPC32_TLSDESC = 45;

    /** Note type of a GNU build-id (owner {@code "GNU"}). */
    public static final int NT_GNU_BUILD_ID = 3;
    /** Note type of GNU program properties (owner {@code "GNU"}, e.g. {@code .note.gnu.property}). */
    public static final int NT_GNU_PROPERTY_TYPE_0 = 5;

    /** Size of the ELF64 file header. */
    public static final int EHDR_SIZE = 64;
    /** Size of one ELF64 section header. */
    public static final int SHDR_SIZE = 64;
    /** Size of one ELF64 symbol. */
    public static final int SYM_SIZE = 24;
    /** Size of one ELF64 RELA entry. */
    public static final int RELA_SIZE = 24;

    private static final List<String> X86_64_RELOCATIONS = List.of(
            "NONE", "64", "PC32", "GOT32", "PLT32", "COPY", "GLOB_DAT", "JUMP_SLOT", "RELATIVE",
            "GOTPCREL", "32", "32S", "16", "PC16", "8", "PC8", "DTPMOD64", "DTPOFF64", "TPOFF64",
            "TLSGD", "TLSLD", "DTPOFF32", "GOTTPOFF", "TPOFF32", "PC64", "GOTOFF64", "GOTPC32",
            "GOT64", "GOTPCREL64", "GOTPC64", "GOTPLT64", "PLTOFF64", "SIZE32", "SIZE64",
            "GOTPC32_TLSDESC", "TLSDESC_CALL", "TLSDESC", "IRELATIVE", "RELATIVE64", "", "",
            "GOTPCRELX", "REX_GOTPCRELX", "CODE_4_GOTPCRELX", "CODE_4_GOTTPOFF", "CODE_4_GOTPC32_TLSDESC");

    private Elf() {
    }

    /**
     * The psABI name of an x86-64 relocation type, e.g. {@code "R_X86_64_PC32"} for 2; an unknown
     * type gives {@code "R_X86_64_UNKNOWN(n)"}.
     */
    public static String relocationName(int type) {
        if (type >= 0 && type < X86_64_RELOCATIONS.size() && !X86_64_RELOCATIONS.get(type).isEmpty()) {
            return "R_X86_64_" + X86_64_RELOCATIONS.get(type);
        }
        return "R_X86_64_UNKNOWN(" + Integer.toUnsignedString(type) + ")";
    }
}
