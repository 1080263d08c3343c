package dev.quiesce.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of the base guest image, compiled from {@code guest/src/main/c} by the build and
 * listed in {@code guest/objects.list}; also the user guests' C runtime ({@code guest/src/main/runtime},
 * {@code guest/runtime/runtime.list}) and its headers.
 */
public final class GuestObjects {

    private static final String DIR = "/guest/";

    private GuestObjects() {
    }

    /** The base image's objects, in the order of {@code objects.list} (link order). */
    public static List<GuestObject> baseImage() {
        List<GuestObject> out = new ArrayList<>();
        for (String line : read("objects.list").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            out.add(new GuestObject(line, readBytes(line)));
        }
        return List.copyOf(out);
    }

    /**
     * The bodies of Xen's regression payloads re-created for this guest ({@code xen_hello_world.o},
     * …), each the {@code ld -r} of its C sources, in {@code payloads/payloads.list} order. They
     * still lack the build-id notes, which depend on the linked image.
     */
    public static List<GuestObject> payloadBodies() {
        List<GuestObject> out = new ArrayList<>();
        for (String line : read("payloads/payloads.list").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            out.add(new GuestObject(line, readBytes("payloads/" + line)));
        }
        return List.copyOf(out);
    }

    /**
     * The objects of the freestanding C runtime that user guests link (string, stdlib, stdio subset,
     * ctype, math, assert; docs/own-code.md "The runtime"), compiled with the user flags, in
     * {@code runtime/runtime.list} order.
     */
    public static List<GuestObject> runtime() {
        List<GuestObject> out = new ArrayList<>();
        for (String line : lines("runtime/runtime.list")) {
            out.add(new GuestObject(line, readBytes("runtime/" + line)));
        }
        return List.copyOf(out);
    }

    /**
     * The runtime's headers by file name ({@code string.h}, {@code quiesce.h}, …), sorted by name: the
     * directory a user's code is compiled against ({@code -isystem}).
     */
    public static Map<String, byte[]> runtimeHeaders() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : lines("runtime/include/include.list").stream().sorted().toList()) {
            out.put(name, readBytes("runtime/include/" + name));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The gcc flags the runtime was compiled with, one element per flag, without its include
     * directories ({@code -isystem}): the user flags (docs/own-code.md "The runtime").
     */
    public static List<String> runtimeFlags() {
        return lines("runtime/cflags.list");
    }

    private static List<String> lines(String list) {
        return read(list).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** One object of the base image by file name, e.g. {@code main.o}. */
    public static GuestObject object(String name) {
        return baseImage().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no guest object " + name + " in " + DIR + "objects.list"));
    }

    private static String read(String name) {
        return new String(readBytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(String name) {
        try (InputStream in = GuestObjects.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("guest resource " + DIR + name + " is missing: the guest module was "
                        + "not built (it needs gcc: apt-get install -y gcc), rebuild with ./mvnw install");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
