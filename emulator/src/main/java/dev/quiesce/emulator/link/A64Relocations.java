package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;

/**
 * The AArch64 relocations the linker applies: those of the small code model that gcc emits for position-independent
 * code with hidden visibility, and the few an assembler writes besides ("ELF for the Arm 64-bit Architecture",
 * AAELF64, §5.7.4 to §5.7.8). Each type has its operation ({@code S + A}, {@code S + A - P} or
 * {@code Page(S + A) - Page(P)}, §5.7.3.3), the range its result {@code X} must lie in, the multiple it must be, and
 * the field it is written to ({@link A64Field}). A value out of range, or not the required multiple, is a
 * {@link LinkException} naming relocation, object, section and offset, symbol, value and range; never a truncated
 * field. The {@code _NC} types are not range-checked, as the ABI requires.
 *
 * <p>Where GNU ld (binutils 2.40, the oracle of the tests) differs from the ABI, this linker accepts exactly what
 * GNU ld accepts: {@code ABS32} and {@code ABS16} must be unsigned ({@code 0 <= X < 2^32}, {@code 2^16}; the ABI
 * would also take negative values down to {@code -2^31}, {@code -2^15}); the {@code LDSTn_ABS_LO12_NC} types
 * require X to be a multiple of the access size (the ABI's note says a linker "should" check it; GNU ld refuses
 * with "relocation truncated to fit"), and so does {@code LD_PREL_LO19} for its 4. A branch ({@code CALL26},
 * {@code JUMP26}, {@code CONDBR19}, {@code TSTBR14}) to an X that is not a multiple of 4 is refused, where GNU ld
 * drops the low bits silently. No veneers: a branch beyond ±128 MiB is an error, where GNU ld would insert a stub.
 * A {@code CALL26} or {@code JUMP26} to an undefined weak symbol becomes a {@code NOP}, as GNU ld writes it (§5.7.7:
 * the call "becomes a no-op").
 */
final class A64Relocations implements MachineRelocations {

    static final A64Relocations INSTANCE = new A64Relocations();

    /** {@code NOP} (A64 hint instruction, {@code HINT #0}). */
    private static final int NOP = 0xd503201f;
    /**
     * The symbol gcc {@code -fpie} puts the GOT's page in with an {@code ADR_PREL_PG_HI21}, before loading an entry
     * with {@code LD64_GOTPAGE_LO15}: this linker has no GOT.
     */
    private static final String GOT_SYMBOL = "_GLOBAL_OFFSET_TABLE_";
    /** The withdrawn ELF64 code that AAELF64 §5.7.4 says to treat as {@code R_AARCH64_NONE}. */
    private static final int R_AARCH64_WITHDRAWN_NONE = 256;

    /** How {@code X} is computed from {@code S}, {@code A} and {@code P} (AAELF64 §5.7.3.3). */
    private enum Operation {
        ABS("S + A"), PREL("S + A - P"), PAGE("Page(S + A) - Page(P)");

        private final String text;

        Operation(String text) {
            this.text = text;
        }
    }

    /**
     * One supported type.
     *
     * @param min      the least X that fits, when {@code checked}
     * @param max      one past the greatest X that fits, when {@code checked}
     * @param span     the range in words, e.g. {@code ±128 MiB}
     * @param multiple X must be a multiple of it (1: any X)
     * @param hint     what an overflow means, after {@code ; }
     */
    private record Rule(Operation op, boolean checked, long min, long max, String span, int multiple, A64Field field,
                        String hint) {

        static Rule unchecked(Operation op, int multiple, A64Field field) {
            return new Rule(op, false, 0, 0, "", multiple, field, "");
        }
    }

    private static final String FAR = "the target is more than %s away from the place";

    private A64Relocations() {
    }

