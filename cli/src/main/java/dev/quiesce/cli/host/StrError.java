package dev.quiesce.cli.host;

/**
 * glibc's {@code strerror()} texts for the errnos the livepatch tool prints ("Error 17: File exists"),
 * as {@code tools/misc/xen-livepatch.c} prints them on Linux.
 */
final class StrError {

    private StrError() {
    }

    /** The message of positive errno {@code n}. */
    static String of(int n) {
        return switch (n) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 5 -> "Input/output error";
            case 7 -> "Argument list too long";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 14 -> "Bad address";
            case 16 -> "Device or resource busy";
            case 17 -> "File exists";
            case 21 -> "Is a directory";
            case 22 -> "Invalid argument";
            case 34 -> "Numerical result out of range";
            case 38 -> "Function not implemented";
            case 61 -> "No data available";
            case 75 -> "Value too large for defined data type";
            case 95 -> "Operation not supported";
            case 105 -> "No buffer space available";
            default -> "Unknown error " + n;
        };
    }
}
