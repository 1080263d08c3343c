package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfSection;
import dev.quiesce.emulator.memory.Protection;
import java.util.Optional;

/**
 * The kind of image region an allocated section is placed in; regions are laid out in this order. The two private
 * kinds hold the writable sections of the objects a program names private per CPU
 * ({@link ImageLinker#link(java.util.List, long, SymbolTable, java.util.Set)}): each CPU runs on its own copy of them.
 */
public enum SectionKind {
    /** Code ({@code SHF_EXECINSTR}), read and execute. */
    TEXT("text", Protection.RX),
    /** Read-only data: allocated, neither writable nor executable (including merge strings and notes). */
    RODATA("rodata", Protection.R),
    /** Initialised writable data ({@code SHF_WRITE} with file contents). */
    DATA("data", Protection.RW),
    /** Zero-initialised writable data ({@code SHT_NOBITS}). */
    BSS("bss", Protection.RW),
    /** Initialised writable data of a private object: one copy per CPU. */
    PRIVATE_DATA("private-data", Protection.RW),
    /** Zero-initialised writable data of a private object: one copy per CPU. */
    PRIVATE_BSS("private-bss", Protection.RW);

    private final String regionName;
    private final Protection protection;

    SectionKind(String regionName, Protection protection) {
        this.regionName = regionName;
        this.protection = protection;
    }

    /** The name of the region of this kind, e.g. {@code text}. */
    public String regionName() {
        return regionName;
    }

    /** The protection of the region of this kind. */
    public Protection protection() {
        return protection;
    }

    /** Whether sections of this kind have no file contents (zero-initialised). */
    public boolean nobits() {
        return this == BSS || this == PRIVATE_BSS;
    }

    /** Whether this kind is one copy per CPU. */
    public boolean isPrivate() {
        return this == PRIVATE_DATA || this == PRIVATE_BSS;
    }

    /** The kind this one becomes in a private object: data and bss become private; code and rodata stay shared. */
    public SectionKind inPrivateObject() {
        return switch (this) {
            case DATA -> PRIVATE_DATA;
            case BSS -> PRIVATE_BSS;
            default -> this;
        };
    }

    /** The kind a section is placed in, or empty when it is not placed (not allocated, or empty). */
    public static Optional<SectionKind> of(ElfSection section) {
        if (!section.isAlloc() || section.size() == 0) {
            return Optional.empty();
        }
        if (section.isNobits()) {
            return Optional.of(BSS);
        }
        if (section.isExec()) {
            return Optional.of(TEXT);
        }
        return Optional.of(section.isWrite() ? DATA : RODATA);
    }
}
