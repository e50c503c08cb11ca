#!/usr/bin/env bash
# clang-size.sh -- instruction counts of the differential programs
# (tests/org.hyperupcall.lang.tests/programs/clang/*.huc): clang -O2 -target bpf
# against our HUC compiler, per program and in total (issue 5: ours at most 1.5x),
# then per entry point of examples/huc.
# Works from any directory.
#
#   bench/clang-size.sh
#
# It runs ClangDifferentialTest, which builds every program with both compilers
# (slots of the entry point's program after linking; lddw counts 2), writes the
# table to tests/org.hyperupcall.lang.tests/target/clang-size.txt and checks the
# results too; the script prints the table. Exit: Maven's status (non-zero while
# a program differs, is not supported by our compiler yet, or the total ratio is
# over 1.5), 2 when clang is missing or no table was written.
set -uo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
command -v clang >/dev/null 2>&1 || { echo "clang-size.sh: clang is not on the PATH" >&2; exit 2; }

table=tests/org.hyperupcall.lang.tests/target/clang-size.txt
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f "$table"
./build/mvn -B -q verify -Dtest=ClangDifferentialTest \
  -pl plugins/org.hyperupcall.ebpf,plugins/org.hyperupcall.abi,plugins/org.hyperupcall.verifier,plugins/org.hyperupcall.lang,tests/org.hyperupcall.lang.tests \
  >"$log" 2>&1
status=$?
if [ ! -f "$table" ]; then
  tail -n 40 "$log" >&2
  echo "clang-size.sh: no table was written (build failed?)" >&2
  exit 2
fi
cat "$table"
examples=tests/org.hyperupcall.lang.tests/target/clang-size-examples.txt
if [ -f "$examples" ]; then
  echo
  cat "$examples"
fi
grep -E "^Tests run:" "$log" | tail -n 1
exit $status
