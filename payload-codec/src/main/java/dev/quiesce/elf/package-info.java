/**
 * A validating reader of ELF64 little-endian files (relocatable objects first): sections, the
 * symbol table, RELA relocations, notes, and GNU build-ids; and a writer of x86-64 relocatable
 * objects in one canonical layout ({@link dev.quiesce.elf.ElfObject}).
 *
 * <p>{@link dev.quiesce.elf.ElfFile#parse} checks every offset, size and index it follows before
 * using it; malformed input is always reported as an {@link dev.quiesce.elf.ElfFormatException}
 * naming the file, the field and its offset.
 */
package dev.quiesce.elf;
