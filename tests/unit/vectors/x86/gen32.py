from gen import *
T, R = 0x80001000, 0x80002000
raw = {".rel.text": open("p.bin","rb").read()}
def field_of(sec, off, t):
    b = sect("v32.o", sec.replace(".rel", ""), "pf.bin")
    n = {"R_386_16": 2, "R_386_PC16": 2, "R_386_8": 1, "R_386_PC8": 1}.get(t, 4)
    v = int.from_bytes(b[off:off + n], "little")
    return v - (1 << 8 * n) if v >> (8 * n - 1) else v
want = {"d_16_max": 0xffff, "d_16_min": -0x8000, "d_8_max": 0xff, "d_8_min": -0x80,
        "d_pc16_max": 0x7fff, "d_pc16_min": -0x8000, "d_pc8_max": 0x7f, "d_pc8_min": -0x80}
extra = {"t_plt": 0x08048100, "t_pc32": 0x80001800, "t_wrap": 0x100, "d_32": 0x0804a000,
         "d_32neg": 2, "d_jt": 0x80001234}
rel, S = run("v32.o", T, R, want, True, field_of, extra)
p = link("v32.o", T, R, S, "v32.elf")
print(p.stderr)
print("placeholder text", sect("v32.o", ".text", "p.bin").hex())
print("linked text     ", sect("v32.elf", ".text", "l.bin").hex())
print("placeholder rodata", sect("v32.o", ".rodata", "p.bin").hex())
print("linked rodata     ", sect("v32.elf", ".rodata", "l.bin").hex())
for r in rel:
    print(r, field_of(r[0], r[1], r[2]), hex(S[r[3]]))
for sym, v in want.items():
    if not re.search(r"_(max|min)$", sym): continue
    step = 1 if sym.endswith("max") else -1
    _, S2 = run("v32.o", T, R, {**want, sym: v + step}, True, field_of, extra)
    q = link("v32.o", T, R, S2, "bad.elf")
    msg = [l for l in q.stderr.splitlines() if "error" in l]
    print(sym, v + step, "->", msg[0] if msg else "ACCEPTED")
