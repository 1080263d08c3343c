package dev.quiesce.emulator.samples;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.HookKind;
import dev.quiesce.payload.OldFunction;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.PayloadValidator;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Xen's regression payloads, assembled against the real linked guest image (Xen: xen/test/livepatch). */
class SamplePayloadsTest {

    private static final GuestImage BASE = ImageLinker.link(GuestObjects.baseImage().stream()
            .map(o -> ElfFile.parse(o.name(), o.bytes())).toList(), 0x400000);
    private static final Map<String, byte[]> SAMPLES = SamplePayloads.assemble(BASE);

    private static Payload read(String name) {
        return PayloadReader.read(name + ".livepatch", SAMPLES.get(name));
    }

    private static Optional<OldFunction> lookup(String name) {
        return BASE.symbols().lookup(name).map(s -> new OldFunction(s.address(), s.size(), BASE.read(s.address(), (int) s.size())));
    }

    @Test
    void theNamesWithoutAssembling_areExactlyTheAssembledOnesInOrder() {
        assertThat(SamplePayloads.names()).containsExactlyElementsOf(SAMPLES.keySet());
    }

    @Test
    void everyXenTestPayloadExistsAndReadsBack() {
        assertThat(SAMPLES.keySet()).containsExactly("xen_hello_world", "xen_bye_world", "xen_replace_world", "xen_nop",
                "xen_no_xen_buildid", "xen_prepost_hooks", "xen_prepost_hooks_fail", "xen_action_hooks",
                "xen_action_hooks_nofunc", "xen_action_hooks_marker", "xen_action_hooks_noapply",
                "xen_action_hooks_norevert", "xen_expectations", "xen_expectations_fail",
                // the simulator's own payloads, after Xen's in guest/src/main/payloads/payloads.list
                "record_v2", "long_work_v2", "triple", "record_op_v2");
        Set<BuildId> ids = new HashSet<>();
        for (String name : SAMPLES.keySet()) {
            Payload p = read(name);
            assertThat(ids.add(p.buildId())).as("build-id of %s is unique", name).isTrue();
        }
    }

    @Test
    void helloWorld_patchesXenExtraVersionWithTwoLoadAndThreeUnloadHooks() {
        Payload hello = read("xen_hello_world");
        assertThat(hello.functions()).hasSize(1);
        PatchFunction f = hello.functions().getFirst();
        assertThat(f.oldName()).isEqualTo("xen_extra_version");
        assertThat(f.newSymbol()).isEqualTo("xen_hello_world");
        assertThat(f.oldSize()).isEqualTo((int) BASE.symbols().require("xen_extra_version").size());
        assertThat(f.version()).isEqualTo(2);
        assertThat(hello.hooks().get(HookKind.LOAD)).hasSize(2);
        assertThat(hello.hooks().get(HookKind.UNLOAD)).hasSize(3);
        assertThat(hello.modinfo()).containsExactly("LIVEPATCH_RULEZ");
        assertThat(hello.depends()).isEqualTo(BASE.buildId());
        assertThat(hello.xenDepends()).contains(BASE.buildId());
    }

    @Test
    void byeWorld_dependsOnHelloWorldsBuildId() {
        assertThat(read("xen_bye_world").depends()).isEqualTo(read("xen_hello_world").buildId());
        assertThat(read("xen_replace_world").depends()).isEqualTo(BASE.buildId());
    }

    @Test
    void nop_nopsAllButTheRetAndNoXenBuildidLacksXenDepends() {
        PatchFunction nop = read("xen_nop").functions().getFirst();
        GuestSymbol minor = BASE.symbols().require("xen_minor_version");
        assertThat(nop.newSymbol()).isNull();
        assertThat(nop.oldName()).isEqualTo("xen_minor_version");
        assertThat(nop.newSize()).isEqualTo((int) minor.size() - 1);
        assertThat(read("xen_no_xen_buildid").xenDepends()).isEmpty();
        assertThat(read("xen_no_xen_buildid").functions()).isEqualTo(read("xen_nop").functions());
    }

    @Test
    void expectations_holdTheLoadedBytesOfTheOldFunction() {
        PatchFunction ok = read("xen_expectations").functions().getFirst();
        GuestSymbol extra = BASE.symbols().require("xen_extra_version");
        assertThat(ok.expect().enabled()).isTrue();
        assertThat(ok.expect().length()).isEqualTo((int) extra.size());
        assertThat(ok.expect().data()).startsWith(BASE.read(extra.address(), (int) extra.size()));
        PatchFunction fail = read("xen_expectations_fail").functions().getFirst();
        assertThat(fail.expect().data()).startsWith(0xDE, 0xAD, 0xC0, 0xDE, 0xBA, 0xBE);
    }

    @Test
    void actionHooksNofunc_isAValidPayloadWithoutFunctions() {
        Payload p = read("xen_action_hooks_nofunc");
        assertThat(p.functions()).isEmpty();
        assertThat(p.hooks().get(HookKind.APPLY)).hasSize(1);
        assertThat(p.hooks().get(HookKind.REVERT)).hasSize(1);
    }

    @Test
    void everyPayloadPassesTheImageChecksAndLinksAgainstTheImage() {
        for (String name : SAMPLES.keySet()) {
            Payload p = read(name);
            PayloadValidator.checkAgainst(p, SamplePayloadsTest::lookup, null);
            GuestImage linked = ImageLinker.link(List.of(p.elf()), 0x10000000L, BASE.symbols());
            assertThat(linked.size()).as(name).isPositive();
        }
    }

    @Test
    void samplesRoundTripAndAreReproducible() {
        Map<String, byte[]> again = SamplePayloads.assemble(BASE);
        for (var e : SAMPLES.entrySet()) {
            assertThat(again.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            byte[] rewritten = ElfObject.from(ElfFile.parse(e.getKey(), e.getValue())).write();
            assertThat(rewritten).as("%s round-trips", e.getKey()).isEqualTo(e.getValue());
        }
    }
}
