#!/bin/sh
# How the firmware-identity test data was made (the tests read the committed
# outputs and never run this): fw.c of tests/data/symbols, linked twice by
# arm-none-eabi-gcc with GNU build ids; fw2.elf moves the natives (its
# .text starts 0x100 later), so the two are different firmwares.
set -e
cd "$(dirname "$0")"
S=../symbols
for n in 1 2; do
    org=$([ $n = 1 ] && echo 0x08000000 || echo 0x08000100)
    arm-none-eabi-gcc -mcpu=cortex-a7 -mthumb -O1 -ffreestanding -nostdlib \
        -Wl,--build-id=sha1 -Wl,-Ttext=$org -Wl,-e,0 -Wl,--defsym=__stack_top=0x20001000 -o fw$n.elf $S/fw.c
done
