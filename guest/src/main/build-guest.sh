#!/usr/bin/env bash
# Compiles the guest image: every src/main/c/*.c becomes one ELF64 relocatable object.
# Flags (docs/architecture.md §1, issue 2):
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
# FENTRY_PATCHABLE functions (guest.h) start with a 5-NOP pad (patchable_function_entry, since -pg is
# refused with -fpie); gcc's __patchable_function_entries section that lists the pads is kept: it is
# allocated writable data with R_X86_64_64 relocations, which the image linker and Xen's payload
# loader place like any other.
#
# AArch64 (docs/aarch64.md): the same sources are compiled again by Debian's cross compiler
# aarch64-linux-gnu-gcc into $out/aarch64/ (objects.list, user/, payloads/), the x86_*.c files replaced by the
# a64_*.c ones (common sources first, then the architecture's own, each in name order: for x86-64 that is
# exactly the order it always had). Flags as above, except:
#   -mno-red-zone, -fcf-protection=none  x86 only: AAPCS64 has no red zone; the Arm counterpart of the
#                                        second is -mbranch-protection=none (no BTI landing pad or PACIASP
#                                        at a function's start, where the patch's B goes)
#   -fno-unwind-tables                   no .eh_frame: aarch64-linux gcc emits unwind tables by default
#                                        even without the asynchronous ones (x86 needs only the first flag)
#   -mno-outline-atomics                 atomics inline (LDAR, ...), never calls to libgcc's __aarch64_*
#                                        helpers, which a freestanding image does not have
#   -fpie -mcmodel=small + hidden vis.   ADRP/ADD and BL/B: R_AARCH64_ADR_PREL_PG_HI21, ADD_ABS_LO12_NC,
#                                        LDST*_ABS_LO12_NC, CALL26, JUMP26, CONDBR19, ...; ABS64 in data; no
#                                        GOT and no TLS (AArch64ObjectsTest checks the set)
# FENTRY_PATCHABLE pads are two 4-byte NOPs there (guest.h: Linux's arm64 ftrace sites).
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
a64=aarch64-linux-gnu
for tool in gcc ld readelf; do
  if ! command -v "$a64-$tool" >/dev/null 2>&1; then
    echo "error: $a64-$tool not found. The AArch64 guest is compiled with Debian's cross compiler:" \
         "install it (apt-get install -y gcc-aarch64-linux-gnu)." >&2
    exit 1
  fi
done
mkdir -p "$out"
flags=(-c -std=gnu11 -O2 -ffreestanding -nostdlib -fpie -mcmodel=small
       -ffunction-sections -fdata-sections -mno-red-zone -mgeneral-regs-only
       -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -fcf-protection=none
       -fno-stack-protector -fno-common -Wall -Wextra -Werror -I "$src")
a64flags=(-c -std=gnu11 -O2 -ffreestanding -nostdlib -fpie -mcmodel=small
          -ffunction-sections -fdata-sections -mgeneral-regs-only
          -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-omit-frame-pointer -mbranch-protection=none
          -mno-outline-atomics -fno-stack-protector -fno-common -Wall -Wextra -Werror -I "$src")
