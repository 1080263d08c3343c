package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;

/**
 * The x86-64 relocations the linker applies (System V AMD64 psABI §4.4, "Relocation Types"): the small code model
 * without PIC ({@code R_X86_64_64}, {@code PC32}, {@code PLT32}, {@code 32}, {@code 32S}, {@code NONE}); a value
 * that does not fit its field is an error, never truncated.
 */
final class X86Relocations implements MachineRelocations {

    static final X86Relocations INSTANCE = new X86Relocations();

    private X86Relocations() {
    }

    @Override
    public void apply(RelocationSite site) {
        ElfRelocation r = site.relocation();
        switch (r.type()) {
            case Elf.R_X86_64_NONE -> {
                return;
            }
            case Elf.R_X86_64_64, Elf.R_X86_64_PC32, Elf.R_X86_64_PLT32, Elf.R_X86_64_32, Elf.R_X86_64_32S -> {
            }
            default -> throw new LinkException(
                    "unsupported relocation %s (%d) in %s section %s at 0x%x; %s".formatted(
                            Elf.relocationName(r.type()), Integer.toUnsignedLong(r.type()), site.object().fileName(),
                            site.target().name(), r.offset(), RelocationAdvice.x86(r.type())));
        }
        long s = site.symbolAddress();
        long p = site.place();
        if (r.type() == Elf.R_X86_64_64) {
            site.write(s + r.addend(), 8);
            return;
        }
        boolean pcRelative = r.type() == Elf.R_X86_64_PC32 || r.type() == Elf.R_X86_64_PLT32;
        long value;
        boolean fits;
        try {
            value = pcRelative ? Math.subtractExact(Math.addExact(s, r.addend()), p) : Math.addExact(s, r.addend());
            fits = r.type() == Elf.R_X86_64_32 ? value >= 0 && value <= 0xffff_ffffL : value == (int) value;
        } catch (ArithmeticException e) {
            value = pcRelative ? s + r.addend() - p : s + r.addend();
            fits = false;
        }
        if (!fits) {
            throw new LinkException("relocation %s in %s section %s at 0x%x against '%s' (0x%x): %s = %s does not fit in %s 32 bits%s"
                    .formatted(Elf.relocationName(r.type()), site.object().fileName(), site.target().name(), r.offset(),
                            site.symbolName(), s, pcRelative ? "S + A - P" : "S + A", RelocationSite.signedHex(value),
                            r.type() == Elf.R_X86_64_32 ? "unsigned" : "signed",
                            pcRelative ? "; the target is more than 2 GiB away from the place" : "; the address is outside the small code model"));
        }
        site.write(value, 4);
    }
}
