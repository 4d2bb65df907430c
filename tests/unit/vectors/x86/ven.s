    .text
    .globl _start
_start:
    jmpq *0(%rip)
    .quad far
    int3
    int3
