#!/bin/bash
# Make the R_XTENSA_SLOT0_OP vectors of tests/unit/test_arch_mxa.c with GNU
# binutils for the lx106 core (Debian binutils-xtensa-lx106, 2.40).
#
# Each case is one instruction against an absolute symbol f, assembled in a
# no-transform region (so GAS keeps the instruction and puts a SLOT0_OP on
# it) after 0, 5, 2 or 3 bytes of nops (P & 3 = 0, 1, 2, 3), linked with
#   xtensa-lx106-elf-ld -e 0 -Ttext=0x40210000 --defsym f=S t.o
# and read back: the instruction's bytes in the object (the input) and in
# the linked file (the output), or GNU ld's refusal. The addend is the
# record's (readelf -r).
#
# The LX106 has no windowed registers: its binutils do not know CALL4,
# CALL8 and CALL12 (ld: "dangerous relocation: unexpected relocation").
# Their rows take GNU ld's CALL0 bytes for the same P and S with n (bits
# 5:4) set, and each is checked by decoding it with QEMU's Xtensa
# disassembler for the windowed dc233c core (qemu-xtensa -cpu dc233c
# -d in_asm), run at an address with the same P & 3 below 1 GiB (QEMU's
# user mode cannot map 0x40210000): it must print the call to the same
# offset.
#
# Usage: tests/unit/vectors/xtensa.sh > rows.txt   (prints C rows)
set -euo pipefail
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
T=$((0x40210000))
PRE=xtensa-lx106-elf-

hex() { printf '0x%08x' $(($1 & 0xffffffff)); }
bytes_c() { # file offset size -> {0x.., ...}
    od -An -tx1 -v -j "$2" -N "$3" "$1" | awk '{for (i = 1; i <= NF; i++) s = s (s ? ", " : "") "0x" $i} END {print "{" s "}"}'
}
pad_src() { # P & 3 -> nops that put the next instruction there
    case $1 in 0) ;; 1) printf '\tnop\n\tnop.n\n' ;; 2) printf '\tnop.n\n' ;; 3) printf '\tnop\n' ;; esac
}
pad_len() { case $1 in 0) echo 0 ;; 1) echo 5 ;; 2) echo 2 ;; 3) echo 3 ;; esac; }

# build INSN PAD S -> sets IN OUT A P ERR
build() {
    local insn=$1 pad=$2 S=$3 off size
    off=$(pad_len "$pad")
    { printf '\t.text\n\t.begin no-transform\n'; pad_src "$pad"; printf '\t%s\n\t.end no-transform\n' "$insn"; } > "$W/t.s"
    "${PRE}as" "$W/t.s" -o "$W/t.o"
    size=$("${PRE}objdump" -d "$W/t.o" | awk -v o="$(printf '%x' "$off")" '$1 == o ":" {print length($2) / 2}')
    "${PRE}objcopy" -O binary -j .text "$W/t.o" "$W/in.bin"
    IN=$(bytes_c "$W/in.bin" "$off" "$size")
    A=$("${PRE}readelf" -rW "$W/t.o" | awk '/R_XTENSA_SLOT0_OP/ {print ($(NF-1) == "+" || $(NF-1) == "-") ? $(NF-1) "16#" $NF : "0"; exit}')
    A=$((A))
    P=$((T + off))
    ERR=
    OUT=
    if "${PRE}ld" -e 0 -Ttext="$(hex $T)" --defsym f="$(hex "$S")" "$W/t.o" -o "$W/t.elf" 2> "$W/ld.err"; then
        "${PRE}objcopy" -O binary -j .text "$W/t.elf" "$W/out.bin"
        OUT=$(bytes_c "$W/out.bin" "$off" "$size")
    else
        ERR=$(grep -v warning "$W/ld.err" | tail -1 | sed 's/^[^ ]* //')
    fi
}

