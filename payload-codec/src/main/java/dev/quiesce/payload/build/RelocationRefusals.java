package dev.quiesce.payload.build;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.XenRelocations;
import dev.quiesce.payload.build.diff.ObjectModel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The relocations of carried code and data that Xen's x86 or Arm64 loader would refuse with -EOPNOTSUPP, found before a
 * byte of the payload is written: one sentence per object and {@link RelocationKind}, naming the functions, the
 * relocation types, their targets and places, and the fix. (The accepted list is {@link XenRelocations}'s.)
 */
final class RelocationRefusals {

    /** How many places a sentence lists before "and N more". */
    private static final int SHOWN = 3;

    private RelocationRefusals() {
    }

    /** One place that needs a refused relocation. */
    private record Site(String function, String place, String type, String target, boolean definedHere) {
        @Override
        public String toString() {
            return "%s '%s' at %s".formatted(type, target, place);
        }
    }

    /** The refusals for what {@code inc} carries, in section order; empty when Xen applies every relocation. */
    static List<String> of(Inclusion inc) {
        ObjectModel m = inc.diff().patched();
        Map<RelocationKind, List<Site>> sites = new EnumMap<>(RelocationKind.class);
        for (int sec : inc.sections()) {
            for (ElfRelocation r : m.relocations(sec)) {
                RelocationKind kind = RelocationKind.of(m.arch(), r.type(), r.symbolIndex());
                if (kind != RelocationKind.ACCEPTED) {
                    sites.computeIfAbsent(kind, k -> new ArrayList<>()).add(site(m, sec, r));
                }
            }
        }
        List<String> out = new ArrayList<>();
        sites.forEach((kind, list) -> out.add(sentence(m, kind, list)));
        return out;
    }

    private static Site site(ObjectModel m, int sec, ElfRelocation r) {
        String section = m.section(sec).name();
        String function = m.covering(sec, r.offset()).map(ElfSymbol::name).orElse(section);
        String place = m.covering(sec, r.offset()).map(s -> "%s+0x%x".formatted(s.name(), r.offset() - s.value()))
                .orElse("%s+0x%x".formatted(section, r.offset()));
        if (r.symbolIndex() == 0) {
            return new Site(function, place, Elf.relocationName(m.arch().elfMachine(), r.type()), "no symbol", false);
        }
        ElfSymbol s = m.symbol(r.symbolIndex());
        String target = s.isSection() ? m.section(s.sectionIndex()).name() : s.name();
        return new Site(function, place, Elf.relocationName(m.arch().elfMachine(), r.type()), target, !s.isUndefined());
    }

    private static String sentence(ObjectModel m, RelocationKind kind, List<Site> sites) {
        SequencedSet<String> functions = new LinkedHashSet<>();
        sites.forEach(s -> functions.add(s.function()));
        String where = "%s (%s): %s".formatted(m.fileName(), m.sourceName(), String.join(", ", functions));
        String list = places(sites);
        boolean arm = m.arch() == Arch.AARCH64;
        String refused = "which Xen's %s loader refuses (-EOPNOTSUPP; it applies only %s)"
                .formatted(arm ? "Arm64" : "x86", XenRelocations.names(m.arch()));
        return switch (kind) {
            case ABSOLUTE -> ("%s use%s absolute 32-bit addresses (%s), the code -fno-pic builds, %s — compile with -fpie"
                    + " -mcmodel=small (as quiesce compiles user code), which reaches everything RIP-relative")
                    .formatted(where, functions.size() == 1 ? "s" : "", list, refused);
            case GOT -> "%s reach%s symbols through the GOT (%s), which a payload does not have and %s — %s"
                    .formatted(where, functions.size() == 1 ? "es" : "", list, refused, gotFix(sites));
            case TLS -> ("%s use%s thread-local storage (%s), which hypervisor code does not have and %s — make the"
                    + " variable an ordinary one (an array indexed by CPU number if each CPU needs its own)")
                    .formatted(where, functions.size() == 1 ? "s" : "", list, refused);
            case OTHER -> ("%s need%s relocations (%s) %s — compile with -fpie -mcmodel=small and hidden visibility, as"
                    + " quiesce compiles user code%s").formatted(where, functions.size() == 1 ? "s" : "", list, refused,
                    arm ? " (a literal pool's LD_PREL_LO19: -mcmodel=small, not tiny or -mpc-relative-literal-loads)" : "");
            case ACCEPTED -> throw new IllegalStateException("accepted relocations are not refused");
        };
    }

    /**
     * The first {@link #SHOWN} places, then how many more and every relocation type among them not shown yet, so
     * each refused type is named.
     */
    private static String places(List<Site> sites) {
        List<Site> shown = sites.stream().limit(SHOWN).toList();
        if (sites.size() == shown.size()) {
            return String.join(", ", shown.stream().map(Site::toString).toList());
        }
        SequencedSet<String> shownTypes = new LinkedHashSet<>();
        shown.forEach(x -> shownTypes.add(x.type()));
        SequencedSet<String> moreTypes = new LinkedHashSet<>();
        sites.subList(SHOWN, sites.size()).stream().map(Site::type).filter(t -> !shownTypes.contains(t)).forEach(moreTypes::add);
        return String.join(", ", shown.stream().map(Site::toString).toList()) + " and %d more%s".formatted(
                sites.size() - SHOWN, moreTypes.isEmpty() ? "" : ": " + String.join(", ", moreTypes));
    }

    /**
     * Hidden visibility makes gcc reach a symbol RIP-relative; {@code -fvisibility=hidden} covers what the object
     * defines, but not what it only declares, which needs the attribute or the pragma on its declaration.
     */
    private static String gotFix(List<Site> sites) {
        SequencedSet<String> defined = new LinkedHashSet<>();
        SequencedSet<String> declared = new LinkedHashSet<>();
        sites.forEach(s -> (s.definedHere() ? defined : declared).add(s.target()));
        List<String> fixes = new ArrayList<>();
        if (!defined.isEmpty()) {
            fixes.add(("give %s hidden visibility: compile with -fvisibility=hidden (as quiesce compiles user code)"
                    + " or define %s with __attribute__((visibility(\"hidden\")))").formatted(quoted(defined),
                    defined.size() == 1 ? "it" : "them"));
        }
        if (!declared.isEmpty()) {
            fixes.add(("declare %s with __attribute__((visibility(\"hidden\"))), or between #pragma GCC visibility"
                    + " push(hidden) and pop (-fvisibility=hidden covers definitions, not declarations)")
                    .formatted(quoted(declared)));
        }
        return String.join("; ", fixes);
    }

    private static String quoted(SequencedSet<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
