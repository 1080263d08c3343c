package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The runtime's qsort and bsearch against Java's sort and binary search. */
class QsortTest {

    private final RuntimeGuest guest = RuntimeGuest.shared();

    private long putInts(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return guest.put(b.array());
    }

    private int[] readInts(long address, int count) {
        ByteBuffer b = ByteBuffer.wrap(guest.memory().read(address, 4 * count)).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.getInt();
        }
        return out;
    }

    @Property(tries = 200, seed = "43")
    void qsortSortsIntegersAsArraysSortDoes(@ForAll @Size(max = 3000) List<@IntRange(min = -50, max = 50) Integer> few,
                                            @ForAll @Size(max = 500) List<Integer> any, @ForAll boolean presorted) {
        for (List<Integer> list : List.of(few, any)) {
            int[] values = list.stream().mapToInt(Integer::intValue).toArray();
            if (presorted) {
                Arrays.sort(values);   // sorted input: the quicksort's classic worst case
            }
            guest.resetScratch();
            long a = putInts(values);
            guest.call("p_qsort_int", a, 0, values.length, 0, 0);
            int[] expected = values.clone();
            Arrays.sort(expected);
            assertThat(readInts(a, values.length)).isEqualTo(expected);
            for (int key : new int[] {0, 7, -50, 50, Integer.MIN_VALUE, values.length > 0 ? values[0] : 1}) {
                long at = guest.call("p_bsearch_int", a, 0, values.length, key, 0);
                boolean present = Arrays.binarySearch(expected, key) >= 0;
                assertThat(at >= 0).as("bsearch finds %d", key).isEqualTo(present);
                if (present) {
                    assertThat(expected[(int) (at / 4)]).isEqualTo(key);
                }
            }
        }
    }

    @Property(tries = 100, seed = "47")
    void qsortSortsStringsAsJavaOrdersTheirBytes(@ForAll @Size(max = 200) List<@StringLength(max = 12) String> words) {
        guest.resetScratch();
        String[] ascii = words.stream().map(w -> w.chars().map(c -> 1 + c % 255).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString()).toArray(String[]::new);
        ByteBuffer pointers = ByteBuffer.allocate(8 * ascii.length).order(ByteOrder.LITTLE_ENDIAN);
        for (String w : ascii) {
            pointers.putLong(guest.putString(w));
        }
        long array = guest.put(pointers.array());
        guest.call("p_qsort_str", array, 0, ascii.length, 0, 0);
        String[] sorted = new String[ascii.length];
        for (int i = 0; i < ascii.length; i++) {
            long p = guest.memory().readU64(array + 8L * i);
            sorted[i] = new String(guest.memory().read(p, ascii[Arrays.asList(ascii).indexOf(
                    dev.quiesce.emulator.call.GuestCall.readCString(guest.memory(), p, 64))].length()), StandardCharsets.ISO_8859_1);
        }
        String[] expected = ascii.clone();
        Arrays.sort(expected);   // Latin-1 chars compare as strcmp's unsigned bytes
        assertThat(sorted).isEqualTo(expected);
    }
}
