T, R = 0x10002000, 0x10003000
for be in (0, 1):
    case('arc', '\t.text\n\tnop_s\n\tnop_s\n\t.word\tf+8\n', T, R, {'f': 0x12345678}, '.word f+8 in .text: S + A = 0x12345680, a plain word there too (not middle-endian)', be=be)
