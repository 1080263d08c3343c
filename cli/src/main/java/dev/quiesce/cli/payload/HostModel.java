package dev.quiesce.cli.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.link.LinkException;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Expectation;
import dev.quiesce.payload.OldFunction;
import dev.quiesce.payload.OldFunctionLookup;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadValidator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model of one host's livepatch state for the apply checks of {@link StackCheck}: the image, the
 * payloads applied on it in order (each linked after the image, as Xen places payloads within
 * ±2 GiB of its text), and the bytes their patches wrote over old functions. No CPU runs.
 */
final class HostModel {

    private static final long PAGE = 4096;
    /** Bytes of an old function offered to the validator: enough for ENDBR64 and a 31-byte expectation. */
    private static final int FIRST_BYTES = 32;

    private record Applied(String name, Payload payload, GuestImage linked) {
    }

    private final GuestImage image;
    private final List<Applied> applied = new ArrayList<>();
    private final TreeMap<Long, Byte> written = new TreeMap<>();
    private long next;

    HostModel(GuestImage image) {
        this.image = image;
        this.next = alignUp(image.end());
    }

    GuestImage image() {
        return image;
    }

    String topName() {
        return applied.isEmpty() ? "base image" : applied.getLast().name();
    }

    /**
     * Uploads, loads and applies {@code f}; returns what was checked.
     *
     * @throws PayloadException with Xen's errno for the first check that fails
     */
    List<String> loadAndApply(PayloadFile f) {
        Payload p = f.payload();
        List<String> notes = new ArrayList<>();
        BuildId xen = p.xenDepends().orElseThrow(() -> new PayloadException(Errno.EINVAL, ("payload '%s' has no "
                + ".livepatch.xen_depends, so Xen refuses its upload; rebuild it with --xen-depends %s").formatted(
                f.name(), image.buildId().hex())));
        if (!xen.equals(image.buildId())) {
            throw new PayloadException(Errno.EINVAL, ("payload '%s' was built for hypervisor build-id %s "
                    + "(.livepatch.xen_depends) but the image's is %s; rebuild it against this image").formatted(
                    f.name(), xen.hex(), image.buildId().hex()));
        }
        notes.add("ok: xen_depends is the image's build-id");
        for (Applied a : applied) {
            if (a.name().equals(f.name())) {
                throw new PayloadException(Errno.EEXIST, "a payload named '" + f.name() + "' is already loaded; "
                        + "unload it first or give this one another name");
            }
            if (a.payload().buildId().equals(p.buildId())) {
                throw new PayloadException(Errno.EEXIST, "payload '%s' has build-id %s, which '%s' already has: "
                        .formatted(f.name(), p.buildId().hex(), a.name()) + "the same payload cannot be loaded twice");
            }
        }
        GuestImage linked = link(f);
        notes.add("ok: loads at 0x%x..0x%x; every symbol it uses resolves".formatted(linked.base(), linked.end()));
        Lookup lookup = new Lookup();
        List<PatchFunction> fns = p.functions();
        PayloadValidator.checkAgainst(p, lookup, i -> newAddress(fns.get((int) i), linked, p));
        BuildId expected = applied.isEmpty() ? image.buildId() : applied.getLast().payload().buildId();
        if (!p.depends().equals(expected)) {
            throw new PayloadException(Errno.EINVAL, ("check against %s build-id failed: payload '%s' depends on %s; "
                    + "apply it on top of the payload with that build-id, or rebuild it with --depends %s").formatted(
                    topName(), f.name(), p.depends().hex(), expected.hex()));
        }
        notes.add("ok: depends is the build-id of " + (applied.isEmpty() ? "the base image" : "'" + topName() + "'"));
        Map<Long, byte[]> patches = new TreeMap<>();
        for (PatchFunction fn : p.functions()) {
            long old = oldAddress(fn, lookup);
            checkExpectation(f.name(), fn, old);
            byte[] insn = fn.isNop() ? nops(fn.newSize()) : jmp(old, newAddress(fn, linked, p));
            patches.put(old, insn);
            notes.add("ok: %s at 0x%x: %s".formatted(fn.displayName(), old, fn.isNop()
                    ? "NOP " + fn.newSize() + " bytes" : "JMP to " + fn.newSymbol()));
        }
        patches.forEach((addr, bytes) -> {
            for (int i = 0; i < bytes.length; i++) {
                written.put(addr + i, bytes[i]);
            }
        });
        applied.add(new Applied(f.name(), p, linked));
        next = alignUp(linked.end());
        return notes;
    }

    private GuestImage link(PayloadFile f) {
        try {
            return ImageLinker.link(List.of(f.payload().elf()), next, exported());
        } catch (LinkException e) {
            String m = e.getMessage();
            Errno errno = m.startsWith("undefined symbol") ? Errno.ENOENT : m.contains("does not fit") ? Errno.EOVERFLOW : Errno.EINVAL;
            throw new PayloadException(errno, "payload '" + f.name() + "' cannot be loaded: " + m, e);
        }
    }

