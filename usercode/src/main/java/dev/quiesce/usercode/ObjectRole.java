package dev.quiesce.usercode;

/** Where an object of a user guest comes from, for the link check's advice. */
enum ObjectRole {
    /** The built-in guest image's objects (percpu, the idle loop, the handlers). */
    BUILT_IN("the built-in guest"),
    /** The user shell and the hooks object. */
    SHELL("the user shell"),
    /** The freestanding C runtime. */
    RUNTIME("the runtime"),
    /** The user's own sources. */
    USER("your code");

    private final String description;

    ObjectRole(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
