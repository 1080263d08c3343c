package dev.quiesce.coordinator.protocol;

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
}
