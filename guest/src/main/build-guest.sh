#!/usr/bin/env bash
# Compiles the guest image: every src/main/c/*.c becomes one ELF64 relocatable object.
# Flags (DESIGN.md §1, issue 2):
#   -ffunction-sections -fdata-sections  one section per function/object, so a payload can replace one
#   -O2 -ffreestanding -nostdlib         a hypervisor-like image with no libc
#   -fno-pic -fno-pie -mcmodel=small     absolute addresses fit 32 bits: the image lives below 2 GiB
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
flags=(-c -std=gnu11 -O2 -ffreestanding -nostdlib -fno-pic -fno-pie -mcmodel=small
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
