package dev.quiesce.usercode;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.link.LinkException;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a user guest from a {@link GuestSpec}: compiles the user's sources and the hooks object, puts them after
 * the built-in guest's objects, the user shell and the runtime, and checks the link — every undefined symbol with
 * where it is referenced and what to do, user globals that clash with the guest's, and that each named function
 * (workload, calls, init, quiescence) is a function the shell can call — before the image linker links it once as
 * the final check. Every failure is an {@link IllegalArgumentException} (a {@link CompileException} for gcc's).
 */
public final class UserGuestBuilder {

    /** The image base the final link check links at (the host's default; the check does not depend on it). */
    private static final long CHECK_BASE = 0x400000;
    private static final String USER_PREFIX = "user/";
    private static final String RUNTIME_PREFIX = "runtime/";
    /** Guests already checked in this process, by {@link #key}: a sweep reads its scenario once per run. */
    private static final Map<String, UserGuest> CHECKED = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private static final int MAX_CHECKED = 32;

    private final GuestCompiler compiler;
    private final List<GuestObject> runtime;
    private final Map<String, byte[]> runtimeHeaders;

    /** A builder with {@code compiler} and the runtime's objects and headers. */
    public UserGuestBuilder(GuestCompiler compiler, List<GuestObject> runtime, Map<String, byte[]> runtimeHeaders) {
        this.compiler = compiler;
        this.runtime = List.copyOf(runtime);
        this.runtimeHeaders = Map.copyOf(runtimeHeaders);
    }

    /** The builder scenarios use: gcc from the PATH, the runtime's objects and headers ({@code GuestObjects}). */
    public static UserGuestBuilder standard() {
        return new UserGuestBuilder(new GuestCompiler(), GuestObjects.runtime(), GuestObjects.runtimeHeaders());
    }

    /** The compile options of user code: the user's, with the runtime's headers as the system headers. */
    public CompileOptions options(CompileOptions user) {
        return new CompileOptions(user.defines(), user.includes(), runtimeHeaders);
    }

    /** Compiles the sources of {@code entries} with the user flags and {@code user}'s options. */
    public List<GuestObject> compile(List<java.nio.file.Path> entries, String what, CompileOptions user) {
        return compiler.compile(Sources.of(entries, what), options(user));
    }

    /** Builds and checks the user guest of {@code spec}. */
    public UserGuest build(GuestSpec spec) {
        List<GuestObject> user = compile(spec.sources(), "guest.sources", spec.options());
        GuestObject hooks = HooksObject.compile(compiler, spec);
        String key = key(user, hooks, spec);
        synchronized (CHECKED) {
            UserGuest done = CHECKED.get(key);
            if (done != null) {
                return done;
            }
        }
        UserGuest g = check(spec, user, hooks);
        synchronized (CHECKED) {
            CHECKED.put(key, g);
            if (CHECKED.size() > MAX_CHECKED) {
                CHECKED.remove(CHECKED.keySet().iterator().next());
            }
        }
        return g;
    }

    /** Links {@code user} and {@code hooks} with the rest of a user guest and checks the link. */
    private UserGuest check(GuestSpec spec, List<GuestObject> user, GuestObject hooks) {
        List<GuestObject> objects = new ArrayList<>();
        List<LinkCheck.Input> inputs = new ArrayList<>();
        Set<String> privates = new LinkedHashSet<>();
        for (GuestObject o : GuestObjects.baseImage()) {
            add(o, o.name(), ObjectRole.BUILT_IN, objects, inputs);
        }
        add(GuestObjects.userShell(), GuestObjects.userShell().name(), ObjectRole.SHELL, objects, inputs);
        add(hooks, hooks.name(), ObjectRole.SHELL, objects, inputs);
        for (GuestObject o : runtime) {
            privates.add(add(o, RUNTIME_PREFIX + o.name(), ObjectRole.RUNTIME, objects, inputs));
        }
        List<LinkCheck.Input> userInputs = new ArrayList<>();
        for (GuestObject o : user) {
            privates.add(add(o, USER_PREFIX + o.name(), ObjectRole.USER, objects, inputs));
            userInputs.add(inputs.getLast());
        }
        List<String> problems = new ArrayList<>(LinkCheck.duplicates(inputs));
        Map<String, LinkCheck.Definition> defined = LinkCheck.definitions(inputs);
        if (problems.isEmpty()) {
            hooks(spec, defined, userInputs, problems);
        }
        if (problems.isEmpty()) {
            problems.addAll(LinkCheck.problems(inputs));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("your code does not link: " + String.join("\n", problems));
        }
        try {
            ImageLinker.link(inputs.stream().map(LinkCheck.Input::elf).toList(), CHECK_BASE);
        } catch (LinkException e) {
            throw new IllegalArgumentException("your code does not link: " + e.getMessage(), e);
        }
        return new UserGuest(objects, privates, user, spec.quiescence());
    }

    /** Adds why a function {@code spec} names is not one the shell can call. */
    private static void hooks(GuestSpec spec, Map<String, LinkCheck.Definition> defined, List<LinkCheck.Input> userInputs,
                              List<String> problems) {
        callable("guest.workload", Optional.of(spec.workload()), defined, userInputs).ifPresent(problems::add);
        callable("guest.irq-calls", spec.irqCall(), defined, userInputs).ifPresent(problems::add);
        callable("guest.nmi-calls", spec.nmiCall(), defined, userInputs).ifPresent(problems::add);
        callable("guest.mce-calls", spec.mceCall(), defined, userInputs).ifPresent(problems::add);
        callable("guest.init", spec.init(), defined, userInputs).ifPresent(problems::add);
        spec.quiescence().flatMap(q -> quiescence(q, defined, userInputs)).ifPresent(problems::add);
    }

    /** The key of a checked guest: every object it links, in order, and its quiescence function. */
    private String key(List<GuestObject> user, GuestObject hooks, GuestSpec spec) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            List<GuestObject> all = new ArrayList<>(runtime);
            all.add(hooks);
            all.addAll(user);
            for (GuestObject o : all) {
                d.update(o.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(java.security.MessageDigest.getInstance("SHA-256").digest(o.bytes()));
            }
            d.update(spec.quiescence().orElse("").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String add(GuestObject o, String name, ObjectRole role, List<GuestObject> objects,
                              List<LinkCheck.Input> inputs) {
        objects.add(new GuestObject(name, o.bytes()));
        inputs.add(new LinkCheck.Input(ElfFile.parse(name, o.bytes()), role));
        return name;
    }

    /** Why {@code name} (for {@code key}) is not a global function the shell can call, if it is not. */
    private static Optional<String> callable(String key, Optional<String> name, Map<String, LinkCheck.Definition> defined,
                                             List<LinkCheck.Input> user) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String n = name.get();
        LinkCheck.Definition d = defined.get(n);
        if (d == null) {
            for (LinkCheck.Input in : user) {
                for (ElfSymbol s : in.elf().symbols()) {
                    if (s.isLocal() && s.name().equals(n) && s.isFunction()) {
                        return Optional.of("%s = %s: %s is static in %s; remove `static` so the user shell can call it"
                                .formatted(key, n, n, in.elf().fileName()));
                    }
                }
            }
            return Optional.of("%s = %s: no function %s in your sources; define it (void %s(%s))".formatted(key, n, n, n,
                    key.equals("guest.workload") ? "unsigned cpu, unsigned long iter" : "unsigned cpu"));
        }
        if (d.input().role() != ObjectRole.USER) {
            return Optional.of("%s = %s: %s is %s's (%s), not a function of your code: name your function differently"
                    .formatted(key, n, n, d.input().role().description(), d.input().elf().fileName())
                    + " (e.g. my_" + n + ")");
        }
        if (!d.symbol().isFunction()) {
            return Optional.of("%s = %s: %s in %s is not a function (it is a variable); name a function".formatted(
                    key, n, n, d.input().elf().fileName()));
        }
        return Optional.empty();
    }

    /** Why {@code name} is not one function of the user's code, if it is not. */
    private static Optional<String> quiescence(String name, Map<String, LinkCheck.Definition> defined,
                                               List<LinkCheck.Input> user) {
        LinkCheck.Definition d = defined.get(name);
        if (d != null) {
            return d.symbol().isFunction() ? Optional.empty() : Optional.of(("guest.quiescence = %s: %s in %s is not a"
                    + " function; name the function whose entry is the quiescence point").formatted(name, name,
                    d.input().elf().fileName()));
        }
        int locals = 0;
        for (LinkCheck.Input in : user) {
            locals += (int) in.elf().symbols().stream().filter(s -> s.isLocal() && s.isFunction()
                    && s.name().equals(name)).count();
        }
        if (locals == 1) {
            return Optional.empty();
        }
        return Optional.of(locals == 0
                ? "guest.quiescence = %s: no function %s in your code (gcc may have inlined a static one: mark it"
                        .formatted(name, name) + " __attribute__((noinline)))"
                : "guest.quiescence = %s: %d static functions are named %s; make the one you mean non-static"
                        .formatted(name, locals, name));
    }
}