objects=()
for c in "$src"/*.c; do
  name=$(basename "$c" .c)
  case "$name" in a64_*) continue ;; esac
  gcc "${flags[@]}" -o "$out/$name.o" "$c"
  objects+=("$name.o")
done
printf '%s\n' "${objects[@]}" > "$out/objects.list"

# The AArch64 image: the common sources, then the a64_*.c files.
aout="$out/aarch64"
mkdir -p "$aout"
objects=()
for pass in common arch; do
  for c in "$src"/*.c; do
    name=$(basename "$c" .c)
    case "$pass:$name" in common:x86_*|common:a64_*|arch:x86_*) continue ;; arch:a64_*) ;; arch:*) continue ;; esac
    "$a64-gcc" "${a64flags[@]}" -o "$aout/$name.o" "$c"
    objects+=("$name.o")
  done
done
printf '%s\n' "${objects[@]}" > "$aout/objects.list"

# The user shell (src/main/user, docs/own-code.md): compiled with the guest's flags into $out/user/, NOT listed in
# objects.list (the built-in image does not link it); its header goes beside it, for the object that fills its hooks.
user=${4:-}
if [ -n "$user" ]; then
  mkdir -p "$out/user"
  gcc "${flags[@]}" -I "$user" -o "$out/user/user_main.o" "$user/user_main.c"
  cp "$user/quiesce_user.h" "$out/user/quiesce_user.h"
  mkdir -p "$aout/user"
  "$a64-gcc" "${a64flags[@]}" -I "$user" -o "$aout/user/user_main.o" "$user/user_main.c"
  cp "$user/quiesce_user.h" "$aout/user/quiesce_user.h"
fi

# Payload bodies (Xen's test payloads and the simulator's own): each is `ld -r` of its sources. A line
# of payloads.list is `name old new sources...`; old and new are one symbol each, or comma-separated
# lists of the same length for a payload that replaces several functions (old[i] -> new[i]); `-` is
# none (no function, or NOP patching). OLD_CODE_SZ is the size of the old function in the base objects
# and NEW_CODE_SZ the size of the new function, both from the symbol tables, as Xen's
# test/livepatch/Makefile derives them (config.h); they are defined for one-function payloads only.
# Every payload also gets OLD_CODE_SZ_<old> and NEW_CODE_SZ_<new> for each of its symbols, which is
# what a several-function payload uses. New sizes are measured on a first compile and the sources
# compiled again with them. Build-ids and the .livepatch.depends/.xen_depends notes are added when a
# payload is assembled against a linked image (dev.quiesce.emulator.samples), because the image's
# build-id is the linker's.
# build_payloads BASE PREFIX FLAGS...: the payloads against the objects in BASE into BASE/payloads, with the
# tools ${PREFIX}gcc, ${PREFIX}ld and ${PREFIX}readelf (PREFIX empty for x86-64, aarch64-linux-gnu- for AArch64).
build_payloads() {
  local base=$1 pfx=$2
  shift 2
  local flags=("$@")
  local pout="$base/payloads"
  mkdir -p "$pout"
  # symsize SYMBOL OBJECT...: st_size of the function SYMBOL (its first definition), empty if none
  # defines it. awk reads all of readelf's output: exiting early could kill readelf with SIGPIPE,
  # which pipefail + set -e turn into a failed build.
  symsize() { local sym=$1; shift; "${pfx}readelf" -sW "$@" | awk -v s="$sym" '$8 == s && $4 == "FUNC" && !n++ { print $3 }'; }
  names=()
  while read -r name old new sources; do
    case "$name" in ''|'#'*) continue ;; esac
    IFS=, read -r -a olds <<< "$old"
    IFS=, read -r -a news <<< "$new"
    if [ "${#olds[@]}" != "${#news[@]}" ]; then
      echo "error: payload $name: ${#olds[@]} old symbols ($old) but ${#news[@]} new symbols ($new)" >&2; exit 1
    fi
    # bash 3.2 (macOS) compatible: no associative arrays, no empty "${a[@]}" under set -u
    oldsz=0
    defs=()
    for sym in "${olds[@]}"; do
      [ "$sym" != "-" ] || continue
      sz=$(symsize "$sym" "$base"/*.o)
      [ -n "$sz" ] || { echo "error: payload $name: no function $sym in the base objects" >&2; exit 1; }
      oldsz=$sz
      defs+=(-DOLD_CODE_SZ_"$sym"="$sz")
    done
    newszs=()   # newszs[i]: size of news[i], 0 until measured (and for -)
    measure=no
    for i in "${!news[@]}"; do
      newszs[i]=0
      [ "${news[i]}" = "-" ] || measure=yes
    done
    tmp=$(mktemp -d)
    objs=()
    for pass in 1 2; do
      objs=()
      passdefs=(${defs[@]+"${defs[@]}"})
      for i in "${!news[@]}"; do
        [ "${news[i]}" = "-" ] || passdefs+=(-DNEW_CODE_SZ_"${news[i]}"="${newszs[i]}")
      done
      if [ "${#olds[@]}" = 1 ]; then
        passdefs=(-DOLD_CODE_SZ="$oldsz" -DNEW_CODE_SZ="${newszs[0]}" ${passdefs[@]+"${passdefs[@]}"})
      fi
      for c in $sources; do
        o="$tmp/$(basename "$c" .c).o"
        "${pfx}gcc" "${flags[@]}" -I "$payloads" ${passdefs[@]+"${passdefs[@]}"} -o "$o" "$payloads/$c"
        objs+=("$o")
      done
      [ "$pass" = 1 ] && [ "$measure" = yes ] || break
      for i in "${!news[@]}"; do
        [ "${news[i]}" != "-" ] || continue
        newszs[i]=$(symsize "${news[i]}" "${objs[@]}")
        [ -n "${newszs[i]}" ] || { echo "error: payload $name: no function ${news[i]} in its sources" >&2; exit 1; }
      done
    done
    "${pfx}ld" -r -o "$pout/$name.o" "${objs[@]}"
    rm -rf "$tmp"
    names+=("$name.o")
  done < "$payloads/payloads.list"
  printf '%s\n' "${names[@]}" > "$pout/payloads.list"
}

payloads=${3:-}
if [ -n "$payloads" ]; then
  build_payloads "$out" "" "${flags[@]}"
  build_payloads "$aout" "$a64-" "${a64flags[@]}"
fi