    /** The rule of {@code type}, or {@code null} when this linker does not apply it. */
    private static Rule rule(int type) {
        return switch (type) {
            case Elf.R_AARCH64_ABS64 -> Rule.unchecked(Operation.ABS, 1, A64Field.DATA64);
            case Elf.R_AARCH64_ABS32 -> absolute(32, A64Field.DATA32);
            case Elf.R_AARCH64_ABS16 -> absolute(16, A64Field.DATA16);
            case Elf.R_AARCH64_PREL64 -> Rule.unchecked(Operation.PREL, 1, A64Field.DATA64);
            case Elf.R_AARCH64_PREL32 -> relative(31, "±2 GiB", 1, A64Field.DATA32);
            case Elf.R_AARCH64_PREL16 -> relative(15, "±32 KiB", 1, A64Field.DATA16);
            case Elf.R_AARCH64_CALL26, Elf.R_AARCH64_JUMP26 -> new Rule(Operation.PREL, true, -(1L << 27), 1L << 27,
                    "±128 MiB", 4, A64Field.BRANCH26, FAR.formatted("128 MiB") + ", and this linker inserts no veneers "
                    + "(branch stubs): place the caller and its target within 128 MiB of each other");
            case Elf.R_AARCH64_CONDBR19, Elf.R_AARCH64_LD_PREL_LO19 -> relative(20, "±1 MiB", 4, A64Field.IMM19);
            case Elf.R_AARCH64_TSTBR14 -> relative(15, "±32 KiB", 4, A64Field.IMM14);
            case Elf.R_AARCH64_ADR_PREL_LO21 -> relative(20, "±1 MiB", 1, A64Field.ADR);
            case Elf.R_AARCH64_ADR_PREL_PG_HI21 -> new Rule(Operation.PAGE, true, -(1L << 32), 1L << 32, "±4 GiB", 1,
                    A64Field.ADRP, "the target's 4 KiB page is more than 4 GiB away from the place's");
            case Elf.R_AARCH64_ADR_PREL_PG_HI21_NC -> Rule.unchecked(Operation.PAGE, 1, A64Field.ADRP);
            case Elf.R_AARCH64_ADD_ABS_LO12_NC, Elf.R_AARCH64_LDST8_ABS_LO12_NC ->
                    Rule.unchecked(Operation.ABS, 1, A64Field.LO12);
            case Elf.R_AARCH64_LDST16_ABS_LO12_NC -> Rule.unchecked(Operation.ABS, 2, A64Field.LO12_SCALE2);
            case Elf.R_AARCH64_LDST32_ABS_LO12_NC -> Rule.unchecked(Operation.ABS, 4, A64Field.LO12_SCALE4);
            case Elf.R_AARCH64_LDST64_ABS_LO12_NC -> Rule.unchecked(Operation.ABS, 8, A64Field.LO12_SCALE8);
            case Elf.R_AARCH64_LDST128_ABS_LO12_NC -> Rule.unchecked(Operation.ABS, 16, A64Field.LO12_SCALE16);
            case Elf.R_AARCH64_MOVW_UABS_G0 -> absolute(16, A64Field.MOVW_G0);
            case Elf.R_AARCH64_MOVW_UABS_G1 -> absolute(32, A64Field.MOVW_G1);
            case Elf.R_AARCH64_MOVW_UABS_G2 -> absolute(48, A64Field.MOVW_G2);
            case Elf.R_AARCH64_MOVW_UABS_G0_NC -> Rule.unchecked(Operation.ABS, 1, A64Field.MOVW_G0);
            case Elf.R_AARCH64_MOVW_UABS_G1_NC -> Rule.unchecked(Operation.ABS, 1, A64Field.MOVW_G1);
            case Elf.R_AARCH64_MOVW_UABS_G2_NC -> Rule.unchecked(Operation.ABS, 1, A64Field.MOVW_G2);
            case Elf.R_AARCH64_MOVW_UABS_G3 -> Rule.unchecked(Operation.ABS, 1, A64Field.MOVW_G3);
            default -> null;
        };
    }

    private static Rule absolute(int bits, A64Field field) {
        return new Rule(Operation.ABS, true, 0, 1L << bits, "unsigned %d bits".formatted(bits), 1, field,
                field.isData() ? "the address does not fit the field"
                        : "the address needs more bits than this MOVZ/MOVK group (use the _NC form with a higher group)");
    }

    private static Rule relative(int bits, String span, int multiple, A64Field field) {
        return new Rule(Operation.PREL, true, -(1L << bits), 1L << bits, span, multiple, field,
                FAR.formatted(span.substring(1)));
    }

