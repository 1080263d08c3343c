package dev.quiesce.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The serializer of an {@link ElfObject} into the canonical layout described there. It also checks what a
 * reader would reject: symbol and relocation indices, and relocation places inside their target.
 */
final class ElfObjectWriter {

    private static final byte ELFCLASS64 = 2;
    private static final byte ELFDATA2LSB = 1;
    private static final byte EV_CURRENT = 1;

    private final List<ObjectSection> sections;
    private final List<ObjectSymbol> symbols;
    private final List<ObjectRelocation> relocations;

    private final int machine;

    ElfObjectWriter(int machine, List<ObjectSection> sections, List<ObjectSymbol> symbols,
                    List<ObjectRelocation> relocations) {
        this.machine = machine;
        this.sections = sections;
        this.symbols = symbols;
        this.relocations = relocations;
    }

    byte[] write() {
        int userCount = sections.size();
        TreeMap<Integer, List<ObjectRelocation>> byTarget = new TreeMap<>();
        for (ObjectRelocation r : relocations) {
            checkPlace(r);
            byTarget.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(r);
        }
        int symtabIndex = userCount + byTarget.size();
        int strtabIndex = symtabIndex + 1;
        int shstrtabIndex = strtabIndex + 1;
        int count = shstrtabIndex + 1;
        if (count >= Elf.SHN_LORESERVE) {
            throw new IllegalStateException("%d sections need extended section numbering, which ElfObject does not write"
                    .formatted(count));
        }
        int[] fileIndex = symbolOrder();
        int locals = 1 + (int) symbols.stream().skip(1).filter(ObjectSymbol::isLocal).count();

        List<ObjectSection> all = new ArrayList<>(sections);
        for (var e : byTarget.entrySet()) {
            all.add(new ObjectSection(".rela" + sections.get(e.getKey()).name(), Elf.SHT_RELA, Elf.SHF_INFO_LINK, 8,
                    Elf.RELA_SIZE, relaBytes(e.getValue(), fileIndex), 0, symtabIndex, e.getKey()));
        }
        StringTableBuilder strtab = new StringTableBuilder();
        byte[] symtab = symtabBytes(fileIndex, strtab);
        all.add(new ObjectSection(".symtab", Elf.SHT_SYMTAB, 0, 8, Elf.SYM_SIZE, symtab, 0, strtabIndex, locals));
        all.add(new ObjectSection(".strtab", Elf.SHT_STRTAB, 0, 1, 0, strtab.toByteArray(), 0, 0, 0));
        StringTableBuilder shstrtab = new StringTableBuilder();
        int[] names = new int[count];
        for (int i = 0; i < all.size(); i++) {
            names[i] = shstrtab.add(all.get(i).name());
        }
        names[shstrtabIndex] = shstrtab.add(".shstrtab");
        all.add(new ObjectSection(".shstrtab", Elf.SHT_STRTAB, 0, 1, 0, shstrtab.toByteArray(), 0, 0, 0));

        long[] offsets = new long[count];
        long pos = Elf.EHDR_SIZE;
        for (int i = 1; i < count; i++) {
            ObjectSection s = all.get(i);
            pos = alignUp(pos, s.addralign());
            offsets[i] = pos;
            if (!s.isNobits()) {
                pos += s.data().length;
            }
        }
        long shoff = alignUp(pos, 8);
        long total = shoff + (long) count * Elf.SHDR_SIZE;
        if (total > ElfObject.MAX_WRITTEN_BYTES) {
            throw new IllegalStateException("the object would be %d bytes, over the %d MiB limit of a written object "
                    .formatted(total, ElfObject.MAX_WRITTEN_BYTES >> 20) + "(its largest sh_addralign is 0x%x): lower "
                    .formatted(all.stream().mapToLong(ObjectSection::addralign).max().orElse(0)) + "the section alignments");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        header(out, shoff, count, shstrtabIndex);
        for (int i = 1; i < count; i++) {
            ObjectSection s = all.get(i);
            if (!s.isNobits()) {
                out.put((int) offsets[i], s.data());
            }
            out.position((int) (shoff + (long) i * Elf.SHDR_SIZE));
            int link = s.link() == ObjectSection.LINK_SYMTAB ? symtabIndex : s.link();
            long size = s.isNobits() ? s.size() : s.data().length;
            out.putInt(names[i]).putInt(s.type()).putLong(s.flags()).putLong(0).putLong(offsets[i]).putLong(size)
                    .putInt(link).putInt(s.info()).putLong(s.addralign()).putLong(s.entsize());
        }
        return out.array();
    }

    private void header(ByteBuffer out, long shoff, int count, int shstrtabIndex) {
        out.put(new byte[] {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT});
        out.position(0x10);
        out.putShort((short) Elf.ET_REL).putShort((short) machine).putInt(EV_CURRENT).putLong(0).putLong(0)
                .putLong(shoff).putInt(0).putShort((short) Elf.EHDR_SIZE).putShort((short) 0).putShort((short) 0)
                .putShort((short) Elf.SHDR_SIZE).putShort((short) count).putShort((short) shstrtabIndex);
    }

    /** Handle → index in the written table: the null symbol, the locals, then the rest, each in handle order. */
    private int[] symbolOrder() {
        int[] fileIndex = new int[symbols.size()];
        int next = 1;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 1; i < symbols.size(); i++) {
                ObjectSymbol s = symbols.get(i);
                if (s.isLocal() == (pass == 0)) {
                    if (s.inSection() && s.section() >= sections.size()) {
                        throw new IllegalStateException("symbol %d '%s' is in section %d, which does not exist"
                                .formatted(i, s.name(), s.section()));
                    }
                    fileIndex[i] = next++;
                }
            }
        }
        return fileIndex;
    }

    private byte[] symtabBytes(int[] fileIndex, StringTableBuilder strtab) {
        ObjectSymbol[] ordered = new ObjectSymbol[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            ordered[fileIndex[i]] = symbols.get(i);
        }
        ByteBuffer b = ByteBuffer.allocate(symbols.size() * Elf.SYM_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i < ordered.length; i++) {
            ObjectSymbol s = ordered[i];
            b.position(i * Elf.SYM_SIZE);
            b.putInt(strtab.add(s.name())).put((byte) (s.bind() << 4 | s.type() & 0xf)).put((byte) (s.visibility() & 3))
                    .putShort((short) s.section()).putLong(s.value()).putLong(s.size());
        }
        return b.array();
    }

    private static byte[] relaBytes(List<ObjectRelocation> list, int[] fileIndex) {
        ByteBuffer b = ByteBuffer.allocate(list.size() * Elf.RELA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (ObjectRelocation r : list) {
            b.putLong(r.offset()).putLong((long) fileIndex[r.symbol()] << 32 | Integer.toUnsignedLong(r.type()))
                    .putLong(r.addend());
        }
        return b.array();
    }

    private void checkPlace(ObjectRelocation r) {
        if (r.target() <= 0 || r.target() >= sections.size() || r.symbol() < 0 || r.symbol() >= symbols.size()) {
            throw new IllegalStateException("relocation %s refers to a section or symbol that does not exist".formatted(r));
        }
        ObjectSection target = sections.get(r.target());
        long size = target.isNobits() ? target.size() : target.data().length;
        long width = RelaReader.width(machine, r.type());
        if (Long.compareUnsigned(r.offset(), size) > 0 || Long.compareUnsigned(width, size - r.offset()) > 0) {
            throw new IllegalStateException("relocation %s at %s+0x%x (%d bytes) lies outside the section (size 0x%x)"
                    .formatted(Elf.relocationName(machine, r.type()), target.name(), r.offset(), width, size));
        }
    }

    private static long alignUp(long value, long align) {
        return align <= 1 ? value : (value + align - 1) & -align;
    }
}
