#!/usr/bin/env python3
"""Write a large test program: C with many functions that call each other,
for the execution tests (tests/e2e/test_exec.py, case `large`).

    gen_large.py [-n FUNCS] [--seed SEED] -o large.c

The same arguments always give the same C. It exports one function,

    int large(int a, int b);

which calls every generated function once through a dense switch and folds
the results into a checksum. The functions are static, so the program has
that one export. What they contain, in the kinds below, covers the
relocations a module's code needs:
  leaf      integer arithmetic only;
  switch    a dense switch on the arguments (a jump table, where the target
            has them);
  double    double constants (a constant pool in read-only data, or soft
            float helper calls);
  div64     64-bit signed and unsigned division and remainder (helper calls
            on 32-bit targets);
  native    calls to the loader's host_callback and memcpy;
  table     a local table of function pointers, called indirectly;
  chain     a direct call to an earlier function, and to an earlier leaf.
Calls only go to earlier functions and chains are short, so a call of
large() makes a few calls per function (about 1,600 for 600 functions).

The results are the same on every target: arithmetic is unsigned (no
signed overflow), divisors are never zero, and every double value is exact
(small integers times constants with few significant bits, within the int
range), so neither rounding nor fused multiply-add changes it. Only
int <-> double conversions appear, no 64-bit integer <-> double ones.
"""
import argparse
import random
import sys

DEFAULT_FUNCS = 600
DEFAULT_SEED = 20240611

KINDS = ["leaf", "switch", "double", "div64", "native", "table", "chain"]
WEIGHTS = [3, 2, 2, 2, 2, 1, 4]
LEAVES = {"leaf", "switch", "double", "div64", "native"}

# doubles with at most 8 significant bits and no bit below 2^-4: times an
# integer below 2^16 the product is exact, and so is a sum of two such
# (and the sum, below 2^27, times a SCALES constant and over 4, fits an int)
DOUBLES = ["0.5", "1.25", "-2.75", "3.5", "0.0625", "-7.125", "12.5", "-0.375", "96.0",
           "200.25", "-31.5", "5.875", "640.0", "-0.8125"]
SCALES = ["0.75", "-1.5", "2.125", "12.5", "-0.3125", "7.0"]


def _u32(rng):
    return f"{rng.getrandbits(32) | 1:#x}u"


