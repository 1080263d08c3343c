package dev.quiesce.payload.envelope;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.PayloadWriter;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

class SignedPayloadTest {

    private static final BuildId IMAGE = BuildId.sha1(new byte[]{1});

    /** The guest's xen_nop body made a payload against a made-up image build-id. */
    private static Payload nop() {
        GuestObject body = GuestObjects.payloadBodies().stream().filter(o -> o.name().equals("xen_nop.o")).findFirst()
                .orElseThrow();
        ElfObject o = ElfObject.from(ElfFile.parse(body.name(), body.bytes()));
        PayloadWriter.addNotes(o, IMAGE, Optional.of(IMAGE));
        return PayloadReader.read("xen_nop.livepatch", PayloadWriter.finish(o));
    }

    @Test
    void of_copiesTheBuildIdsFromTheElf_andOpenGivesThePayloadBack() {
        Payload p = nop();
        SignedPayload e = EnvelopeCodec.decode(EnvelopeCodec.encode(SignedPayload.of("xen_nop", p, Map.of("k", "v"))));
        assertThat(e.buildId()).isEqualTo(p.buildId());
        assertThat(e.depends()).isEqualTo(IMAGE);
        assertThat(e.xenDepends()).contains(IMAGE);
        Payload back = e.open();
        assertThat(back.bytes()).isEqualTo(p.bytes());
        assertThat(back.functions()).isEqualTo(p.functions());
    }

    @Test
    void open_refusesCopiedBuildIdsThatDisagreeWithTheElf() {
        SignedPayload good = SignedPayload.of("xen_nop", nop(), Map.of());
        BuildId other = BuildId.sha1(new byte[]{2});
        SignedPayload depends = new SignedPayload(good.name(), good.elf(), good.buildId(), other, good.xenDepends(),
                Map.of(), Optional.empty(), Optional.empty());
        SignedPayload xen = new SignedPayload(good.name(), good.elf(), good.buildId(), good.depends(), Optional.empty(),
                Map.of(), Optional.empty(), Optional.empty());
        assertThatThrownBy(depends::open).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.getMessage()).contains("says depends (.livepatch.depends) " + other.hex() + " but the ELF has " + IMAGE.hex());
        });
        assertThatThrownBy(xen::open).isInstanceOf(PayloadException.class)
                .hasMessageContaining("xen_depends (.livepatch.xen_depends) none but the ELF has " + IMAGE.hex());
        assertThatCode(good::open).doesNotThrowAnyException();
    }

    @Test
    void name_followsXensLengthAndLivepatchBuildsCharacters() {
        assertThatCode(() -> SignedPayload.checkName("xsa-123_fix")).doesNotThrowAnyException();
        assertThatCode(() -> SignedPayload.checkName("a".repeat(127))).doesNotThrowAnyException();
        assertThatThrownBy(() -> SignedPayload.checkName("a".repeat(128))).hasMessageContaining("is 128 characters; Xen allows 127");
        assertThatThrownBy(() -> SignedPayload.checkName("")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> SignedPayload.checkName("a.b")).hasMessageContaining("has '.' at index 1");
    }
}
