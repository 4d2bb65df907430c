T, R = 0x40210000, 0x3ffe8000
case('xtensa', '\t.section .rodata\n\t.word\tf+8\n', T, R, {'f': 0x40100000}, '.word f+8: S + A = 0x40100008')
case('xtensa', '\t.section .rodata\n\t.word\tf-4\n', T, R, {'f': 0}, '.word f-4: S + A = 0 - 4 = 0xfffffffc')
case('xtensa', '\t.section .rodata\n\t.word\t0\n\t.reloc\t., R_XTENSA_32_PCREL, f\n\t.word\t0\n', T, R, {'f': 0x40100000}, '32_PCREL: S + A - P = 0x40100000 - 0x3ffe8004')
case('xtensa', '\t.section .rodata\n\t.reloc\t., R_XTENSA_32_PCREL, f+0x10\n\t.word\t0\n', T, R, {'f': 0x3ffe0000}, '32_PCREL backwards: 0x3ffe0010 - 0x3ffe8000 = -0x7ff0')
case('xtensa', '\t.section .rodata\n\t.reloc\t., R_XTENSA_DIFF32, f\n\t.word\t0x12345678\n', T, R, {'f': 0x40100000}, 'DIFF32: the assembler\'s difference stays')
case('xtensa', '\t.section .rodata\n\t.reloc\t., R_XTENSA_NONE, f\n\t.word\t0x12345678\n', T, R, {'f': 0x40100000}, 'NONE: nothing written')
case('xtensa', '\t.literal_position\n\t.literal .LC0, f+4\n\t.text\n\t.align 4\n\tl32r a2, .LC0\n', T, R, {'f': 0x40100000}, 'literal pool word: S + A = 0x40100004', want=['R_XTENSA_32'])
