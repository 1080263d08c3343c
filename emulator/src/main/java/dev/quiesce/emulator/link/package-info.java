/**
 * The linker/loader: places the allocated sections of gcc-built ELF64 relocatable objects of one architecture
 * (x86-64 or AArch64) at guest addresses ({@link dev.quiesce.emulator.link.ImageLinker}), resolves their symbols
 * (against each other, then an external {@link dev.quiesce.emulator.link.SymbolTable}), applies their RELA
 * relocations with that architecture's arithmetic (byte for byte what GNU ld writes), and yields a
 * {@link dev.quiesce.emulator.link.GuestImage} to load into {@link dev.quiesce.emulator.memory.GuestMemory}, with
 * the writable sections of objects named private placed in their own regions after bss, for one copy per CPU; and
 * the symbolizer of its addresses: {@code function+0xoff}
 * ({@link dev.quiesce.emulator.link.SymbolTable}) and, from the objects' DWARF line tables, {@code file:line}
 * ({@link dev.quiesce.emulator.link.SourceLines}).
 *
 * <p>Pure and deterministic: the same objects, base and external table always give the same bytes,
 * addresses and build-id.
 */
package dev.quiesce.emulator.link;
