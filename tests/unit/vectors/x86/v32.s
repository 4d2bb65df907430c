    .text
    .globl _start
_start:
    call    t_plt@PLT                   # PLT32, A = -4 in the field
    call    t_pc32                      # PC32
    call    t_wrap                      # PC32, S + A - P < -2^31: wraps modulo 2^32
    movl    d_32+8, %eax                # 32, A = 8 in the field
    movl    $d_32neg-4, %eax            # 32, S + A = -2: wraps to 0xfffffffe
    jmp     *d_jt(,%eax,4)              # 32
    movw    $d_16_max, %ax              # 16, v = 0xffff
    movw    $d_16_min+2, %ax            # 16, v = -0x8000, A = 2
    movb    $d_8_max, %al               # 8, v = 0xff
    movb    $d_8_min, %al               # 8, v = -0x80
    .word   d_pc16_max - .              # PC16, v = 0x7fff
    .word   d_pc16_min - .              # PC16, v = -0x8000
    .byte   d_pc8_max - .               # PC8, v = 0x7f
    .byte   d_pc8_min - . - 3           # PC8, v = -0x80, A = -3
    .section .rodata, "a"
    .long   d_jt + 0x28                 # 32 (a jump-table entry), A = 0x28