# row INSN PAD S NOTE: a vector GNU ld must accept
row() {
    build "$1" "$2" "$3"
    [ -z "$ERR" ] || { echo "unexpected refusal: $1 at P & 3 = $2, S = $(hex "$3"): $ERR" >&2; exit 1; }
    echo "    {R_XTENSA_SLOT0_OP, 0, $(hex $P)u, $(hex "$3")u, $A, $IN, $OUT}, /* $4 */"
}

# refuse INSN PAD S LO HI ALIGN NOTE: GNU ld must refuse it; the row is
# for the refusal table: P, v = S + A, and the allowed range of v
refuse() {
    build "$1" "$2" "$3"
    [ -n "$ERR" ] || { echo "unexpected acceptance: $1 at P & 3 = $2, S = $(hex "$3")" >&2; exit 1; }
    echo "    {$IN, $(hex $P)u, $(hex $(($3 + A))), $(hex "$4"), $(hex "$5"), $6}, /* $7; ld: $ERR */"
}

# windowed INSN N PAD S NOTE: CALL0's linked bytes with n = N, checked by QEMU
windowed() {
    local b0 q qoff line want got
    build "call0 f" "$3" "$4"
    [ -z "$ERR" ] || { echo "unexpected refusal: call0 at P & 3 = $3: $ERR" >&2; exit 1; }
    b0=$(( $(echo "$OUT" | sed 's/^{\(0x..\).*/\1/') | ($2 << 4) ))
    OUT=$(echo "$OUT" | sed "s/^{0x../{$(printf '0x%02x' $b0)/")
    IN=$(echo "$IN" | sed "s/^{0x../{$(printf '0x%02x' $(( $(echo "$IN" | sed 's/^{\(0x..\).*/\1/') | ($2 << 4) )))/")
    # the same bytes at Q (Q & 3 = P & 3), decoded by QEMU
    q=$((0x00410000 + (P & 3)))
    { printf '\t.text\n\t.global _start\n'; [ $((P & 3)) -eq 0 ] || printf '\t.skip %d\n' $((P & 3));
      printf '_start:\n\t.byte %s\n' "$(echo "$OUT" | tr -d '{}')"; } > "$W/q.s"
    "${PRE}as" "$W/q.s" -o "$W/q.o"
    "${PRE}ld" -e _start -Ttext=0x00410000 "$W/q.o" -o "$W/q.elf"
    rm -f "$W/q.log"
    (timeout 10 qemu-xtensa -cpu dc233c -d in_asm,nochain -D "$W/q.log" "$W/q.elf" || true) > /dev/null 2>&1
    line=$(grep -m1 "^$(printf '0x%08x' $q):" "$W/q.log" || true)
    want=$(printf '0x%x' $((q + ($4 + A) - P)))
    got=$(echo "$line" | awk '{print $2, $3}')
    [ "$got" = "$(printf 'call%d %s' $((4 * $2)) "$want")" ] ||
        { echo "QEMU decodes '$line', wanted call$((4 * $2)) $want" >&2; exit 1; }
    echo "    {R_XTENSA_SLOT0_OP, 0, $(hex $P)u, $(hex "$4")u, $A, $IN, $OUT}, /* $5; QEMU dc233c: $got at $(hex $q) */"
}

lit() { echo $((($1 + 3) & ~3)); }      # L32R's base: (P + 3) & ~3
cal() { echo $((($1 & ~3) + 4)); }      # CALLn's base: (P & ~3) + 4
nxt() { echo $(($1 + 4)); }             # J's and the branches': P + 4
at() { echo $((T + $(pad_len "$1"))); } # P for a P & 3

echo "    /* L32R (RI16): off = S + A - ((P + 3) & ~3) in [-262144, -4], x 4; imm16 = off >> 2 */"
for p in 0 1 2 3; do
    P=$(at $p); B=$(lit $P)
    row "l32r a2, f" $p $((B - 262144)) "l32r, P & 3 = $p: off = -262144 (min), imm16 0x0000"
    [ $p -ne 0 ] || row "l32r a2, f" $p $((B - 262140)) "l32r: off = -262140 (min + 4), imm16 0x0001"
    [ $p -ne 0 ] || row "l32r a2, f" $p $((B - 4096)) "l32r: off = -4096, imm16 0xfc00"
    row "l32r a2, f" $p $((B - 4)) "l32r, P & 3 = $p: off = -4 (max), imm16 0xffff"
