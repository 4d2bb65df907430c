#!/bin/sh
# The natives-table veneers of tests/unit/test_table.c, assembled by GNU as
# (binutils-arm-none-eabi, binutils for x86) and llvm-mc (AArch64), the
# bytes taken out with llvm-objcopy: prints
# each one's bytes in memory order, its slot word 0. Run from anywhere.
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
hexof() { # object file -> the .text bytes as one hex string
    llvm-objcopy -O binary -j .text "$1" "$t/out.bin"
    od -An -tx1 -v "$t/out.bin" | tr -d ' \n'
    echo
}
printf '.syntax unified\n.thumb\nldr.w ip, [pc, #4]\nldr.w pc, [ip]\n.word 0\n' > "$t/t2.s"
printf '.syntax unified\n.thumb\n.p2align 2\npush {r0, r1}\nldr r0, [pc, #8]\nldr r0, [r0]\nstr r0, [sp, #4]\npop {r0, pc}\nnop\n.word 0\n' > "$t/t1.s"
printf '.arm\nldr ip, [pc]\nldr pc, [ip]\n.word 0\n' > "$t/a.s"
for s in t2 t1; do arm-none-eabi-as -mcpu=cortex-m4 "$t/$s.s" -o "$t/$s.o"; printf '%s ' "thumb-$s"; hexof "$t/$s.o"; done
arm-none-eabi-as "$t/a.s" -o "$t/a.o"; printf 'arm '; hexof "$t/a.o"
printf 'movabs $0, %%r11\njmp *(%%r11)\nint3\nint3\nint3\n' > "$t/x.s"
as --64 "$t/x.s" -o "$t/x.o"; printf 'x86_64 '; hexof "$t/x.o"
printf 'jmp *0\nint3\nint3\n' > "$t/i.s"
as --32 "$t/i.s" -o "$t/i.o"; printf 'i386 '; hexof "$t/i.o"
printf 'ldr x16, #16\nldr x16, [x16]\nbr x16\nnop\n.xword 0\n' > "$t/a64.s"
llvm-mc -triple=aarch64 -filetype=obj "$t/a64.s" -o "$t/a64.o"; printf 'aarch64 '; hexof "$t/a64.o"
llvm-mc -triple=aarch64_be -filetype=obj "$t/a64.s" -o "$t/a64be.o"; printf 'aarch64_be '; hexof "$t/a64be.o"
