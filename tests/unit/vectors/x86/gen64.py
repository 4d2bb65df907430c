from gen import *
T, R = 0x80001000, 0x80002000
want = {"t_plt_max": 2**31 - 1, "t_plt_min": -2**31, "t_plt_near": 0x1000, "t_plt_jcc": -0x40,
        "d_pc32_max": 2**31 - 1, "d_pc32_min": -2**31,
        "d_32_max": 2**32 - 1, "d_32_min": 0, "d_32s_max": 2**31 - 1, "d_32s_min": -2**31,
        "d_16_max": 0xffff, "d_16_min": -0x8000, "d_8_max": 0xff, "d_8_min": -0x80,
        "d_pc16_max": 0x7fff, "d_pc16_min": -0x8000, "d_pc8_max": 0x7f, "d_pc8_min": -0x80}
extra = {"d_pc32": 0x80005000, "d_32s": 0x401000, "d_64": 0xfedcba9876543210,
         "d_pc64": 0x123456789abc, "g_x": 0x7654321000, "g_rex": 0x7654322000}
rel, S = run("v64.o", T, R, want, False, None, extra)
p = link("v64.o", T, R, S, "v64.elf")
print(p.stderr)
print("placeholder text", sect("v64.o", ".text", "p.bin").hex())
print("linked text     ", sect("v64.elf", ".text", "l.bin").hex())
print("placeholder rodata", sect("v64.o", ".rodata", "p.bin").hex())
print("linked rodata     ", sect("v64.elf", ".rodata", "l.bin").hex())
print(sh("readelf", "-SW", "v64.elf").stdout)
print(sh("llvm-objdump", "-s", "-j", ".got", "v64.elf").stdout)
for r in rel:
    print(r, hex(S[r[3]]))
# one step past each limit
for sym, v in want.items():
    if not re.search(r"_(max|min)$", sym): continue
    step = 1 if sym.endswith("max") else -1
    _, S2 = run("v64.o", T, R, {**want, sym: v + step}, False, None, extra)
    q = link("v64.o", T, R, S2, "bad.elf")
    msg = [l for l in q.stderr.splitlines() if "error" in l]
    print(sym, v + step, "->", msg[0] if msg else "ACCEPTED")