done
P=$(at 1); B=$(lit $P)
row "l32r a2, f+8" 1 $((B - 0x108)) "l32r f+8: A = 8, off = S + 8 - ((P + 3) & ~3) = -256, imm16 0xffc0"

echo "    /* CALL0: off = S + A - ((P & ~3) + 4) in [-524288, 524284], x 4; offset = off >> 2 */"
for p in 0 1 2 3; do
    P=$(at $p); B=$(cal $P)
    row "call0 f" $p $((B - 524288)) "call0, P & 3 = $p: off = -524288 (min), offset 0x20000"
    if [ $p -eq 0 ]; then
        row "call0 f" $p $((B - 524284)) "call0: off = -524284 (min + 4), offset 0x20001"
        row "call0 f" $p $((B - 4)) "call0: off = -4, offset 0x3ffff"
        row "call0 f" $p $B "call0: off = 0 (S = P + 4), offset 0"
        row "call0 f" $p $((B + 4)) "call0: off = 4, offset 1"
    fi
    row "call0 f" $p $((B + 524284)) "call0, P & 3 = $p: off = 524284 (max), offset 0x1ffff"
done
P=$(at 2); B=$(cal $P)
row "call0 f+8" 2 $((B + 0x100 - 8)) "call0 f+8: A = 8, off = 0x100, offset 0x40"

echo "    /* CALL4, CALL8, CALL12: as CALL0, n = 1, 2, 3 */"
for p in 0 3; do
    P=$(at $p); B=$(cal $P)
    windowed "call8 f" 2 $p $((B - 524288)) "call8, P & 3 = $p: off = -524288 (min), offset 0x20000"
    windowed "call8 f" 2 $p $((B + 524284)) "call8, P & 3 = $p: off = 524284 (max), offset 0x1ffff"
done
P=$(at 1); B=$(cal $P)
windowed "call4 f" 1 1 $((B - 4)) "call4, P & 3 = 1: off = -4, offset 0x3ffff"
windowed "call12 f" 3 2 $((B + 0x1000)) "call12, P & 3 = 2: off = 0x1000, offset 0x400"

echo "    /* J (CALL format): off = S + A - (P + 4) in [-131072, 131071]; offset = off */"
P=$(at 0); B=$(nxt $P)
for d in -131072 -131071 -1 0 1 131071; do
    row "j f" 0 $((B + d)) "j: off = $d, offset $(printf '0x%x' $((d & 0x3ffff)))"
done
for p in 1 2 3; do
    P=$(at $p); B=$(nxt $P)
    row "j f" $p $((B - 131072)) "j, P & 3 = $p: off = -131072 (min)"
    row "j f" $p $((B + 131071)) "j, P & 3 = $p: off = 131071 (max)"
done

echo "    /* BRI12: off = S + A - (P + 4) in [-2048, 2047]; imm12 = off */"
P=$(at 0); B=$(nxt $P)
for d in -2048 -2047 -1 0 1 2047; do
    row "beqz a2, f" 0 $((B + d)) "beqz: off = $d, imm12 $(printf '0x%x' $((d & 0xfff)))"
done
P=$(at 3); B=$(nxt $P)
row "bnez a2, f" 3 $((B - 2048)) "bnez, P & 3 = 3: off = -2048 (min)"
row "bltz a3, f" 3 $((B + 2047)) "bltz, P & 3 = 3: off = 2047 (max)"
row "bgez a3, f" 3 $((B + 100)) "bgez, P & 3 = 3: off = 100"

echo "    /* BRI8 and RRI8: off = S + A - (P + 4) in [-128, 127]; imm8 = off */"
P=$(at 0); B=$(nxt $P)
for d in -128 -127 -1 0 1 127; do
    row "beqi a2, 4, f" 0 $((B + d)) "beqi (BRI8): off = $d, imm8 $(printf '0x%x' $((d & 0xff)))"
