#!/bin/sh
# How the symbol-map test data was made. The unit tests read the committed
# outputs and never run this; run it again only to change the data, then
# update the expected numbers in tests/unit/test_symbols.c (readelf -s and
# nm print them) and fw.sym (this script checks it against nm).
#
# Tools (Debian 12): gcc-arm-none-eabi and binutils-arm-none-eabi (12.2,
# binutils 2.40), clang and lld 14 (llvm-nm, ld.lld), and the host gcc and
# binutils.
#
#   fw.c, fw.ld      a tiny Thumb/ARM firmware and its MCU-style linker script
#   fw.elf           linked at 0x08000000 (flash) / 0x20000000 (RAM)
#   fw.map           GNU ld -Map of that link
#   fw.nm            arm-none-eabi-nm fw.elf          (BSD format)
#   fw-S.nm          arm-none-eabi-nm -S fw.elf       (BSD with sizes)
#   fw-posix.nm      arm-none-eabi-nm -P fw.elf       (POSIX format)
#   fw-llvm-posix.nm llvm-nm -P fw.elf
#   fw-special.nm    arm-none-eabi-nm --special-syms fw.elf   (with the ARM
#                    mapping symbols $a $t $d)
#   fw-special-posix.nm  arm-none-eabi-nm --special-syms -P fw.elf
#   fw-clang.elf     fw.c again, by clang and ld.lld (armv7a, Thumb and ARM)
#   fw-clang.map     ld.lld -Map of that link (Thumb functions odd, as in
#                    their symbols' values)
#   fw-clang.nm      llvm-nm --special-syms fw-clang.elf ($t.0, $a.4: LLVM 14
#                    numbers its mapping symbols)
#   fw-clang-generic.nm  nm fw-clang.elf with the host's nm, which does not
#                    know ARM: mapping symbols always, Thumb functions odd
#   fw.sym           a plain map written by hand
#   fw-be.elf        fw.c again, big-endian (BE8)
#   fw.o             the relocatable object (ET_REL), which the tool refuses
#   be64.elf         a 64-bit big-endian ELF (aarch64_be, ld.lld)
#   ifunc.so         a host x86-64 shared object with a GNU IFUNC
#   ifunc.nm         nm ifunc.so (types i, U, w)
#   ifunc-stripped.so  strip --strip-all ifunc.so: only .dynsym is left
#   locals.elf       locals-a.c + locals-b.c, MIPS big-endian (gcc-mips-linux-gnu):
#                    a local-only function and object, a local shadowed by a
#                    global, two locals of one name at different addresses
#   locals-arm.elf   the same, Thumb (arm-none-eabi-gcc), for a Thumb module
#   locals-lld.map   the same, Thumb (clang, thumbv7m), ld.lld -Map of its link
#                    with lld-script.ld: every form of script command the map
#                    lists, a --defsym, and the locals (which it lists too)
#   fw-MACHINE.elf   natives.c linked for another machine each (x86_64, i386,
#                    aarch64, mips, mipsel, riscv32, riscv64): the map of a
#                    firmware for a machine that may not be the module's
#                    (gcc, gcc-i686-linux-gnu, gcc-aarch64-linux-gnu,
#                    gcc-mips-linux-gnu; clang and ld.lld for RISC-V)
#   fw-riscv32.map, fw-riscv64.map  ld.lld -Map of those two links (a
#                    64-bit output's map has 16-digit columns)
set -eu
cd "$(dirname "$0")"

ARM="-march=armv7-a -mthumb -mfloat-abi=soft -O1 -ffreestanding -ffunction-sections
     -fdata-sections -fno-unwind-tables -fno-asynchronous-unwind-tables -g0"
LINK="-nostdlib -T fw.ld -Wl,--build-id=none -Wl,-n -Wl,--defsym=__flash_end=0x08100000"

arm-none-eabi-gcc $ARM -c fw.c -o fw.o
arm-none-eabi-gcc $ARM $LINK -Wl,-Map=fw.map -o fw.elf fw.o
arm-none-eabi-gcc $ARM -mbig-endian $LINK -o fw-be.elf fw.c
arm-none-eabi-nm fw.elf >fw.nm
arm-none-eabi-nm -S fw.elf >fw-S.nm
arm-none-eabi-nm -P fw.elf >fw-posix.nm
llvm-nm -P fw.elf >fw-llvm-posix.nm
arm-none-eabi-nm --special-syms fw.elf >fw-special.nm
arm-none-eabi-nm --special-syms -P fw.elf >fw-special-posix.nm

