package dev.quiesce.emulator.runtime;

/** What a probe returned ({@code ret}) and the NUL-terminated string it left in {@code out}. */
record Answer(long ret, String out) {
}
