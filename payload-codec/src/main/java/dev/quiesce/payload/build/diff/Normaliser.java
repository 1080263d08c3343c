package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the relocations of one object into layout-independent targets, so that a base and a
 * patched object can be compared (create-diff-object's {@code rela_equal}, extended to content):
 * <ul>
 *   <li>functions, writable data and global read-only data by <b>symbol</b>, under the base name the
 *       {@link Correlation} gives it ({@code sym:counter.0}, or {@code new:name} if it has no twin);
 *       undefined symbols by name ({@code extern:name});</li>
 *   <li>string literals in mergeable string sections by their <b>text</b> ({@code str:"Hello"}),
 *       the addend made relative to the string's first byte;</li>
 *   <li>local read-only objects and anonymous read-only sections (jump tables, {@code CSWTCH}
 *       switch tables, constant pools) by the <b>digest of their own normalised content</b>
 *       ({@code ro:…}), so a changed table changes the functions that use it.</li>
 * </ul>
 */
public final class Normaliser {

    private final ObjectModel model;
    private final Function<ElfSymbol, String> symbolIdentity;
    private final Map<String, String> contentDigests = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    /**
     * @param symbolIdentity the identity of a named symbol defined in {@code model}
     */
    public Normaliser(ObjectModel model, Function<ElfSymbol, String> symbolIdentity) {
        this.model = model;
        this.symbolIdentity = symbolIdentity;
    }

    /** The fingerprint of bytes {@code [from, from + length)} of section {@code sectionIndex}. */
    public Fingerprint fingerprint(int sectionIndex, long from, long length) {
        byte[] bytes = model.bytes(sectionIndex, from, length);
        List<NormalisedRelocation> out = new ArrayList<>();
        for (ElfRelocation r : model.relocations(sectionIndex)) {
            if (r.offset() < from || r.offset() >= from + length) {
                continue;
            }
            // only the bits the relocation writes: an A64 instruction keeps its opcode and registers comparable
            int width = RelocationFields.width(model.arch(), r.type());
            long mask = RelocationFields.mask(model.arch(), r.type());
            for (int i = 0; i < width && r.offset() - from + i < length; i++) {
                bytes[(int) (r.offset() - from + i)] &= (byte) ~(mask >>> (8 * i));
            }
            Target t = target(Reference.resolve(model, r));
            out.add(new NormalisedRelocation(r.offset() - from, r.type(), t.identity(), t.addend(),
                    model.arch().elfMachine()));
        }
        return new Fingerprint(bytes, out);
    }

    /** The fingerprint of a function or object: its symbol's range (to the section's end when unsized). */
    public Fingerprint fingerprint(ElfSymbol s) {
        return fingerprint(s.sectionIndex(), s.value(), extent(s));
    }

    /** The bytes a symbol spans: its size, or up to the end of its section when it has none. */
    public long extent(ElfSymbol s) {
        return s.size() != 0 ? s.size() : Math.max(0, model.section(s.sectionIndex()).size() - s.value());
    }

    /**
     * A relocation target as an identity and an addend relative to it.
     *
     * @param identity e.g. {@code sym:do_foo}, {@code extern:percpu}, {@code str:"Hello"}, {@code ro:3fa2…}
     * @param addend   the addend relative to the identity
     */
    public record Target(String identity, long addend) {
    }

    /** The normalised target of a resolved reference. */
    public Target target(Reference ref) {
        if (ref.symbol().isEmpty() && !ref.isDefinedHere()) {
            return new Target("none", ref.addend());
        }
        if (!ref.isDefinedHere()) {
            ElfSymbol s = ref.symbol().orElseThrow();
            return s.isAbsolute() ? new Target("abs:" + s.name() + "=" + s.value(), ref.addend())
                    : new Target("extern:" + s.name(), ref.addend());
        }
        ElfSection sec = model.section(ref.sectionIndex());
        if (!sec.isAlloc()) {
            return new Target("nonalloc:" + SymbolNames.correlationKey(sec.name()), ref.addend());
        }
        boolean readOnly = !sec.isWrite() && !sec.isExec();
        if ((sec.flags() & Elf.SHF_MERGE) != 0) {
            // gas keeps a local label (.LC0) for PC-relative references into merged sections: look through it
            long sectionAddend = ref.symbol().map(ElfSymbol::value).orElse(0L) + ref.addend();
            long designated = sectionAddend + RelocationFields.designatedOffset(model.arch(), ref.relocation()) - ref.relocation().addend();
            if ((sec.flags() & Elf.SHF_STRINGS) != 0) {
                return MergedStrings.literal(sec, designated, sectionAddend);
            }
            if (sec.entsize() > 0) {
                long start = Math.floorDiv(designated, sec.entsize()) * sec.entsize();
                return new Target("cst:" + digest(sec.index(), start, sec.entsize()), sectionAddend - start);
            }
        }
        if (ref.symbol().isPresent()) {
            ElfSymbol s = ref.symbol().get();
            if (readOnly && s.isLocal()) {
                return new Target("ro:" + digest(sec.index(), s.value(), extent(s)), ref.addend());
            }
            return new Target(symbolIdentity.apply(s), ref.addend());
        }
        if (readOnly) {
            return new Target("ro:" + digest(sec.index(), 0, sec.size()), ref.addend());
        }
        return new Target((sec.isExec() ? "code:" : "data:") + SymbolNames.correlationKey(sec.name()), ref.addend());
    }

    private String digest(int sectionIndex, long from, long length) {
        String key = sectionIndex + ":" + from + ":" + length;
        String done = contentDigests.get(key);
        if (done != null) {
            return done;
        }
        if (!inProgress.add(key)) {
            return "cycle:" + SymbolNames.correlationKey(model.section(sectionIndex).name()) + "+" + from;
        }
        String d = fingerprint(sectionIndex, from, length).digest();
        inProgress.remove(key);
        contentDigests.put(key, d);
        return d;
    }
}
