"""End-to-end checks of `aot-xip inspect` against two independent references:

  * tests/oracle/aotdump.py, a separate reader of the .aot format, for every file;
  * binutils `readelf -rW` on the ELF object that wamrc wrote next to each v6
    .aot (--format=object), for the relocation counts per group and type.

Plus a few exact values checked by hand (with aotdump and readelf) that must be
able to fail on their own, and the text output of one file.
"""
import collections
import re
import subprocess


# aotdump's export kinds are the raw numbers of the file
EXPORT_KINDS = {0: "function", 1: "table", 2: "memory", 3: "global"}


def _where(aot):
    return f"{aot}: "


# ====================================================== a. against aotdump

def test_matches_aotdump(aot, aotx, aotdump_parse):
    j = aotx.inspect(aot)
    o = aotdump_parse(aot)
    w = _where(aot)

    assert j["version"] == o["version"], w + "version"
    assert j["layout"] == o["layout"], w + "layout"

    t, ot = j["target"], o["target"]
    assert t["bin_type"] == ot["bin_type"], w + "target.bin_type"
    assert t["e_type"] == ot["e_type"], w + "target.e_type"
    assert t["e_machine"] == ot["e_machine"], w + "target.e_machine"
    assert t["e_flags"] == int(ot["e_flags"], 16), w + "target.e_flags"
    assert t["arch_string"] == ot["arch"], w + "target.arch_string"

    got = [(s["id"], s["offset"], s["size"]) for s in j["sections"]]
    assert got == [tuple(s) for s in o["sections"]], w + "sections (id, offset, size)"

    ox = o["text"]
    assert j["text"]["literal_size"] == ox["literal_size"], w + "text.literal_size"
    assert j["text"]["code_offset"] == ox["code_off"], w + "text.code_offset"
    assert j["text"]["code_size"] == ox["code_size"], w + "text.code_size"

    got = [(f["index"], f["text_offset"], f["type"]) for f in j["functions"]]
    want = [(i, f[0], f[1]) for i, f in enumerate(o["funcs"])]
    assert got == want, w + "functions (index, text offset, type)"

    got = [(e["kind"], e["index"], e["name"]) for e in j["exports"]]
    want = [(EXPORT_KINDS.get(k, f"unknown kind {k}"), i, n) for k, i, n in o["exports"]]
    assert got == want, w + "exports (kind, index, name)"

    got = [(d["name"], d["size"], d["offset"]) for d in j["data_sections"]]
    want = [tuple(d) for d in o["init"]["data_sections"]]
    assert got == want, w + "data sections (name, size, file offset)"

    got = [(i["module"], i["name"], i["type"]) for i in j["imports"]]
    want = [(m, n, ty) for ty, m, n in o["init"]["import_funcs"]]
    assert got == want, w + "imported functions (module, name, type)"

    # relocation groups in order; per group the count per relocation type number
    got = [(g["name"], g["count"], {x["type"]: x["count"] for x in g["types"]})
           for g in j["relocation_groups"]]
    want = [(name, len(rels), dict(collections.Counter(r[2] for r in rels)))
            for name, rels in o.get("groups", [])]
    assert got == want, w + "relocation groups (name, count, {type: count})"
    for g in j["relocation_groups"]:
        assert sum(x["count"] for x in g["types"]) == g["count"], \
            w + f"group {g['name']}: per-type counts do not add up to its count"

    got = {s["name"] for s in j["symbols"]}
    assert got == set(o.get("symbols", [])), w + "symbol names"
    # uses = relocations that reference the symbol, counted over all groups
    uses = collections.Counter(r[3] for _, rels in o.get("groups", []) for r in rels)
    got = {s["name"]: s["uses"] for s in j["symbols"]}
    assert got == {n: uses.get(n, 0) for n in o.get("symbols", [])}, w + "symbol uses"

    # custom sections: kind 1 is the native-symbol list (aotdump: 'native_symbol')
    got = [(c["kind"], c.get("natives")) for c in j["custom_sections"]]
    want = [(1, c[2]) if c[0] == "native_symbol" else (c[0], None) for c in o.get("custom", [])]
    assert got == want, w + "custom sections (kind, native-symbol names)"


