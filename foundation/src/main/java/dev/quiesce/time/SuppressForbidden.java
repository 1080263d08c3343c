package dev.quiesce.time;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a deliberate use of the real world (wall clock) that the determinism check
 * (forbiddenapis, {@code src/build/forbidden-ambient.txt}) must allow; {@link #value()} says why.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface SuppressForbidden {
    /** Why the real world is needed here. */
    String value();
}
