.text
.globl _start
_start: nop
.word t - .
