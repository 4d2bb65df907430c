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

# The images test_guard.c checks, written by aot-xip (build/aot-xip) from
# tests/data for fw1.elf (aot_invoke_native is not in fw.c: given by hand).
A=../../../build/aot-xip
IN=../aot
FW="--symbols fw1.elf --defsym aot_invoke_native=0x08000201"
$A $IN/v6/thumbv7em/imports.aot --base 0x08040000 $FW -o app.aot
$A $IN/v6/thumbv7em/imports.aot --base 0x08040000 $FW --no-stamp -o app-nostamp.aot
$A $IN/v3-1x/armv7/imports.aot --base 0x00100000 $FW -o app-1x.aot
