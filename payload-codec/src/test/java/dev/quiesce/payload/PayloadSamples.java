package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.elf.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Test support: gcc-built payload bodies and the payloads written from them, built once per test JVM. */
final class PayloadSamples {

    static final BuildId IMAGE = BuildId.sha1("the base image".getBytes(StandardCharsets.UTF_8));
    static final BuildId XEN = BuildId.sha1("the hypervisor".getBytes(StandardCharsets.UTF_8));
    /** Xen's payloads carry only R_X86_64_64, PC32 and PLT32 relocations: -fpie code is RIP-relative, as Xen's -fpic is. */
    static final String[] GCC = {"-O2", "-ffunction-sections", "-fdata-sections", "-fpie", "-mcmodel=small",
            "-fcf-protection=none", "-fno-asynchronous-unwind-tables", "-fno-common", "-fno-stack-protector",
            "-fno-toplevel-reorder"};

    /** New code and hooks, as create-diff-object would take them from a patched build. */
    static final String BODY = """
            static int counter;
            int new_foo(int x) { return x * 3 + counter; }
            void hook_a(void) { counter++; }
            void hook_b(void) { counter += 2; }
            int pre(void) { return 0; }
            """;

    /** A payload written in C the way Xen's xen/test/livepatch/xen_hello_world.c is. */
    static final String HELLO = """
            struct livepatch_expectation { unsigned char enabled:1; unsigned char len:5; unsigned char rsv:2;
                                           unsigned char data[31]; };
            struct livepatch_func { const char *name; void *new_addr; void *old_addr; unsigned int new_size;
                                    unsigned int old_size; unsigned char version; unsigned char _pad[39];
                                    struct livepatch_expectation expect; };
            _Static_assert(sizeof(struct livepatch_func) == 104, "104 bytes");
            _Static_assert(__builtin_offsetof(struct livepatch_func, expect) == 72, "expect at 72");
            extern const char *xen_extra_version(void);
            static const char patch_this[] = "xen_extra_version";
            const char *xen_hello_world(void) { return "Hello World"; }
            static int cnt;
            static void hi_func(void) { cnt++; }
            static void check_fnc(void) { cnt--; }
            void (*const load_hi)(void) __attribute__((section(".livepatch.hooks.load"), used)) = hi_func;
            void (*const unload_hi)(void) __attribute__((section(".livepatch.hooks.unload"), used)) = hi_func;
            void (*const unload_check)(void) __attribute__((section(".livepatch.hooks.unload"), used)) = check_fnc;
            const struct livepatch_func __attribute__((section(".livepatch.funcs"), used)) hello = {
                .version = 2, .name = patch_this, .new_addr = xen_hello_world, .old_addr = xen_extra_version,
                .new_size = 16, .old_size = 24,
                .expect = { .enabled = 1, .len = 3, .data = { 0x55, 0x48, 0x89 } } };
            static const char modinfo[] __attribute__((section(".modinfo"), used)) = "LIVEPATCH_RULEZ";
            """;

    private static ElfFile body;
    private static ElfFile hello;

    private PayloadSamples() {
    }

    static Path dir() {
        try {
            return Files.createDirectories(Path.of("target", "payload-samples"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh editable copy of the gcc-built body. */
    static synchronized ElfObject body() {
        if (body == null) {
            body = ElfFile.parse("body.o", Tools.read(Tools.compile(dir(), "body", BODY, GCC)));
        }
        return ElfObject.from(body);
    }

    /** The gcc-built {@code xen_hello_world}-like object, before notes are added. */
    static synchronized ElfFile helloObject() {
        if (hello == null) {
            hello = ElfFile.parse("hello.o", Tools.read(Tools.compile(dir(), "hello", HELLO, GCC)));
        }
        return hello;
    }

    /** JMP {@code do_foo} → {@code new_foo}, NOP 3 bytes of {@code do_bar}; load, preapply hooks; two modinfo strings. */
    static PayloadSpec spec() {
        return new PayloadSpec(body(), functions(), IMAGE, Optional.of(XEN),
                Map.of(HookKind.LOAD, List.of("hook_a", "hook_b"), HookKind.PREAPPLY, List.of("pre")),
                List.of("LIVEPATCH_RULEZ", "version=1"));
    }

    static List<FunctionSpec> functions() {
        return List.of(new FunctionSpec("do_foo", 0, 24, "new_foo", 16, Expectation.of(new byte[] {0x55, 0x48})),
                new FunctionSpec("do_bar", 0, 8, null, 3, null));
    }

    static byte[] payload() {
        return PayloadWriter.write(spec());
    }

    /** The hello object with its notes, finished. */
    static byte[] helloPayload() {
        ElfObject o = ElfObject.from(helloObject());
        PayloadWriter.addNotes(o, IMAGE, Optional.of(XEN));
        return PayloadWriter.finish(o);
    }

    /** A hooks-only payload (Xen's xen_action_hooks_nofunc). */
    static byte[] hooksOnly() {
        return PayloadWriter.write(new PayloadSpec(body(), List.of(), IMAGE, Optional.of(XEN),
                Map.of(HookKind.APPLY, List.of("pre")), List.of()));
    }

    /** {@code payload} re-written after {@code edit} (the build-id is not recomputed). */
    static byte[] edit(byte[] payload, Consumer<ElfObject> edit) {
        ElfObject o = ElfObject.from(ElfFile.parse("edited", payload));
        edit.accept(o);
        return o.write();
    }

    static int section(ElfObject o, String name) {
        return o.findSection(name).orElseThrow();
    }
}
