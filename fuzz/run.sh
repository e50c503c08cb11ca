#!/usr/bin/env bash
# fuzz/run.sh CLASS#METHOD [EXECUTIONS] [MAX_DURATION]
# The long mode of the fuzz targets: fuzzes one @FuzzTest with Jazzer (coverage-guided, libFuzzer)
# for EXECUTIONS runs (default 1000000) or MAX_DURATION (default 2h), whichever comes first.
# Inputs that crash are written under fuzz/src/test/resources/... (commit them: the regression mode
# then replays them in every build); the corpus grows in fuzz/.cifuzz-corpus/. The log, with
# libFuzzer's "#N DONE cov: ... exec/s" line, goes to fuzz/target/fuzz-CLASS-METHOD.log.
# KEEP_GOING=N goes on after a finding, up to N findings.
#   fuzz/run.sh ElfFuzzTest#elfReader 1000000
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:?usage: fuzz/run.sh CLASS#METHOD [EXECUTIONS] [MAX_DURATION]}
executions=${2:-1000000}
duration=${3:-2h}
bundles=plugins/org.hyperupcall.ebpf,plugins/org.hyperupcall.abi,plugins/org.hyperupcall.verifier,plugins/org.hyperupcall.cli
bundles=$bundles,plugins/org.hyperupcall.lang,plugins/org.hyperupcall.lang.ide,plugins/org.hyperupcall.hypervisor
log=$root/fuzz/target/fuzz-${target//#/-}.log
mkdir -p "$root/fuzz/target"
cd "$root"
status=0
JAZZER_FUZZ=1 ./build/mvn -B -o test -pl "$bundles,fuzz" -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.max_executions="$executions" -Djazzer.max_duration="$duration" -Djazzer.keep_going="${KEEP_GOING:-1}" >"$log" 2>&1 || status=$?
grep -E "^#[0-9]+ +(DONE|INITED)|Done [0-9]+ runs|FuzzTestFinding|Tests run:" "$log" | tail -5 || true
echo "fuzz/run.sh: $target: exit $status, log $log"
exit $status
