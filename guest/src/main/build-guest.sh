#!/usr/bin/env bash
# Compiles the guest image: every src/main/c/*.c becomes one ELF64 relocatable object.
# Flags (DESIGN.md §1, issue 2):
#   -ffunction-sections -fdata-sections  one section per function/object, so a payload can replace one
#   -O2 -ffreestanding -nostdlib         a hypervisor-like image with no libc
#   -fpie -mcmodel=small + hidden vis.   RIP-relative code only (R_X86_64_PC32/PLT32/64, no GOT): Xen's
#                                        payload loader applies no other relocation on x86, and code that
#                                        reaches data RIP-relatively can be loaded anywhere within +-2 GiB
#   -mno-red-zone -mgeneral-regs-only    interrupts push onto the interrupted stack; no SSE state to save
#   -fno-asynchronous-unwind-tables      no .eh_frame
#   -fno-omit-frame-pointer              the stack-check protocol walks RBP chains (issue 5)
#   -fcf-protection=none                 no ENDBR64: the JMP goes at old_addr (the ENDBR64 rule of Xen is
#                                        exercised by payload tests with their own objects)
#   -fno-stack-protector                 no %fs-based canary (there is no TLS in the guest)
set -euo pipefail
src=$1
out=$2
if ! command -v gcc >/dev/null 2>&1; then
  echo "error: gcc not found. The guest image is compiled with gcc: install it (Debian/Ubuntu: apt-get install -y gcc; macOS: brew install x86_64-elf-gcc and put it first on PATH as gcc)." >&2
  exit 1
fi
if [ "$(gcc -dumpmachine | cut -d- -f1)" != "x86_64" ]; then
  echo "error: gcc targets $(gcc -dumpmachine), the guest needs an x86_64 gcc (x86_64-linux-gnu or x86_64-elf)." >&2
  exit 1
fi
mkdir -p "$out"
flags=(-c -std=gnu11 -O2 -ffreestanding -nostdlib -fpie -mcmodel=small
       -ffunction-sections -fdata-sections -mno-red-zone -mgeneral-regs-only
       -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -fcf-protection=none
       -fno-stack-protector -fno-common -Wall -Wextra -Werror -I "$src")
objects=()
for c in "$src"/*.c; do
  name=$(basename "$c" .c)
  gcc "${flags[@]}" -o "$out/$name.o" "$c"
  objects+=("$name.o")
done
printf '%s\n' "${objects[@]}" > "$out/objects.list"

# Payload bodies (Xen's test payloads): each is `ld -r` of its sources. OLD_CODE_SZ is the size of
# the old function in the base objects and NEW_CODE_SZ the size of the new function, both from the
# symbol tables, as Xen's test/livepatch/Makefile derives them (config.h). Build-ids and the
# .livepatch.depends/.xen_depends notes are added when a payload is assembled against a linked
# image (dev.quiesce.emulator.samples), because the image's build-id is the linker's.
payloads=${3:-}
if [ -n "$payloads" ]; then
  pout="$out/payloads"
  mkdir -p "$pout"
  symsize() { readelf -sW "$@" | awk -v s="$sym" '$8 == s && $4 == "FUNC" { print $3; exit }'; }
  names=()
  while read -r name old new sources; do
    case "$name" in ''|'#'*) continue ;; esac
    oldsz=0
    if [ "$old" != "-" ]; then
      sym=$old; oldsz=$(symsize "$out"/*.o)
      [ -n "$oldsz" ] || { echo "error: payload $name: no function $old in the base objects" >&2; exit 1; }
    fi
    tmp=$(mktemp -d)
    objs=()
    for pass in 1 2; do
      objs=()
      newsz=${newsz_final:-0}
      for c in $sources; do
        o="$tmp/$(basename "$c" .c).o"
        gcc "${flags[@]}" -I "$payloads" -DOLD_CODE_SZ="$oldsz" -DNEW_CODE_SZ="$newsz" -o "$o" "$payloads/$c"
        objs+=("$o")
      done
      if [ "$pass" = 1 ] && [ "$new" != "-" ]; then
        sym=$new; newsz_final=$(symsize "${objs[@]}")
        [ -n "$newsz_final" ] || { echo "error: payload $name: no function $new in its sources" >&2; exit 1; }
      elif [ "$pass" = 1 ]; then
        break
      fi
    done
    unset newsz_final
    ld -r -o "$pout/$name.o" "${objs[@]}"
    rm -rf "$tmp"
    names+=("$name.o")
  done < "$payloads/payloads.list"
  printf '%s\n' "${names[@]}" > "$pout/payloads.list"
fi