clang --target=armv7a-none-eabi $ARM -c fw.c -o fw-clang.o
ld.lld -n -T fw.ld --build-id=none --defsym=__flash_end=0x08100000 -Map=fw-clang.map \
    -o fw-clang.elf fw-clang.o
rm fw-clang.o
llvm-nm --special-syms fw-clang.elf >fw-clang.nm
nm fw-clang.elf >fw-clang-generic.nm

clang --target=aarch64_be-none-elf -O1 -ffreestanding -fno-unwind-tables \
    -fno-asynchronous-unwind-tables -c be64.c -o be64.o
ld.lld -EB -e be64_entry -Ttext=0x40000000 -z max-page-size=0x100 --build-id=none \
    -o be64.elf be64.o
rm be64.o

gcc -O1 -fPIC -shared -nostdlib -fno-asynchronous-unwind-tables -Wl,--build-id=none \
    -Wl,-z,max-page-size=0x100 -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--hash-style=gnu \
    -o ifunc.so ifunc.c
nm ifunc.so >ifunc.nm
strip --strip-all -o ifunc-stripped.so ifunc.so

mips-linux-gnu-gcc -O1 -ffreestanding -fno-pic -mno-abicalls -fno-asynchronous-unwind-tables \
    -g0 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-n -Wl,-z,max-page-size=0x100 \
    -Wl,-e,_start -Wl,-Ttext=0x400000 -o locals.elf locals-a.c locals-b.c

arm-none-eabi-gcc -march=armv7-a -mthumb -mfloat-abi=soft -O1 -ffreestanding \
    -fno-asynchronous-unwind-tables -fno-unwind-tables -g0 -nostdlib -static \
    -Wl,--build-id=none -Wl,-n -Wl,-z,max-page-size=0x100 -Wl,-e,_start \
    -Wl,-Ttext=0x08000000 -o locals-arm.elf locals-a.c locals-b.c

THUMB="--target=thumbv7m-none-eabi -O1 -ffreestanding -fno-unwind-tables
       -fno-asynchronous-unwind-tables -g0"
clang $THUMB -c locals-a.c -o locals-a.o
clang $THUMB -c locals-b.c -o locals-b.o
ld.lld -T lld-script.ld --build-id=none --undefined=p_dot --undefined=top_prov \
    --undefined=top_ph --defsym=ds=0x1234 -Map=locals-lld.map -o locals-lld.elf \
    locals-a.o locals-b.o
rm locals-a.o locals-b.o locals-lld.elf

NATIVES="-O1 -ffreestanding -fno-builtin -fno-pic -fno-asynchronous-unwind-tables
         -fno-unwind-tables -g0 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-n
         -Wl,-z,max-page-size=0x100 -Wl,-e,_start"
gcc $NATIVES -Wl,-Ttext=0x400000 -o fw-x86_64.elf natives.c
i686-linux-gnu-gcc $NATIVES -Wl,-Ttext=0x400000 -o fw-i386.elf natives.c
aarch64-linux-gnu-gcc $NATIVES -Wl,-Ttext=0x40000000 -o fw-aarch64.elf natives.c
mips-linux-gnu-gcc $NATIVES -mno-abicalls -Wl,-Ttext=0x400000 -o fw-mips.elf natives.c
mips-linux-gnu-gcc -EL $NATIVES -mno-abicalls -Wl,-Ttext=0x400000 -o fw-mipsel.elf natives.c
for bits in 32 64; do
    clang --target=riscv$bits-unknown-elf -O1 -ffreestanding -fno-builtin -fno-pic \
        -fno-asynchronous-unwind-tables -fno-unwind-tables -g0 -c natives.c -o natives.o
    ld.lld -e _start -Ttext=0x80000000 -z max-page-size=0x100 --build-id=none \
        -Map=fw-riscv$bits.map -o fw-riscv$bits.elf natives.o
done
rm natives.o

# fw.sym is written by hand: every entry must be what nm says (a Thumb
# function may be given with its Thumb bit set).
sed 's/#.*//' fw.sym | while read -r a b c; do
    [ -n "$a" ] || continue
    if [ "$b" = "=" ]; then name=$a addr=$c; else name=$b addr=$a; fi
    want=$(awk -v n="$name" '$3 == n { print $1 }' fw.nm)
    addr=0x${addr#0[xX]} # hex, with or without 0x
    if [ -z "$want" ] || [ $((addr & ~1)) -ne $((0x$want)) ]; then
        echo "fw.sym: $name = $addr, but nm says '${want:-nothing}'" >&2
        exit 1
    fi
done
