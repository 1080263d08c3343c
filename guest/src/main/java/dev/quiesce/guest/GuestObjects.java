package dev.quiesce.guest;

import dev.quiesce.isa.Arch;

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
 * {@code guest/runtime/runtime.list}) and its headers. The same for AArch64 ({@link Arch#AARCH64}: the image, the
 * payload bodies and the user shell in {@code guest/aarch64/}, docs/aarch64.md) through the methods that take a
 * {@link Arch}; those without one give the x86-64 objects, as they always did. The runtime is x86-64 only.
 */
public final class GuestObjects {

    private static final String DIR = "/guest/";

    private GuestObjects() {
    }

    /** The base image's objects, in the order of {@code objects.list} (link order). */
    public static List<GuestObject> baseImage() {
        return baseImage(Arch.X86_64);
    }

    /** The base image's objects for {@code arch}, in the order of its {@code objects.list} (link order). */
    public static List<GuestObject> baseImage(Arch arch) {
        List<GuestObject> out = new ArrayList<>();
        for (String line : lines(arch, "objects.list")) {
            out.add(new GuestObject(line, readBytes(arch, line)));
        }
        return List.copyOf(out);
    }

    /**
     * The bodies of Xen's regression payloads re-created for this guest ({@code xen_hello_world.o},
     * …), each the {@code ld -r} of its C sources, in {@code payloads/payloads.list} order. They
     * still lack the build-id notes, which depend on the linked image.
     */
    public static List<GuestObject> payloadBodies() {
        return payloadBodies(Arch.X86_64);
    }

    /** The payload bodies compiled for {@code arch}, from the same sources and list as {@link #payloadBodies()}. */
    public static List<GuestObject> payloadBodies(Arch arch) {
        List<GuestObject> out = new ArrayList<>();
        for (String line : lines(arch, "payloads/payloads.list")) {
            out.add(new GuestObject(line, readBytes(arch, "payloads/" + line)));
        }
        return List.copyOf(out);
    }

    /**
     * The user shell ({@code guest/src/main/user/user_main.c}, docs/own-code.md): the entry and interrupt entry points
     * of a user guest's CPUs, compiled with the guest's flags but not part of the built-in image.
     */
    public static GuestObject userShell() {
        return userShell(Arch.X86_64);
    }

    /** The user shell compiled for {@code arch}. */
    public static GuestObject userShell(Arch arch) {
        return new GuestObject("user_main.o", readBytes(arch, "user/user_main.o"));
    }

    /** The user shell's header {@code quiesce_user.h}: the layout of the hooks a user guest fills. */
    public static byte[] userShellHeader() {
        return readBytes("user/quiesce_user.h");
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
        return lines(Arch.X86_64, list);
    }

    /** One object of the base image by file name, e.g. {@code main.o}. */
    public static GuestObject object(String name) {
        return object(Arch.X86_64, name);
    }

    /** One object of {@code arch}'s base image by file name. */
    public static GuestObject object(Arch arch, String name) {
        return baseImage(arch).stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no guest object " + name + " in " + DIR
                        + directory(arch) + "objects.list"));
    }

    private static List<String> lines(Arch arch, String list) {
        return new String(readBytes(arch, list), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static byte[] readBytes(String name) {
        return readBytes(Arch.X86_64, name);
    }

    private static byte[] readBytes(Arch arch, String name) {
        String path = DIR + directory(arch) + name;
        try (InputStream in = GuestObjects.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("guest resource " + path + " is missing: the guest module was "
                        + "not built (it needs " + compiler(arch) + "), rebuild with ./mvnw install");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource directory of {@code arch}'s objects below {@code /guest/}. */
    private static String directory(Arch arch) {
        return arch == Arch.AARCH64 ? "aarch64/" : "";
    }

    /** The compiler that builds {@code arch}'s objects and how to install it. */
    private static String compiler(Arch arch) {
        return arch == Arch.AARCH64 ? "aarch64-linux-gnu-gcc (apt-get install -y gcc-aarch64-linux-gnu)"
                : "gcc (apt-get install -y gcc)";
    }
}
