package dev.quiesce.emulator.link.dwarf;

/** A malformed or unsupported DWARF line table; caught inside this package (its object then has no line info). */
final class DwarfFormatException extends RuntimeException {

    DwarfFormatException(String message) {
        super(message, null, false, false);
    }
}
