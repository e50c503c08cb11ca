#!/usr/bin/env bash
# run.sh -- native reference numbers for the eBPF benchmark programs
# (examples/bench): the Linux kernel's eBPF JIT (via BPF_PROG_TEST_RUN) and
# the same loop in C built with gcc -O2.  Works from any directory.
#
#   bench/native/run.sh            (root is needed for the kernel part; without
#                                   it, or without bpf(), that part is skipped)
# Environment: CC (default gcc), KBENCH_ARGS (e.g. "-n 21 -t 50"),
#              LOOP_ARGS (e.g. "-n 501").
# Exit: 0 ok (also when the kernel part is skipped), 1 on failure or when a
# result does not match `huc exec`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$here/build
CC=${CC:-gcc}

die() { echo "run.sh: $*" >&2; exit 1; }

objcopy=
for c in llvm-objcopy llvm-objcopy-{20,19,18,17,16,15,14,13}; do
  if command -v "$c" >/dev/null 2>&1; then objcopy=$c; break; fi
done
[ -n "$objcopy" ] || die "llvm-objcopy not found (Debian: apt-get install llvm)"
command -v "$CC" >/dev/null 2>&1 || die "$CC not found (Debian: apt-get install gcc)"

# ./huc, retried a few times if the jar is caught mid-rebuild by a concurrent build.
huc() {
  local out i
  for i in 1 2 3 4; do
    if out=$(cd "$root" && ./huc "$@" 2>&1); then printf '%s\n' "$out"; return 0; fi
    case $out in *"corrupt jarfile"*) sleep 10 ;; *) break ;; esac
  done
  printf '%s\n' "$out" >&2
  return 1
}

mkdir -p "$build"
echo "== building (gcc -O2) and assembling (./huc asm + $objcopy)"
"$CC" -O2 -Wall -o "$build/kbench" "$here/kbench.c"
"$CC" -O2 -Wall -o "$build/loop" "$here/loop.c"

# name -> source, relative to the project root
declare -A src=(
  [trivial]=examples/bench/trivial.s
  [loop-kernel]=bench/native/loop-kernel.s
  [loop]=examples/bench/loop.s
)
declare -A insns r0
for n in trivial loop-kernel loop; do
  # The reference result and instruction count per run, from huc's interpreter.
  out=$(huc exec -v --budget=100000000 "${src[$n]}") || die "huc exec ${src[$n]} failed"
  r0[$n]=$(sed -n 's/^r0 = \(0x[0-9a-fA-F]*\).*/\1/p' <<<"$out")
  insns[$n]=$(sed -n 's/^instructions executed: \([0-9]*\).*/\1/p' <<<"$out")
  [ -n "${r0[$n]}" ] && [ -n "${insns[$n]}" ] || die "cannot parse huc exec output: $out"
done
for n in trivial loop-kernel; do
  huc asm "${src[$n]}" -o "$build/$n.o" >/dev/null || die "huc asm ${src[$n]} failed"
  "$objcopy" -O binary --only-section=.text "$build/$n.o" "$build/$n.bin"
done

field() { sed -n "s/^RESULT.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
low32() { printf '0x%x' $(( ${1} & 0xffffffff )); }

rows=()
status=0
kernel_skip=
for n in trivial loop-kernel; do
  [ -z "$kernel_skip" ] || break
  echo "== kernel eBPF JIT: ${src[$n]} (${insns[$n]} insns/run)"
  rc=0
  # shellcheck disable=SC2086
  out=$("$build/kbench" ${KBENCH_ARGS:-} "$build/$n.bin" "${insns[$n]}") || rc=$?
  printf '%s\n' "$out" | grep -v '^RESULT'
  if [ "$rc" = 77 ]; then kernel_skip=$(grep '^skipped' <<<"$out" || echo "skipped"); break; fi
  [ "$rc" = 0 ] || die "kbench failed on $n.bin (exit $rc)"
  want=$(low32 "${r0[$n]}"); got=$(field retval "$out")
  check=ok; [ "$(( got ))" = "$(( want ))" ] || { check="MISMATCH (huc: $want)"; status=1; }
  nsi=$(field ns_per_insn "$out"); [ "$n" = trivial ] && nsi="-"
  rows+=("kernel JIT  ${src[$n]}|$(field ns_per_run "$out")|$nsi|${insns[$n]}|retval $got $check")
done
if [ -n "$kernel_skip" ]; then
  echo "kernel part $kernel_skip"
  rows+=("kernel JIT|-|-|-|$kernel_skip")
fi

echo "== gcc -O2 C: bench/native/loop.c"
# shellcheck disable=SC2086
out=$("$build/loop" ${LOOP_ARGS:-}) || die "loop failed"
printf '%s\n' "$out" | grep -v '^RESULT'
got=$(field r0 "$out")
check=ok; [ "$got" = "${r0[loop]}" ] || { check="MISMATCH (huc: ${r0[loop]})"; status=1; }
rows+=("gcc -O2     bench/native/loop.c|$(field ns_per_run "$out")|$(field ns_per_insn "$out")|${insns[loop]}|r0 $got $check")

echo
printf '%-45s %12s %10s %10s  %s\n' what ns/run ns/insn insns/run check
for row in "${rows[@]}"; do
  IFS='|' read -r what nsr nsi ni chk <<<"$row"
  printf '%-45s %12s %10s %10s  %s\n' "$what" "$nsr" "$nsi" "$ni" "$chk"
done
echo "(kernel ns/run: median BPF_PROG_TEST_RUN duration; trivial = per-run invocation overhead;"
echo " gcc ns/insn divides by the eBPF instruction count of loop.s)"
exit $status
