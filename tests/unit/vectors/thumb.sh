#!/usr/bin/env bash
# How the Thumb vectors in tests/unit/test_arch_thumb.c were made: each
# placeholder instruction (as wamrc's LLVM writes it, addend in the field)
# gets one relocation against an absolute symbol; ld.lld links the object
# with .text at 0x08000000, and the linked bytes are the expected ones.
# Needs binutils-arm-none-eabi and lld. Prints one line per vector:
#   offset type placeholder-bytes symbol-value linked-bytes
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
P=0x08000000
cat > "$dir/v.s" <<'ASM'
    .syntax unified
    .cpu cortex-a7                        @ v7: has JUMP19 and an ARM state
    .thumb
    .text
    .globl _start
_start:
    .reloc ., R_ARM_THM_CALL, t_near      @ 0x00 BL, Thumb target +0x100
    .inst.w 0xf7fffffe
    .reloc ., R_ARM_THM_CALL, t_max       @ 0x04 BL, offset +16777214
    .inst.w 0xf7fffffe
    .reloc ., R_ARM_THM_CALL, t_min       @ 0x08 BL, offset -16777216
    .inst.w 0xf7fffffe
    .short 0xbf00                         @ 0x0c nop: the next BL is at P % 4 == 2
    .reloc ., R_ARM_THM_CALL, a_func      @ 0x0e BLX to an ARM function
    .inst.w 0xf7fffffe
    .reloc ., R_ARM_THM_JUMP24, t_near    @ 0x12 B.W
    .inst.w 0xf7ffbffe
    .reloc ., R_ARM_THM_JUMP24, t_back    @ 0x16 B.W backwards
    .inst.w 0xf7ffbffe
    .reloc ., R_ARM_THM_JUMP19, t_j19     @ 0x1a BNE.W, offset +1044478 (lld thunks at the limit)
    .inst.w 0xf47fafff
    .reloc ., R_ARM_THM_MOVW_ABS_NC, d_val @ 0x1e MOVW r0, #:lower16:(d_val + 8)
    .inst.w 0xf2400008
    .reloc ., R_ARM_THM_MOVT_ABS, d_val   @ 0x22 MOVT r0, #:upper16:(d_val + 8)
    .inst.w 0xf2c00008
    .reloc ., R_ARM_THM_MOVW_PREL_NC, d_val @ 0x26 MOVW r1, #:lower16:(d_val - P)
    .inst.w 0xf2400100
    .reloc ., R_ARM_THM_MOVT_PREL, d_val  @ 0x2a MOVT r1, #:upper16:(d_val - P)
    .inst.w 0xf2c00100
    .reloc ., R_ARM_THM_JUMP11, t_j11     @ 0x2e B.N, offset -2048
    .short 0xe7fe
    .reloc ., R_ARM_THM_JUMP8, t_j8       @ 0x30 BEQ.N, offset +254
    .short 0xd0fe
    .reloc ., R_ARM_ABS32, d_val          @ 0x32 .word d_val + 4 (unaligned is fine)
    .word 4
    .reloc ., R_ARM_REL32, d_val          @ 0x36 .word d_val - P
    .word 0
    .section .armcode, "ax", %progbits    @ an ARM-state function for the BLX
    .arm
    .type a_func, %function
    .globl a_func
a_func:
    bx lr
ASM
arm-none-eabi-as -o "$dir/v.o" "$dir/v.s"
ld.lld -o "$dir/v.elf" "$dir/v.o" -Ttext=$P \
    --defsym t_near=$((P + 0x100)) \
    --defsym t_max=$((P + 0x04 + 4 + 16777214)) \
    --defsym t_min=$((P + 0x08 + 4 - 16777216)) \
    --section-start=.armcode=0x08123458 \
    --defsym t_back=$((P + 0x16 + 4 - 0x1000)) \
    --defsym t_j19=$((P + 0x1a + 4 + 1044478)) \
    --defsym d_val=0x2001f2a0 \
    --defsym t_j11=$((P + 0x2e + 4 - 2048)) \
    --defsym t_j8=$((P + 0x30 + 4 + 254)) 2>&1 | grep -v "warning\|>>>" || true
llvm-objcopy -O binary --only-section=.text "$dir/v.elf" "$dir/v.bin"
arm-none-eabi-objcopy -O binary --only-section=.text "$dir/v.o" "$dir/p.bin"
xxd -p -c 64 "$dir/p.bin"
xxd -p -c 64 "$dir/v.bin"
arm-none-eabi-nm "$dir/v.elf" | sort
