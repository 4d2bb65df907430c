    .text
    .globl _start
_start:
    call    t_plt_max                   # PLT32, v = 2^31 - 1
    jmp     t_plt_min                   # PLT32 (tail call), v = -2^31
    call    t_plt_near                  # PLT32, v = 0x1000
    jne     t_plt_jcc                   # PLT32 on a Jcc rel32
    movl    d_pc32_max(%rip), %eax      # PC32, v = 2^31 - 1
    leaq    d_pc32_min(%rip), %rax      # PC32, v = -2^31
    movsd   d_pc32+8(%rip), %xmm0       # PC32, A = 8 - 4
    movq    g_rex@GOTPCREL(%rip), %rax  # REX_GOTPCRELX
    movl    g_x@GOTPCREL(%rip), %ecx    # GOTPCRELX
    call    *g_x@GOTPCREL(%rip)         # GOTPCRELX
    .reloc  .+3, R_X86_64_GOTPCREL, g_x-4
    movq    0(%rip), %rdx               # GOTPCREL
    movl    $d_32_max, %eax             # 32, v = 2^32 - 1
    movl    $d_32_min, %eax            # 32, v = 0
    movq    $d_32s_max, %rax            # 32S, v = 2^31 - 1
    jmpq    *d_32s_min(,%rax,8)         # 32S, v = -2^31
    andps   d_32s+0x30, %xmm0           # 32S, A = 0x30
    movw    $d_16_max, %ax              # 16, v = 0xffff
    movw    $d_16_min, %ax              # 16, v = -0x8000
    movb    $d_8_max, %al               # 8, v = 0xff
    movb    $d_8_min, %al               # 8, v = -0x80
    movabsq $d_64, %rax                 # 64
    .word   d_pc16_max - .              # PC16, v = 0x7fff
    .word   d_pc16_min - .              # PC16, v = -0x8000
    .byte   d_pc8_max - .               # PC8, v = 0x7f
    .byte   d_pc8_min - .               # PC8, v = -0x80
    .quad   d_pc64 - . + 16             # PC64, A = 16
    .section .rodata, "a"
    .quad   d_64 + 0x28                 # 64 (a jump-table entry), A = 0x28