    @Override
    public void apply(RelocationSite site) {
        ElfRelocation r = site.relocation();
        if (r.type() == Elf.R_AARCH64_NONE || r.type() == R_AARCH64_WITHDRAWN_NONE) {
            return;
        }
        Rule rule = rule(r.type());
        if (rule == null) {
            throw new LinkException("unsupported relocation %s (%d) in %s section %s at 0x%x; %s".formatted(
                    name(r), Integer.toUnsignedLong(r.type()), site.object().fileName(), site.target().name(),
                    r.offset(), RelocationAdvice.a64(r.type())));
        }
        int width = rule.field().width();
        if (Long.compareUnsigned(r.offset(), site.target().size()) > 0 || site.target().size() - r.offset() < width) {
            throw new LinkException("relocation %s in %s section %s at 0x%x patches %d bytes, past the section's end (size 0x%x)"
                    .formatted(name(r), site.object().fileName(), site.target().name(), r.offset(), width,
                            site.target().size()));
        }
        if (site.symbolName().equals(GOT_SYMBOL)) {
            throw new LinkException("relocation %s in %s section %s at 0x%x against '%s' (the GOT's page, for a load of a GOT entry); %s"
                    .formatted(name(r), site.object().fileName(), site.target().name(), r.offset(), GOT_SYMBOL,
                            RelocationAdvice.GOT));
        }
        boolean branch = r.type() == Elf.R_AARCH64_CALL26 || r.type() == Elf.R_AARCH64_JUMP26;
        if (branch && site.undefinedWeak()) {
            site.write(NOP, 4);
            return;
        }
        long s = site.symbolAddress();
        long x = wrapped(rule.op(), s, r.addend(), site.place());
        if (rule.checked() && !fits(rule, s, r.addend(), site.place())) {
            throw refused(site, rule, s, x, "does not fit in [%s, %s) (%s); %s".formatted(RelocationSite.signedHex(rule.min()),
                    RelocationSite.signedHex(rule.max()), rule.span(), rule.hint()));
        }
        if ((x & (rule.multiple() - 1)) != 0) {
            throw refused(site, rule, s, x, misaligned(r.type(), rule.multiple()));
        }
        if (rule.field().isData()) {
            site.write(x, width);
        } else {
            site.write(Integer.toUnsignedLong(rule.field().encode(site.readWord(), x)), 4);
        }
    }

    /** Why an X that is not a multiple of {@code multiple} is refused. */
    private static String misaligned(int type, int multiple) {
        return switch (type) {
            case Elf.R_AARCH64_LD_PREL_LO19 -> "is not a multiple of 4: LDR (literal) reaches only word-aligned addresses";
            case Elf.R_AARCH64_CALL26, Elf.R_AARCH64_JUMP26, Elf.R_AARCH64_CONDBR19, Elf.R_AARCH64_TSTBR14 ->
                    "is not a multiple of 4: a branch target must be an instruction";
            default -> ("is not a multiple of %d, the access size: the code uses the symbol as if it had a larger "
                    + "alignment than it was defined with").formatted(multiple);
        };
    }

    private static String name(ElfRelocation r) {
        return Elf.relocationName(Elf.EM_AARCH64, r.type());
    }

    private static LinkException refused(RelocationSite site, Rule rule, long s, long x, String why) {
        ElfRelocation r = site.relocation();
        return new LinkException("relocation %s in %s section %s at 0x%x against '%s' (0x%x): %s = %s %s".formatted(
                name(r), site.object().fileName(), site.target().name(), r.offset(), site.symbolName(), s,
                rule.op().text, RelocationSite.signedHex(x), why));
    }

    /** X in 64-bit two's complement, as the unchecked types and the messages use it. */
    private static long wrapped(Operation op, long s, long a, long p) {
        return switch (op) {
            case ABS -> s + a;
            case PREL -> s + a - p;
            case PAGE -> ((s + a) & ~0xfffL) - (p & ~0xfffL);
        };
    }

    /** Whether X, computed without wrapping, lies in the rule's range. */
    private static boolean fits(Rule rule, long s, long a, long p) {
        try {
            long sa = Math.addExact(s, a);
            long x = switch (rule.op()) {
                case ABS -> sa;
                case PREL -> Math.subtractExact(sa, p);
                case PAGE -> Math.subtractExact(sa & ~0xfffL, p & ~0xfffL);
            };
            return x >= rule.min() && x < rule.max();
        } catch (ArithmeticException e) {
            return false;
        }
    }
}