# ====================================================== b. against readelf

# readelf spells a relocation type -> aot-xip's spelling. Checked with GNU
# readelf 2.40 on every v6 .o (x86_64, i386, aarch64, arm/thumb, riscv32/64,
# mips): all names agree, so nothing is mapped. If another readelf (or
# llvm-readelf) spells one differently, add it here explicitly, e.g.
#   "R_RISCV_CALL": "R_RISCV_CALL_PLT",
READELF_TO_TOOL = {}

_RELSEC = re.compile(r"Relocation section '([^']+)' at offset 0x[0-9a-fA-F]+ "
                     r"contains (\d+) entr(?:y|ies):")


def readelf_relocs(readelf, obj):
    """{section name: (entry count from the header, Counter of type names)}"""
    p = subprocess.run([readelf, "-rW", str(obj)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"readelf -rW {obj}: {p.stderr}"
    out = collections.OrderedDict()
    cur = None
    for line in p.stdout.splitlines():
        m = _RELSEC.match(line)
        if m:
            cur = m.group(1)
            assert cur not in out, f"{obj}: relocation section {cur} listed twice"
            out[cur] = (int(m.group(2)), collections.Counter())
            continue
        parts = line.split()
        if cur is None or not parts or parts[0] == "Offset":
            if not parts:
                cur = None
            continue
        # Offset Info Type ...: the type is the third column
        assert parts[2].startswith("R_"), f"{obj}: unexpected readelf line in {cur}: {line!r}"
        out[cur][1][parts[2]] += 1
    for sec, (n, types) in out.items():
        assert sum(types.values()) == n, \
            f"{obj}: {sec}: header says {n} entries, parsed {sum(types.values())}"
    return out


def aot_group_name(section):
    """The .aot relocation group wamrc makes from an ELF relocation section,
    or None if wamrc drops the section (.eh_frame, .ARM.exidx, .pdr,
    .srodata*, .rodata.str*, ...)."""
    m = re.fullmatch(r"\.(rela?)\.(.+)", section)
    if not m:
        return None
    rel, target = m.groups()
    if target == "text" or target.startswith(("text.unlikely.", "text.hot.")):
        return f".{rel}.text"
    if target in ("ltext", "data", "sdata", "rodata"):
        return section
    if target == "literal" and rel == "rela":
        return section
    if target.startswith("rodata.cst"):
        return section
    return None


def test_counts_match_readelf(aot_v6, aotx, tool):
    obj = aot_v6.with_suffix(".o")
    assert obj.is_file(), f"{aot_v6}: the matching ELF object {obj.name} is missing"
    readelf = tool("readelf")

    want = collections.defaultdict(collections.Counter)
    for sec, (_, types) in readelf_relocs(readelf, obj).items():
        group = aot_group_name(sec)
        if group is not None:
            for name, n in types.items():
                want[group][READELF_TO_TOOL.get(name, name)] += n

    got = {}
    for g in aotx.inspect(aot_v6)["relocation_groups"]:
        assert g["name"] not in got, f"{aot_v6}: group {g['name']} listed twice"
        got[g["name"]] = collections.Counter()
        for x in g["types"]:
            got[g["name"]][x["name"]] += x["count"]

    assert {k: dict(v) for k, v in got.items()} == {k: dict(v) for k, v in want.items()}, \
        f"{aot_v6}: relocations per group and type name, aot-xip (left) vs readelf -rW {obj.name}"


# ====================================================== c. exact values

def _groups(j):
    return {g["name"]: (g["count"], {x["name"]: x["count"] for x in g["types"]})
            for g in j["relocation_groups"]}


def _symbol(j, name):
    found = [s for s in j["symbols"] if s["name"] == name]
    assert len(found) == 1, f"symbol {name}: {len(found)} entries"
    return found[0]


def test_exact_thumbv7em_float(aotx, data):
    j = aotx.inspect(data("v6/thumbv7em/float"))
    assert (j["version"], j["layout"]) == (6, "2.x")
    assert j["target"]["arch_string"] == "thumbv7em"
    assert j["target"]["e_machine"] == 40          # EM_ARM
    assert j["target"]["e_flags"] == 0x05000000    # EABI 5
    assert j["target"]["byte_order"] == "little"
    assert j["target"]["word_bits"] == 32
    assert _groups(j) == {".rel.text": (115, {"R_ARM_THM_CALL": 93,
                                              "R_ARM_THM_MOVW_ABS_NC": 11,
                                              "R_ARM_THM_MOVT_ABS": 11})}
    assert [(x["type"], x["name"]) for x in j["relocation_groups"][0]["types"]] == \
        [(10, "R_ARM_THM_CALL"), (47, "R_ARM_THM_MOVW_ABS_NC"), (48, "R_ARM_THM_MOVT_ABS")]
    assert j["relocation_groups"][0]["patches"] == "code"
    s = _symbol(j, ".aot_stack_sizes")
    assert (s["class"], s["index"], s["uses"]) == ("data", 0, 22)
    s = _symbol(j, "aot_set_exception_with_id")
    assert (s["class"], s["uses"]) == ("native", 14)
    assert len(j["symbols"]) == 22
    assert len(j["functions"]) == 11 and len(j["exports"]) == 12
    assert j["data_sections"] == [{"name": ".aot_stack_sizes", "size": 44,
                                   "offset": 288, "writable": False}]


def test_exact_mips_big_endian(aotx, data):
    j = aotx.inspect(data("v6/mips/float"))
    t = j["target"]
    assert (j["version"], j["layout"]) == (6, "2.x")
    assert (t["arch_string"], t["e_machine"], t["byte_order"], t["word_bits"]) == \
        ("mips", 8, "big", 32)
    assert t["bin_type"] == 1                      # big-endian, 32-bit
    assert t["e_flags"] == 0x50001005              # noreorder, cpic, o32, mips32
    assert _groups(j) == {".rel.text": (89, {"R_MIPS_26": 33,
                                             "R_MIPS_HI16": 28,
                                             "R_MIPS_LO16": 28})}
    assert [d["name"] for d in j["data_sections"]] == \
        [".rodata.cst8", ".rodata.cst4", ".rodata.cst16", ".aot_stack_sizes", ".data"]
    assert [d["writable"] for d in j["data_sections"]] == [False, False, False, False, True]
    s = _symbol(j, ".text")
    assert (s["class"], s["uses"]) == ("code", 12)
    s = _symbol(j, ".aot_stack_sizes")
    assert (s["class"], s["index"], s["uses"]) == ("data", 3, 22)
    # wamrc leaves MIPS constant-pool labels as they were: no address is known
    labels = sorted(x["name"] for x in j["symbols"] if x["class"] == "local_label")
    assert len(labels) == 14 and "$CPI1_0" in labels and "$CPI19_0" in labels
    assert all(n.startswith("$CPI") for n in labels)


def test_exact_v3_1x_layout(aotx, data):
    j = aotx.inspect(data("v3-1x/mips/imports"))
    assert (j["version"], j["layout"]) == (3, "1.x")
    assert j["sections"][0] == {"id": 0, "name": "target info", "offset": 16, "size": 36}
    assert j["target"]["byte_order"] == "big"
    assert j["target"]["e_flags"] == 0x50001005
    assert j["text"] == {"literal_size": 0, "code_offset": 320, "code_size": 632}
    assert j["imports"] == [{"module": "env", "name": "host_log", "type": 0},
                            {"module": "env", "name": "host_add", "type": 1}]
    assert [(e["kind"], e["index"], e["name"]) for e in j["exports"]] == \
        [("memory", 0, "memory"), ("function", 2, "call_host"),
         ("function", 3, "trap_div"), ("function", 4, "trap_unreachable")]
    assert [(f["text_offset"], f["type"]) for f in j["functions"]] == [(0, 1), (276, 1), (468, 2)]
    assert [(d["name"], d["size"], d["offset"], d["writable"]) for d in j["data_sections"]] == \
        [(".aot_stack_sizes", 12, 284, False), (".data", 0, 308, True)]
    assert _groups(j) == {".rel.text": (16, {"R_MIPS_26": 10,
                                             "R_MIPS_HI16": 3,
                                             "R_MIPS_LO16": 3})}
    assert [s["name"] for s in j["symbols"]] == \
        [".rel.text", ".aot_stack_sizes", ".text", "aot_set_exception_with_id", "aot_invoke_native"]


def test_exact_riscv64_float(aotx, data):
    # No riscv64 file in the data set has a .rela.rodata group (wamrc wrote
    # only .rela.text for riscv64); see test_exact_rela_rodata for that group.
    j = aotx.inspect(data("v6/riscv64/float"))
    t = j["target"]
    assert (t["arch_string"], t["e_machine"], t["byte_order"], t["word_bits"]) == \
        ("riscv64", 243, "little", 64)
    assert t["e_flags"] == 0x5                     # RVC, double-float ABI
    assert _groups(j) == {".rela.text": (28, {"R_RISCV_HI20": 13,
                                              "R_RISCV_LO12_I": 13,
                                              "R_RISCV_CALL_PLT": 2})}
    assert [(d["name"], d["size"]) for d in j["data_sections"]] == \
        [(".srodata.cst8", 72), (".rodata.cst16", 16)]
    assert {s["name"] for s in j["symbols"]} == \
        {".rela.text", ".srodata.cst8", ".rodata.cst16", "aot_set_exception_with_id"}


def test_exact_rela_rodata(aotx, data):
    j = aotx.inspect(data("v6/x86_64/big"))
    assert _groups(j) == {
        ".rela.text": (18206, {"R_X86_64_PC32": 9636, "R_X86_64_PLT32": 7017,
                               "R_X86_64_32S": 1553}),
        ".rela.rodata": (9318, {"R_X86_64_64": 9318}),
    }
    assert [g["name"] for g in j["relocation_groups"]] == [".rela.text", ".rela.rodata"]
    assert [g["patches"] for g in j["relocation_groups"]] == ["code", ".rodata"]
    assert len(j["functions"]) == 3001
    assert [(d["name"], d["size"]) for d in j["data_sections"]] == \
        [(".rodata.cst8", 37696), (".rodata.cst16", 18848), (".rodata", 74544)]


# ====================================================== d. text output

def test_text_output_thumbv7em_float(aotx, data):
    path = data("v6/thumbv7em/float")
    r = aotx.run("inspect", path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"{path}: WAMR AOT version 6, 2.x layout, 5364 bytes"
    for want in [
        "relocations: 115 in 1 groups",
        "  .rel.text (patches code): 115",
        "    R_ARM_THM_CALL                       93",
        "    R_ARM_THM_MOVW_ABS_NC                11",
        "    R_ARM_THM_MOVT_ABS                   11",
        "text: literal 0 bytes, code 2364 bytes at file offset 0x158",
        "functions: 11",
        "exports: 12",
        "  .aot_stack_sizes               44 bytes  read-only",
    ]:
        assert want in lines, f"line {want!r} not in the text output:\n{r.stdout}"
    assert any(l.startswith("target: thumb (arch string \"thumbv7em\", e_machine 40,")
               for l in lines), r.stdout
    sym = [l.split() for l in lines if l.split()[:1] == [".aot_stack_sizes"] and "uses" in l]
    assert sym and sym[0][1:4] == ["data", "22", "uses"], r.stdout
