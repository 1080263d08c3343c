package dev.quiesce.guest;

/**
 * One compiled guest object file.
 *
 * @param name  file name, e.g. {@code main.o}
 * @param bytes the ELF64 relocatable object
 */
public record GuestObject(String name, byte[] bytes) {
}
