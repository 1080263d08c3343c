package dev.quiesce.usercode;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.payload.build.BuildOptions;
import dev.quiesce.payload.build.BuildResult;
import dev.quiesce.payload.build.NoFunctionalChangeException;
import dev.quiesce.payload.build.PayloadBuilder;
import dev.quiesce.payload.build.UnpatchableChangeException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A payload built from a user's base and patched trees: the objects of both, compiled with the user flags, given to
 * {@link PayloadBuilder} the way {@code quiesce payload build --depends-on-image} does — depending on the running
 * image's build-id, with it as {@code .livepatch.xen_depends} too — once the image is linked. The bytes are kept per
 * (objects, image build-id), so the runs of a sweep build each payload once.
 *
 * @param name    the payload's name
 * @param base    the running tree's objects
 * @param patched the fixed tree's objects, paired with {@code base} by name
 */
public record UserPayload(String name, List<GuestObject> base, List<GuestObject> patched) {

    /** The build-id a payload is checked against before an image exists (all zeros). */
    private static final BuildId CHECK_ID = new BuildId(new byte[BuildId.SHA1_LENGTH]);
    private static final int MAX_KEPT = 256;
    private static final Map<String, byte[]> BUILT = new LinkedHashMap<>(16, 0.75f, true);

    public UserPayload {
        base = List.copyOf(base);
        patched = List.copyOf(patched);
    }

    /**
     * Builds it once against no image, so that a change that cannot be live-patched is refused when the scenario is
     * read, before anything runs.
     *
     * @throws IllegalArgumentException with the builder's reasons (or "no functional change")
     */
    public void check() {
        bytes(CHECK_ID);
    }

    /**
     * What the builder makes of the two trees, built against no image: the replaced functions ({@code file.c#name} for
     * a static one) and the new ones, as {@code quiesce payload build} reports them. Not kept: the caller asks once.
     *
     * @throws IllegalArgumentException with the builder's reasons (or "no functional change")
     */
    public BuildResult functions() {
        return build(CHECK_ID);
    }

    /** The payload's bytes for an image with build-id {@code image}. */
    public byte[] bytes(BuildId image) {
        String key = key(image);
        synchronized (BUILT) {
            byte[] b = BUILT.get(key);
            if (b != null) {
                return b.clone();
            }
        }
        byte[] out = build(image).payload();
        synchronized (BUILT) {
            BUILT.put(key, out.clone());
            if (BUILT.size() > MAX_KEPT) {
                BUILT.remove(BUILT.keySet().iterator().next());
            }
        }
        return out;
    }

    private BuildResult build(BuildId image) {
        try {
            return PayloadBuilder.build(elf(base), elf(patched), new BuildOptions(name, image, Optional.of(image), false));
        } catch (UnpatchableChangeException e) {
            throw new IllegalArgumentException("payload " + name + ": the change cannot be live-patched: "
                    + String.join("; ", e.reasons()), e);
        } catch (NoFunctionalChangeException e) {
            throw new IllegalArgumentException("payload " + name + ": base and patched compile to the same code (no"
                    + " functional change): change a function in the patched tree", e);
        }
    }

    private static List<ElfFile> elf(List<GuestObject> objects) {
        return objects.stream().map(o -> ElfFile.parse(o.name(), o.bytes())).toList();
    }

    private String key(BuildId image) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update(image.bytes());
            for (List<GuestObject> tree : List.of(base, patched)) {
                d.update((byte) 0xff);
                for (GuestObject o : tree) {
                    d.update(o.name().getBytes(StandardCharsets.UTF_8));
                    d.update((byte) 0);
                    d.update(MessageDigest.getInstance("SHA-256").digest(o.bytes()));
                }
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
