	.text
	.set noreorder
	.set noat
	.globl _start
_start:
	move	$1, $31
	bal	1f
	nop
1:	lw	$25, 16($31)
	move	$31, $1
	jr	$25
	nop
	.word	f
