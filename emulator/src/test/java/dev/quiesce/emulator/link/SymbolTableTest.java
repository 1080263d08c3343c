package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SymbolTableTest {

    private static final GuestSymbol WORK = GuestSymbol.global("do_long_work", 0x401000, 0x40, GuestSymbol.Type.FUNCTION, "work.o");
    private static final GuestSymbol LABEL = GuestSymbol.global("work_label", 0x401010, 0, GuestSymbol.Type.OTHER, "work.o");
    private static final GuestSymbol TICK = new GuestSymbol("timer_tick", 0x401040, 0x11, GuestSymbol.Type.FUNCTION, "irq.o", true);
    private static final GuestSymbol WORKLOAD = GuestSymbol.global("workload", 0x403000, 0x40, GuestSymbol.Type.OBJECT, "main.o");

    private final SymbolTable table = SymbolTable.of(List.of(WORKLOAD, TICK, LABEL, WORK));

    @Test
    void all_isSortedByAddress() {
        assertThat(table.all()).containsExactly(WORK, LABEL, TICK, WORKLOAD);
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void lookup_findsGlobalsButNotLocals() {
        assertThat(table.lookup("workload")).contains(WORKLOAD);
        assertThat(table.lookup("timer_tick")).isEmpty();
        assertThat(table.lookup("nothing")).isEmpty();
        assertThat(SymbolTable.empty().lookup("workload")).isEmpty();
    }

    @Test
    void require_listsNearNamesWhenMissing() {
        assertThat(table.require("do_long_work")).isEqualTo(WORK);
        assertThatThrownBy(() -> table.require("workloda")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no symbol 'workloda' in the table (3 symbols); did you mean workload?");
        assertThatThrownBy(() -> table.require("long_work")).hasMessageContaining("did you mean do_long_work?");
        assertThatThrownBy(() -> table.require("zzzzzzzzzzzzzz")).hasMessageEndingWith("no similar names");
    }

    @Test
    void symbolize_namesTheContainingFunctionOrObjectAndFallsBackToHex() {
        assertThat(table.symbolize(0x401000)).isEqualTo("do_long_work");
        assertThat(table.symbolize(0x40101c)).isEqualTo("do_long_work+0x1c");
        assertThat(table.symbolize(0x401010)).as("a function beats a label").isEqualTo("do_long_work+0x10");
        assertThat(table.symbolize(0x401045)).isEqualTo("timer_tick+0x5");
        assertThat(table.symbolize(0x401051)).isEqualTo("0x401051");
        assertThat(table.symbolize(0x40303f)).isEqualTo("workload+0x3f");
        assertThat(table.symbolize(0x403040)).isEqualTo("0x403040");
        assertThat(table.symbolize(0x1000)).isEqualTo("0x1000");
        assertThat(SymbolTable.empty().symbolize(0x401000)).isEqualTo("0x401000");
    }

    @Test
    void symbolize_usesALabelWhenNothingElseContainsTheAddress() {
        SymbolTable labels = SymbolTable.of(List.of(LABEL));
        assertThat(labels.symbolize(0x401010)).isEqualTo("work_label");
        assertThat(labels.symbolize(0x401011)).isEqualTo("0x401011");
    }

    @Test
    void of_rejectsTwoGlobalsWithOneNameButAllowsLocals() {
        GuestSymbol again = GuestSymbol.global("workload", 0x500000, 8, GuestSymbol.Type.OBJECT, "other.o");
        assertThatThrownBy(() -> SymbolTable.of(List.of(WORKLOAD, again))).isExactlyInstanceOf(LinkException.class)
                .hasMessage("duplicate symbol 'workload': defined in main.o and other.o");
        GuestSymbol otherTick = new GuestSymbol("timer_tick", 0x402000, 4, GuestSymbol.Type.FUNCTION, "x.o", true);
        assertThat(SymbolTable.of(List.of(TICK, otherTick)).all()).hasSize(2);
    }

    @Test
    void merge_combinesTablesAndRejectsDuplicates() {
        GuestSymbol patch = GuestSymbol.global("patch_fn", 0x800000, 8, GuestSymbol.Type.FUNCTION, "payload.o");
        SymbolTable merged = table.merge(SymbolTable.of(List.of(patch)));
        assertThat(merged.lookup("patch_fn")).contains(patch);
        assertThat(merged.lookup("workload")).contains(WORKLOAD);
        assertThat(merged.symbolize(0x800004)).isEqualTo("patch_fn+0x4");
        assertThatThrownBy(() -> table.merge(table)).isInstanceOf(LinkException.class);
    }

    @Test
    void overlay_letsTheTopTableShadowGlobalNamesButStillSymbolizesBoth() {
        GuestSymbol replacement = GuestSymbol.global("do_long_work", 0x800000, 0x20, GuestSymbol.Type.FUNCTION, "payload.o");
        SymbolTable overlaid = table.overlay(SymbolTable.of(List.of(replacement)));
        assertThat(overlaid.lookup("do_long_work")).contains(replacement);
        assertThat(overlaid.symbolize(0x401004)).isEqualTo("do_long_work+0x4");
        assertThat(overlaid.symbolize(0x800004)).isEqualTo("do_long_work+0x4");
        assertThat(overlaid.containing(0x401004).orElseThrow().object()).isEqualTo("work.o");
        assertThat(table.lookup("do_long_work")).contains(WORK);
    }

    @Test
    void nearNames_distanceIsLevenshtein() {
        assertThat(NearNames.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearNames.distance("", "abc")).isEqualTo(3);
        assertThat(NearNames.distance("percpu", "percpu")).isZero();
    }
}
