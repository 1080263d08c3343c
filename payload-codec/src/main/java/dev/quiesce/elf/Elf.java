package dev.quiesce.elf;

import java.util.List;
import java.util.Map;

/**
 * The ELF64 constants this project uses (values from the System V gABI, the x86-64 psABI and, for AArch64, "ELF for
 * the Arm 64-bit Architecture (AArch64)", the AAELF64 ABI document, §5.7 "Relocation").
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
    /** Machine: Arm AArch64. */
    public static final int EM_AARCH64 = 183;

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

    // AArch64 relocation types (AAELF64 §5.7; R_AARCH64_NONE is 0, the withdrawn alias 256 is also none).
    public static final int R_AARCH64_NONE = 0;
    public static final int R_AARCH64_ABS64 = 257;
    public static final int R_AARCH64_ABS32 = 258;
    public static final int R_AARCH64_ABS16 = 259;
    public static final int R_AARCH64_PREL64 = 260;
    public static final int R_AARCH64_PREL32 = 261;
    public static final int R_AARCH64_PREL16 = 262;
    public static final int R_AARCH64_MOVW_UABS_G0 = 263;
    public static final int R_AARCH64_MOVW_UABS_G0_NC = 264;
    public static final int R_AARCH64_MOVW_UABS_G1 = 265;
    public static final int R_AARCH64_MOVW_UABS_G1_NC = 266;
    public static final int R_AARCH64_MOVW_UABS_G2 = 267;
    public static final int R_AARCH64_MOVW_UABS_G2_NC = 268;
    public static final int R_AARCH64_MOVW_UABS_G3 = 269;
    public static final int R_AARCH64_MOVW_SABS_G0 = 270;
    public static final int R_AARCH64_MOVW_SABS_G1 = 271;
    public static final int R_AARCH64_MOVW_SABS_G2 = 272;
    public static final int R_AARCH64_LD_PREL_LO19 = 273;
    public static final int R_AARCH64_ADR_PREL_LO21 = 274;
    public static final int R_AARCH64_ADR_PREL_PG_HI21 = 275;
    public static final int R_AARCH64_ADR_PREL_PG_HI21_NC = 276;
    public static final int R_AARCH64_ADD_ABS_LO12_NC = 277;
    public static final int R_AARCH64_LDST8_ABS_LO12_NC = 278;
    public static final int R_AARCH64_TSTBR14 = 279;
    public static final int R_AARCH64_CONDBR19 = 280;
    public static final int R_AARCH64_JUMP26 = 282;
    public static final int R_AARCH64_CALL26 = 283;
    public static final int R_AARCH64_LDST16_ABS_LO12_NC = 284;
    public static final int R_AARCH64_LDST32_ABS_LO12_NC = 285;
    public static final int R_AARCH64_LDST64_ABS_LO12_NC = 286;
    public static final int R_AARCH64_MOVW_PREL_G0 = 287;
    public static final int R_AARCH64_MOVW_PREL_G0_NC = 288;
    public static final int R_AARCH64_MOVW_PREL_G1 = 289;
    public static final int R_AARCH64_MOVW_PREL_G1_NC = 290;
    public static final int R_AARCH64_MOVW_PREL_G2 = 291;
    public static final int R_AARCH64_MOVW_PREL_G2_NC = 292;
    public static final int R_AARCH64_MOVW_PREL_G3 = 293;
    public static final int R_AARCH64_LDST128_ABS_LO12_NC = 299;
    public static final int R_AARCH64_GOT_LD_PREL19 = 309;
    public static final int R_AARCH64_ADR_GOT_PAGE = 311;
    public static final int R_AARCH64_LD64_GOT_LO12_NC = 312;
    /** What gcc {@code -fpie} (the 28 KiB small-GOT model) loads a GOT entry with, after an ADRP of the GOT. */
    public static final int R_AARCH64_LD64_GOTPAGE_LO15 = 313;
    public static final int R_AARCH64_PLT32 = 314;
    public static final int R_AARCH64_TLSGD_ADR_PREL21 = 512;
    public static final int R_AARCH64_TLSGD_ADR_PAGE21 = 513;
    public static final int R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 = 541;
    public static final int R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC = 542;
    public static final int R_AARCH64_TLSLE_ADD_TPREL_HI12 = 549;
    public static final int R_AARCH64_TLSLE_ADD_TPREL_LO12_NC = 551;
    public static final int R_AARCH64_TLSDESC_ADR_PAGE21 = 562;
    public static final int R_AARCH64_TLSDESC_LD64_LO12 = 563;
    public static final int R_AARCH64_TLSDESC_ADD_LO12 = 564;
    public static final int R_AARCH64_TLSDESC_CALL = 569;
    public static final int R_AARCH64_COPY = 1024;
    public static final int R_AARCH64_GLOB_DAT = 1025;
    public static final int R_AARCH64_JUMP_SLOT = 1026;
    public static final int R_AARCH64_RELATIVE = 1027;
    public static final int R_AARCH64_TLS_DTPMOD64 = 1028;
    public static final int R_AARCH64_TLS_DTPREL64 = 1029;
    public static final int R_AARCH64_TLS_TPREL64 = 1030;
    public static final int R_AARCH64_TLSDESC = 1031;
    public static final int R_AARCH64_IRELATIVE = 1032;

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

    private static final Map<Integer, String> AARCH64_RELOCATIONS = Map.ofEntries(
            Map.entry(0, "NONE"),
            Map.entry(257, "ABS64"),
            Map.entry(258, "ABS32"),
            Map.entry(259, "ABS16"),
            Map.entry(260, "PREL64"),
            Map.entry(261, "PREL32"),
            Map.entry(262, "PREL16"),
            Map.entry(263, "MOVW_UABS_G0"),
            Map.entry(264, "MOVW_UABS_G0_NC"),
            Map.entry(265, "MOVW_UABS_G1"),
            Map.entry(266, "MOVW_UABS_G1_NC"),
            Map.entry(267, "MOVW_UABS_G2"),
            Map.entry(268, "MOVW_UABS_G2_NC"),
            Map.entry(269, "MOVW_UABS_G3"),
            Map.entry(270, "MOVW_SABS_G0"),
            Map.entry(271, "MOVW_SABS_G1"),
            Map.entry(272, "MOVW_SABS_G2"),
            Map.entry(273, "LD_PREL_LO19"),
            Map.entry(274, "ADR_PREL_LO21"),
            Map.entry(275, "ADR_PREL_PG_HI21"),
            Map.entry(276, "ADR_PREL_PG_HI21_NC"),
            Map.entry(277, "ADD_ABS_LO12_NC"),
            Map.entry(278, "LDST8_ABS_LO12_NC"),
            Map.entry(279, "TSTBR14"),
            Map.entry(280, "CONDBR19"),
            Map.entry(282, "JUMP26"),
            Map.entry(283, "CALL26"),
            Map.entry(284, "LDST16_ABS_LO12_NC"),
            Map.entry(285, "LDST32_ABS_LO12_NC"),
            Map.entry(286, "LDST64_ABS_LO12_NC"),
            Map.entry(287, "MOVW_PREL_G0"),
            Map.entry(288, "MOVW_PREL_G0_NC"),
            Map.entry(289, "MOVW_PREL_G1"),
            Map.entry(290, "MOVW_PREL_G1_NC"),
            Map.entry(291, "MOVW_PREL_G2"),
            Map.entry(292, "MOVW_PREL_G2_NC"),
            Map.entry(293, "MOVW_PREL_G3"),
            Map.entry(299, "LDST128_ABS_LO12_NC"),
            Map.entry(309, "GOT_LD_PREL19"),
            Map.entry(310, "LD64_GOTOFF_LO15"),
            Map.entry(311, "ADR_GOT_PAGE"),
            Map.entry(312, "LD64_GOT_LO12_NC"),
            Map.entry(313, "LD64_GOTPAGE_LO15"),
            Map.entry(314, "PLT32"),
            Map.entry(315, "GOTPCREL32"),
            Map.entry(512, "TLSGD_ADR_PREL21"),
            Map.entry(513, "TLSGD_ADR_PAGE21"),
            Map.entry(541, "TLSIE_ADR_GOTTPREL_PAGE21"),
            Map.entry(542, "TLSIE_LD64_GOTTPREL_LO12_NC"),
            Map.entry(549, "TLSLE_ADD_TPREL_HI12"),
            Map.entry(551, "TLSLE_ADD_TPREL_LO12_NC"),
            Map.entry(562, "TLSDESC_ADR_PAGE21"),
            Map.entry(563, "TLSDESC_LD64_LO12"),
            Map.entry(564, "TLSDESC_ADD_LO12"),
            Map.entry(569, "TLSDESC_CALL"),
            Map.entry(1024, "COPY"),
            Map.entry(1025, "GLOB_DAT"),
            Map.entry(1026, "JUMP_SLOT"),
            Map.entry(1027, "RELATIVE"),
            Map.entry(1028, "TLS_DTPMOD64"),
            Map.entry(1029, "TLS_DTPREL64"),
            Map.entry(1030, "TLS_TPREL64"),
            Map.entry(1031, "TLSDESC"),
            Map.entry(1032, "IRELATIVE"));

    private Elf() {
    }

    /**
     * The ABI name of relocation {@code type} of ELF machine {@code machine}: {@link #relocationName(int)} for
     * x86-64, e.g. {@code "R_AARCH64_CALL26"} for 283 on AArch64; an unknown type gives {@code "…_UNKNOWN(n)"}.
     */
    public static String relocationName(int machine, int type) {
        if (machine != EM_AARCH64) {
            return relocationName(type);
        }
        String name = type == 256 ? "NONE" : AARCH64_RELOCATIONS.get(type);
        return name != null ? "R_AARCH64_" + name : "R_AARCH64_UNKNOWN(" + Integer.toUnsignedString(type) + ")";
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
