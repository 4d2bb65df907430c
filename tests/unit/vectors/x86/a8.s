.text
.globl _start
_start: movb $t, %al
