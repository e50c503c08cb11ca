#!/usr/bin/env bash
# Our verifier against the Linux verifier on the same programs, in one run: each program of
# bench/verifier-suite/ (written by bench/verifier-suite.py; the JMH VerifierBenchmark runs the same
# files) is loaded into the kernel (bpf(BPF_PROG_LOAD) as a socket filter, median of
# 21 loads, through tests/org.hyperupcall.verifier.tests/native/kernel_verifier.c) and verified by
# `huc verify --bench` (median of 51 runs after 10 s of warm-up, as a vm_exit hyperupcall). Prints a
# markdown table. Needs root (CAP_BPF), gcc, llvm-objcopy.
#   bench/verifier-vs-kernel.sh [WORKDIR]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
gcc -O2 -o "$work/kernel_verifier" "$root/tests/org.hyperupcall.verifier.tests/native/kernel_verifier.c"
names=$(cd "$root/bench/verifier-suite" && ls *.s | sed 's/\.s$//' | sort -V)
objcopy=$(command -v llvm-objcopy || ls /usr/bin/llvm-objcopy-* 2>/dev/null | head -n 1)
echo "| program | insns | kernel: verdict, processed | kernel: verification (its log) | kernel: whole load | ours: verdict, followed | ours: median | ours / kernel verification |"
echo "|---|---|---|---|---|---|---|---|"
for name in $names; do
  s="$root/bench/verifier-suite/$name.s"
  "$root/huc" asm -o "$work/$name.o" --section socket "$s" >/dev/null
  "$objcopy" -O binary --only-section=socket "$work/$name.o" "$work/$name.bin"
  insns=$(( $(stat -c %s "$work/$name.bin") / 8 ))
  k=$(od -An -v -tx1 "$work/$name.bin" | tr -d ' \n' | "$work/kernel_verifier" 21)
  kverdict=${k%% *}
  kproc=$(sed -n 's/.*processed=\([-0-9]*\).*/\1/p' <<<"$k")
  kns=$(sed -n 's/.* ns=\([0-9]*\).*/\1/p' <<<"$k")
  kus=$(sed -n 's/.*verify_us=\([-0-9]*\).*/\1/p' <<<"$k")
  o=$("$root/huc" verify --bench --event vm_exit "$s" 2>&1 | tail -n 1)
  overdict=$(sed -n 's/.*: \(accepted\|rejected ([A-Z-]*)\) for .*/\1/p' <<<"$o")
  oms=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$o")
  ofollowed=$(sed -n 's/.*, \([0-9]*\) instructions followed.*/\1/p' <<<"$o")
  kms=$(awk -v u="${kus:--1}" 'BEGIN { if (u < 0) print "-"; else printf "%.3f", u / 1000 }')
  klms=$(awk -v n="$kns" 'BEGIN { printf "%.3f", n / 1e6 }')
  ratio=$(awk -v a="$oms" -v b="$kms" 'BEGIN { if (b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }')
  echo "| $name | $insns | ${kverdict,,}, ${kproc} | ${kms} ms | ${klms} ms | ${overdict}, ${ofollowed} | ${oms} ms | ${ratio} |"
done
