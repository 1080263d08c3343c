package dev.quiesce.coordinator.protocol;

import dev.quiesce.isa.Arch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name a {@link RendezvousProtocol} is picked by in a scenario or on the command line, e.g.
 * {@code xen.rendezvous} for Xen's {@code do_livepatch_work()} (xen/common/livepatch.c).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProtocolSpec {

    /** The protocol's name, dotted lower case. */
    String name();

    /** One line on what it models. */
    String description() default "";

    /** The architectures whose hosts it runs on (its stores and trampolines are written in their code). */
    Arch[] arches() default {Arch.X86_64, Arch.AARCH64};

    /** Why it does not run on the other architectures, for the refusal (empty when it runs on all). */
    String elsewhere() default "";
}