    /**
     * The symbols a payload may use, as Xen resolves them ({@code livepatch_elf_resolve_symbols()}):
     * the image's first, then the applied payloads' new symbols in load order.
     */
    private SymbolTable exported() {
        SymbolTable t = SymbolTable.empty();
        for (int i = applied.size() - 1; i >= 0; i--) {
            t = t.overlay(newSymbols(applied.get(i)));
        }
        return t.overlay(image.symbols());
    }

    /** A payload's global symbols that are not the replacement of one of its functions (Xen: {@code new_symbol}). */
    private static SymbolTable newSymbols(Applied a) {
        List<String> replacements = a.payload().functions().stream().map(PatchFunction::newSymbol).toList();
        return SymbolTable.of(a.linked().symbols().all().stream()
                .filter(s -> !s.local() && !replacements.contains(s.name())).toList());
    }

    /** The old function's address as {@link PayloadValidator} resolves it (Xen: {@code resolve_old_address()}). */
    private static long oldAddress(PatchFunction fn, Lookup lookup) {
        if (fn.oldSymbol() != null) {
            return lookup.lookup(fn.oldSymbol()).orElseThrow().address() + fn.oldAddr();
        }
        return fn.oldAddr() != 0 ? fn.oldAddr() : lookup.lookup(fn.oldName()).orElseThrow().address();
    }

    private static long newAddress(PatchFunction fn, GuestImage linked, Payload p) {
        String s = fn.newSymbol();
        int plus = s.indexOf('+');
        if (plus > 0) {
            long off = Long.decode(s.substring(plus + 1));
            return linked.section(p.fileName(), s.substring(0, plus)).orElseThrow().address() + off;
        }
        if (s.startsWith("0x")) {
            return Long.decode(s);
        }
        return linked.symbols().all().stream().filter(g -> g.name().equals(s)).findFirst().orElseThrow(() ->
                new PayloadException(Errno.ENOENT, "new function '" + s + "' of '" + fn.displayName() + "' is not loaded")).address();
    }

    /** Xen: {@code livepatch_verify_expectation_fn()} in xen/common/livepatch.c, checked at APPLY. */
    private void checkExpectation(String name, PatchFunction fn, long old) {
        Expectation e = fn.expect();
        if (!e.enabled()) {
            return;
        }
        if (e.reserved() != 0 || e.length() > Expectation.MAX_LENGTH) {
            throw new PayloadException(Errno.EINVAL, "payload '%s': the expectation of '%s' has reserved bits set; "
                    .formatted(name, fn.displayName()) + "rebuild the payload");
        }
        byte[] want = Arrays.copyOf(e.data(), e.length());
        byte[] have = current(old, e.length());
        if (!Arrays.equals(want, have)) {
            HexFormat hex = HexFormat.ofDelimiter(" ");
            throw new PayloadException(Errno.EINVAL, ("expectation failed: payload '%s' expects '%s' to start with %s "
                    + "but it starts with %s; the running code is not what the payload was built against")
                    .formatted(name, fn.displayName(), hex.formatHex(want), hex.formatHex(have)));
        }
    }

    /** The bytes at {@code address} now: the image's or a payload's, with the patches written so far. */
    private byte[] current(long address, int length) {
        byte[] out;
        GuestImage owner = image;
        for (Applied a : applied) {
            if (address >= a.linked().base() && address < a.linked().end()) {
                owner = a.linked();
            }
        }
        out = owner.read(address, length);
        for (int i = 0; i < length; i++) {
            Byte w = written.get(address + i);
            if (w != null) {
                out[i] = w;
            }
        }
        return out;
    }

    private static byte[] jmp(long from, long to) {
        long rel = to - (from + 5);
        return new byte[]{(byte) 0xe9, (byte) rel, (byte) (rel >> 8), (byte) (rel >> 16), (byte) (rel >> 24)};
    }

    /** Single-byte NOPs (Xen writes {@code add_nops()}' longer forms; only an expectation could tell). */
    private static byte[] nops(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0x90);
        return b;
    }

    private static long alignUp(long a) {
        return (a + PAGE - 1) & -PAGE;
    }

    /** Xen's {@code resolve_old_address()}: the image's symbols, then the applied payloads' new symbols. */
    private final class Lookup implements OldFunctionLookup {
        @Override
        public Optional<OldFunction> lookup(String name) {
            Optional<GuestSymbol> s = image.symbols().lookup(name);
            if (s.isEmpty()) {
                s = image.symbols().all().stream().filter(g -> g.name().equals(name) && g.type() == GuestSymbol.Type.FUNCTION)
                        .findFirst();
            }
            for (int i = 0; s.isEmpty() && i < applied.size(); i++) {
                s = newSymbols(applied.get(i)).lookup(name);
            }
            return s.map(this::function);
        }

        @Override
        public Optional<OldFunction> at(long address) {
            return exported().all().stream().filter(g -> g.address() == address && g.type() == GuestSymbol.Type.FUNCTION)
                    .findFirst().map(this::function);
        }

        private OldFunction function(GuestSymbol s) {
            int n = (int) Math.min(s.size(), FIRST_BYTES);
            return new OldFunction(s.address(), s.size(), current(s.address(), n));
        }
    }
}