done
P=$(at 1); B=$(nxt $P)
row "bnei a2, 4, f" 1 $((B - 128)) "bnei, P & 3 = 1: off = -128 (min)"
row "blti a2, 4, f" 1 $((B + 127)) "blti, P & 3 = 1: off = 127 (max)"
row "bgei a2, 4, f" 1 $((B + 5)) "bgei: off = 5"
row "bltui a2, 4, f" 1 $((B - 5)) "bltui (n 3, m 2): off = -5"
row "bgeui a2, 4, f" 1 $((B + 64)) "bgeui (n 3, m 3): off = 64"
P=$(at 0); B=$(nxt $P)
row "beq a2, a3, f" 0 $((B - 128)) "beq (RRI8): off = -128 (min)"
row "beq a2, a3, f" 0 $((B + 127)) "beq (RRI8): off = 127 (max)"
P=$(at 2); B=$(nxt $P)
i=0
for insn in "bne a2, a3, f" "blt a2, a3, f" "bge a2, a3, f" "bltu a2, a3, f" "bgeu a2, a3, f" \
            "bany a2, a3, f" "bnone a2, a3, f" "ball a2, a3, f" "bnall a2, a3, f" "bbc a2, a3, f" \
            "bbs a2, a3, f" "bbci a2, 3, f" "bbsi a2, 31, f"; do
    i=$((i + 1))
    d=$(( (i * 37) % 256 - 128 ))
    row "$insn" 2 $((B + d)) "${insn%% *}, P & 3 = 2: off = $d"
done

echo "    /* RI6 (narrow): off = S + A - (P + 4) in [0, 63]; imm6 = off */"
P=$(at 0); B=$(nxt $P)
for d in 0 1 62 63; do
    row "beqz.n a2, f" 0 $((B + d)) "beqz.n: off = $d, imm6 $(printf '0x%x' $d)"
done
P=$(at 3); B=$(nxt $P)
row "bnez.n a2, f" 3 $((B + 63)) "bnez.n, P & 3 = 3: off = 63 (max)"
row "bnez.n a7, f" 3 $((B + 17)) "bnez.n a7: off = 17"

echo "    /* ---- refusals: {object bytes, P, v = S + A, lo, hi, align} ---- */"
for p in 0 1; do
    P=$(at $p); B=$(lit $P)
    refuse "l32r a2, f" $p $B $((B - 262144)) $((B - 4)) 4 "l32r, P & 3 = $p: off = 0 (max + 4)"
    refuse "l32r a2, f" $p $((B - 262148)) $((B - 262144)) $((B - 4)) 4 "l32r, P & 3 = $p: off = -262148 (min - 4)"
    refuse "l32r a2, f" $p $((B - 6)) $((B - 262144)) $((B - 4)) 4 "l32r, P & 3 = $p: off = -6, misaligned"
done
for p in 0 3; do
    P=$(at $p); B=$(cal $P)
    refuse "call0 f" $p $((B + 524288)) $((B - 524288)) $((B + 524284)) 4 "call0, P & 3 = $p: off = 524288 (max + 4)"
    refuse "call0 f" $p $((B - 524292)) $((B - 524288)) $((B + 524284)) 4 "call0, P & 3 = $p: off = -524292 (min - 4)"
    refuse "call0 f" $p $((B + 2)) $((B - 524288)) $((B + 524284)) 4 "call0, P & 3 = $p: off = 2, misaligned"
