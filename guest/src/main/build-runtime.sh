#!/usr/bin/env bash
# Compiles the freestanding C runtime of user guests (src/main/runtime, docs/own-code.md "The runtime")
# with the user flags (dev.quiesce.usercode.UserFlags: the flags the tool gives users' code) into
# OUT/<name>.o listed in OUT/runtime.list (the flags in OUT/cflags.list), and copies its headers to OUT/include/ listed in
# OUT/include/include.list. Unlike the built-in guest (build-guest.sh) it keeps SSE (no
# -mgeneral-regs-only: floating point works, interrupts save SSE state) and debug info (-g).
# One addition to the user flags: -fno-tree-loop-distribute-patterns, so gcc does not turn the loops
# of memset/memcpy into calls to themselves (musl and glibc build their string functions the same way).
# -nostdinc: only the runtime's headers and gcc's own freestanding ones (stdint.h, stddef.h, stdarg.h,
# stdbool.h, limits.h, float.h) are visible.
set -euo pipefail
src=$1
out=$2
mkdir -p "$out/include"
gccinc=$(gcc -print-file-name=include)
# the user flags, also written to OUT/cflags.list (one per line) for tests that compile code as a user's
user=(-c -std=gnu11 -O2 -g -ffreestanding -nostdlib -fpie -mcmodel=small -ffunction-sections -fdata-sections
      -mno-red-zone -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -fcf-protection=none
      -fno-stack-protector -fno-common -fvisibility=hidden -nostdinc)
printf '%s\n' "${user[@]}" > "$out/cflags.list"
flags=("${user[@]}" -isystem "$src/include" -isystem "$gccinc" -fno-tree-loop-distribute-patterns
       -Wall -Wextra -Werror)
objects=()
for c in "$src"/*.c; do
  name=$(basename "$c" .c)
  gcc "${flags[@]}" -I "$src" -o "$out/$name.o" "$c"
  objects+=("$name.o")
done
printf '%s\n' "${objects[@]}" > "$out/runtime.list"
headers=()
for h in "$src"/include/*.h; do
  cp "$h" "$out/include/"
  headers+=("$(basename "$h")")
done
printf '%s\n' "${headers[@]}" > "$out/include/include.list"