def _body(kind, rng, funcs, leaves):
    """The statements of a function of that kind (its arguments are int a,
    int b) that may call funcs and leaves, the earlier ones."""
    s = [f"unsigned x = (unsigned)a * {_u32(rng)} + (unsigned)b;",
         f"unsigned y = (unsigned)b ^ {rng.getrandbits(31):#x}u;"]
    if kind == "leaf":
        for _ in range(rng.randint(2, 4)):
            op = rng.choice(["x = x * {k} + y;", "y ^= x >> {r};", "x += y << {r};",
                             "y = y * {k} - x;", "x ^= (y | {k}) >> {r};"])
            s.append(op.format(k=_u32(rng), r=rng.randint(1, 30)))
    elif kind == "switch":
        n = rng.randint(10, 16)
        s.append(f"switch ((x ^ y) % {n}u) {{")
        for c in range(n):
            op = rng.choice(["x * {k}", "x + {k}", "y ^ {k}", "(x << {r}) ^ y",
                             "(y >> {r}) - x", "~x + {k}", "x - y * {k}"])
            s.append(f"case {c}: x = {op.format(k=_u32(rng), r=rng.randint(1, 30))}; break;")
        s.append("}")
    elif kind == "double":
        c1, c2, c3 = rng.choice(DOUBLES), rng.choice(DOUBLES), rng.choice(SCALES)
        s.append(f"double d = (double)(int)(x & 0xffff) * {c1} + "
                 f"(double)(int)(y & 0x7fff) * {c2};")
        s.append(f"x ^= (unsigned)(int)(d * {c3} / 4.0);")
    elif kind == "div64":
        s.append(f"long long n = (long long)(int)x * {rng.randint(3, 99999)} "
                 f"- {rng.getrandbits(40)}LL;")
        s.append(f"long long m = (long long)((y & 0xffff) | 1) * {rng.randint(1, 9999)};")
        s.append(f"unsigned long long u = (unsigned long long)x << {rng.randint(1, 31)} | y;")
        s.append(f"x ^= (unsigned)(n / m) + (unsigned)(n % m) * {rng.randint(3, 97)}u;")
        s.append(f"y += (unsigned)(u / (m + {rng.randint(1, 999)})) ^ (unsigned)(u % m);")
    elif kind == "native":
        # shorts, not chars: a char array could become a string in a
        # mergeable section, whose labels REL targets keep as symbols
        words = ", ".join(str(rng.randrange(65536)) for _ in range(24))
        s.append("unsigned short buf[16];")
        s.append(f"const unsigned short src[24] = {{{words}}};")
        s.append("memcpy(buf, src + (y & 7), ((x & 15) + 1) * sizeof buf[0]);")
        s.append("x += buf[0] + buf[x & 15] * 3u;")
        mask = rng.randint(1, 0xffff)
        s.append(f"y ^= (unsigned)host_callback((int)(x & 0xffff), (int)(y & {mask:#x}));")
    elif kind == "table":
        targets = [f"f{rng.choice(funcs)}" for _ in range(8)]
        s.append(f"fn_t t[8] = {{{', '.join(targets)}}};")
        s.append("x += (unsigned)t[(x ^ y) & 7]((int)y, (int)x);")
    elif kind == "chain":
        s.append(f"x = x * 3u + (unsigned)f{rng.choice(funcs[-24:])}((int)y, (int)x);")
        if leaves and rng.random() < 0.5:
            s.append(f"y ^= (unsigned)f{rng.choice(leaves[-64:])}((int)x, (int)y) >> 1;")
    s.append("return (int)(x ^ (y >> 7) ^ (y << 11));")
    return s


def generate(nfuncs=DEFAULT_FUNCS, seed=DEFAULT_SEED):
    """The C source text: nfuncs functions and the export large()."""
    rng = random.Random(seed)
    out = [f"/* Generated by gen_large.py -n {nfuncs} --seed {seed}: do not edit. */",
           "#include <stddef.h>",
           "",
           "void *memcpy(void *d, const void *s, size_t n);",
           "int host_callback(int a, int b);",
           "typedef int (*fn_t)(int, int);",
           "#define F static __attribute__((noinline)) int",
           ""]
    funcs, leaves = [], []
    for i in range(nfuncs):
        kind = rng.choices(KINDS, WEIGHTS)[0] if funcs else "leaf"
        body = _body(kind, rng, funcs, leaves)
        out.append(f"F f{i}(int a, int b) /* {kind} */")
        out.append("{")
        out += ["    " + line for line in body]
        out.append("}")
        out.append("")
        funcs.append(i)
        if kind in LEAVES:
            leaves.append(i)
    out.append("static int call(int k, int a, int b)")
    out.append("{")
    out.append("    switch (k) {")
    out += [f"    case {i}: return f{i}(a, b);" for i in range(nfuncs)]
    out.append("    default: return 0;")
    out.append("    }")
    out.append("}")
    out.append("")
    out.append("int large(int a, int b)")
    out.append("{")
    out.append("    unsigned sum = 0;")
    out.append(f"    for (int k = 0; k < {nfuncs}; k++)")
    out.append("        sum = (sum * 31u) ^ (unsigned)call(k, (int)((unsigned)a + (unsigned)k), "
               "(int)((unsigned)b ^ (unsigned)k));")
    out.append("    return (int)(sum ^ (sum >> 16));")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--funcs", type=int, default=DEFAULT_FUNCS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("-o", "--output", help="the C file (default: standard output)")
    a = ap.parse_args()
    text = generate(a.funcs, a.seed)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
