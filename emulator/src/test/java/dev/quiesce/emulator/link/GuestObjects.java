package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.guest.GuestObject;

import java.util.List;

/** Test support: the gcc-built guest objects of quiesce-guest, parsed. */
final class GuestObjects {

    private GuestObjects() {
    }

    /** Every guest object, in link order. */
    static List<ElfFile> all() {
        return dev.quiesce.guest.GuestObjects.baseImage().stream().map(o -> ElfFile.parse(o.name(), o.bytes())).toList();
    }

    static List<String> names() {
        return dev.quiesce.guest.GuestObjects.baseImage().stream().map(GuestObject::name).toList();
    }

    static byte[] bytes(String name) {
        return dev.quiesce.guest.GuestObjects.object(name).bytes();
    }
}
