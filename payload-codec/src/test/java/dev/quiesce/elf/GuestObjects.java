package dev.quiesce.elf;

import dev.quiesce.guest.GuestObject;

import java.util.List;

/** Test support: the gcc-built guest objects of quiesce-guest, parsed. */
final class GuestObjects {

    private GuestObjects() {
    }

    /** The object names in link order, e.g. {@code main.o}. */
    static List<String> names() {
        return dev.quiesce.guest.GuestObjects.baseImage().stream().map(GuestObject::name).toList();
    }

    static byte[] bytes(String name) {
        return dev.quiesce.guest.GuestObjects.object(name).bytes();
    }

    static ElfFile parse(String name) {
        return ElfFile.parse(name, bytes(name));
    }
}
