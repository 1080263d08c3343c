package dev.quiesce.emulator.samples;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.PayloadWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Xen's regression payloads re-created for the guest, assembled against a linked base image the way
 * Xen's {@code test/livepatch/Makefile} does against {@code xen-syms}: every payload gets
 * {@code .livepatch.depends} and {@code .livepatch.xen_depends} notes with the image's build-id
 * (xen_bye_world depends on xen_hello_world's build-id instead; xen_no_xen_buildid, which is xen_nop,
 * has no xen_depends), xen_expectations gets the old function's loaded bytes as its expectation,
 * and each gets its own {@code .note.gnu.build-id}.
 */
public final class SamplePayloads {

    /** The payload without {@code .livepatch.xen_depends}: Xen's xen_no_xen_buildid (xen_nop's body). */
    public static final String NO_XEN_BUILDID = "xen_no_xen_buildid";

    private static final String HELLO = "xen_hello_world";
    private static final String BYE = "xen_bye_world";
    private static final String NOP = "xen_nop";
    private static final String EXPECTATIONS = "xen_expectations";
    private static final String FUNCS = ".livepatch.funcs";
    private static final int EXPECT_DATA_OFFSET = 73;

    private SamplePayloads() {
    }

    /**
     * The names of the sample payloads, in {@link #assemble}'s order, without assembling them: what a scenario's or a
     * fleet's {@code payloads} may name.
     */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (GuestObject body : GuestObjects.payloadBodies()) {
            String name = name(body);
            out.add(name);
            if (name.equals(NOP)) {
                out.add(NO_XEN_BUILDID);
            }
        }
        return List.copyOf(out);
    }

    private static String name(GuestObject body) {
        return body.name().replaceFirst("\\.o$", "");
    }

    /**
     * Every sample payload by name ({@code xen_hello_world} …), in Xen's list order, built for the image's architecture
     * (the same sources compiled for AArch64 when the image is an AArch64 one, docs/aarch64.md).
     */
    public static Map<String, byte[]> assemble(GuestImage base) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Map<String, BuildId> ids = new LinkedHashMap<>();
        for (GuestObject body : GuestObjects.payloadBodies(base.arch())) {
            String name = name(body);
            byte[] bytes = assemble(name, body.bytes(), base, ids, true);
            out.put(name, bytes);
            ids.put(name, ElfFile.parse(name, bytes).buildId().orElseThrow());
            if (name.equals(NOP)) {
                out.put(NO_XEN_BUILDID, assemble(NO_XEN_BUILDID, body.bytes(), base, ids, false));
            }
        }
        return out;
    }

    private static byte[] assemble(String name, byte[] body, GuestImage base, Map<String, BuildId> ids,
                                   boolean xenDepends) {
        ElfFile elf = ElfFile.parse(name + ".o", body);
        ElfObject o = ElfObject.from(elf);
        if (name.equals(EXPECTATIONS)) {
            fillExpectation(elf, o, base);
        }
        BuildId depends = name.equals(BYE) ? ids.get(HELLO) : base.buildId();
        if (depends == null) {
            throw new IllegalStateException(BYE + " is assembled before " + HELLO);
        }
        PayloadWriter.addNotes(o, depends, xenDepends ? Optional.of(base.buildId()) : Optional.empty());
        return PayloadWriter.finish(o);
    }

    /** Copies the first {@code expect.len} loaded bytes of the old function into {@code expect.data}. */
    private static void fillExpectation(ElfFile elf, ElfObject o, GuestImage base) {
        byte[] funcs = elf.findSection(FUNCS).orElseThrow().data();
        int index = o.findSection(FUNCS).orElseThrow(() -> new IllegalStateException(EXPECTATIONS + " has no " + FUNCS));
        int length = (funcs[EXPECT_DATA_OFFSET - 1] >> 1) & 0x1f;
        GuestSymbol old = base.symbols().require("xen_extra_version");
        System.arraycopy(base.read(old.address(), length), 0, funcs, EXPECT_DATA_OFFSET, length);
        o.setSectionData(index, funcs);
    }
}