done
P=$(at 1); B=$(nxt $P)
refuse "j f" 1 $((B + 131072)) $((B - 131072)) $((B + 131071)) 0 "j, P & 3 = 1: off = 131072 (max + 1)"
refuse "j f" 1 $((B - 131073)) $((B - 131072)) $((B + 131071)) 0 "j, P & 3 = 1: off = -131073 (min - 1)"
P=$(at 0); B=$(nxt $P)
refuse "beqz a2, f" 0 $((B + 2048)) $((B - 2048)) $((B + 2047)) 0 "beqz: off = 2048 (max + 1)"
refuse "beqz a2, f" 0 $((B - 2049)) $((B - 2048)) $((B + 2047)) 0 "beqz: off = -2049 (min - 1)"
refuse "beqi a2, 4, f" 0 $((B + 128)) $((B - 128)) $((B + 127)) 0 "beqi: off = 128 (max + 1)"
refuse "beqi a2, 4, f" 0 $((B - 129)) $((B - 128)) $((B + 127)) 0 "beqi: off = -129 (min - 1)"
refuse "beq a2, a3, f" 0 $((B + 128)) $((B - 128)) $((B + 127)) 0 "beq: off = 128 (max + 1)"
refuse "beq a2, a3, f" 0 $((B - 129)) $((B - 128)) $((B + 127)) 0 "beq: off = -129 (min - 1)"
refuse "beqz.n a2, f" 0 $((B + 64)) $B $((B + 63)) 0 "beqz.n: off = 64 (max + 1)"
refuse "beqz.n a2, f" 0 $((B - 1)) $B $((B + 63)) 0 "beqz.n: off = -1 (min - 1)"

echo "    /* ---- not relocated by SLOT0_OP here: {bytes}, GNU ld's verdict with f = 0x40210040 ---- */"
for insn in "movi a2, 100" "add a2, a3, a4" "l32i a2, a1, 0" "callx0 a3" "ret" "movi.n a2, 5" "nop.n" "nop"; do
    printf '\t.text\n\t.begin no-transform\n\t.reloc ., R_XTENSA_SLOT0_OP, f\n\t%s\n\t.end no-transform\n' "$insn" > "$W/n.s"
    "${PRE}as" "$W/n.s" -o "$W/n.o"
    size=$("${PRE}objdump" -d "$W/n.o" | awk '$1 == "0:" {print length($2) / 2}')
    "${PRE}objcopy" -O binary -j .text "$W/n.o" "$W/n.bin"
    if "${PRE}ld" -e 0 -Ttext="$(hex $T)" --defsym f=0x40210040 "$W/n.o" -o "$W/n.elf" 2> "$W/n.err"; then
        v="accepted"
    else
        v="ld: $(grep -v warning "$W/n.err" | tail -1 | sed 's/^[^ ]* //')"
    fi
    echo "    {$(bytes_c "$W/n.bin" 0 "$size" | tr -d '{}')}, /* $insn; $v */"
done

echo "    /* ---- options the LX106 lacks, hand-encoded: {bytes}, QEMU dc233c / de233_fpu's decoding; GNU ld's verdict ---- */"
for b in "0x36, 0x41, 0x00" "0x76, 0x82, 0x10" "0x76, 0x10, 0x10"; do
    printf '\t.text\n\t.global _start\n_start:\n\t.reloc ., R_XTENSA_SLOT0_OP, f\n\t.byte %s\n' "$b" > "$W/e.s"
    "${PRE}as" "$W/e.s" -o "$W/e.o"
    "${PRE}ld" -e _start -Ttext=0x00410000 --defsym f=0x00410040 "$W/e.o" -o "$W/e.elf" 2> "$W/e.err" && v="accepted" ||
        v="ld: $(grep -v warning "$W/e.err" | tail -1 | sed 's/^[^ ]* //')"
    "${PRE}objcopy" -R .rela.text -R .xt.prop "$W/e.o" "$W/e2.o" 2> /dev/null
    "${PRE}ld" -e _start -Ttext=0x00410000 "$W/e2.o" -o "$W/e2.elf" 2> /dev/null
    d=
    for cpu in dc233c de233_fpu; do
        rm -f "$W/e.log"
        (timeout 10 qemu-xtensa -cpu $cpu -d in_asm,nochain -D "$W/e.log" "$W/e2.elf" || true) > /dev/null 2>&1
        d="$d${d:+, }$cpu: $(grep -m1 '^0x00410000:' "$W/e.log" | sed 's/^0x00410000: *//' | tr '\t' ' ')"
    done
    echo "    {$b}, /* $d; $v */"
done
