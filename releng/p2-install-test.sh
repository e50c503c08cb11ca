#!/usr/bin/env bash
# The p2 install test: install org.hyperupcall.ui.feature from the zipped update site into a plain
# Eclipse platform with the p2 director, as a user of a stock Eclipse does, then start that
# installation and check, inside it, that our bundles resolve and start and that a .huc file with an
# unbounded loop shows the HUC-LOOP annotation in the editor (and the builder's marker).
#
# Needs the reactor built (./build/mvn -B verify, or package of the modules named below); run by
# .ci/run after the build. Without $DISPLAY it runs itself under xvfb-run. Usage:
#   releng/p2-install-test.sh [--keep]     (--keep: leave the installation and reports in the work dir)
# The work dir is a new temporary directory (or $P2_TEST_DIR); it is kept when a step fails.
#
# Steps, each of which fails the test:
#   1. copy the plain platform (products/org.hyperupcall.platform) to the work dir;
#   2. install the check bundle (tests/org.hyperupcall.installcheck, from the second p2 repository
#      tests/org.hyperupcall.installcheck.site) with the director;
#   3. start the IDE once WITHOUT our feature: the check must FAIL (nothing of ours installed), which
#      shows it can fail;
#   4. install org.hyperupcall.ui.feature.feature.group from jar:file:<update-site zip>!/ with the
#      director (exit status 0), then find our bundles in bundles.info and plugins/, our features in
#      features/;
#   5. start the IDE again: the check must PASS.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
keep=0
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "p2-install-test: unknown option '$a'" >&2; exit 2 ;;
  esac
done

platform="$root/products/org.hyperupcall.platform/target/products/org.hyperupcall.platform.product/linux/gtk/x86_64"
zip=$(ls "$root"/update-site/target/org.hyperupcall.update-site-*.zip 2>/dev/null | head -n 1 || true)
checkrepo="$root/tests/org.hyperupcall.installcheck.site/target/repository"
if [ ! -f "$platform/configuration/config.ini" ] || [ -z "$zip" ] || [ ! -f "$checkrepo/content.jar" ]; then
  echo "p2-install-test: build first: ./build/mvn -B verify (needs products/org.hyperupcall.platform," >&2
  echo "  update-site and tests/org.hyperupcall.installcheck.site built)" >&2
  exit 2
fi

if [ -z "${DISPLAY:-}" ]; then
  if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "p2-install-test: no display and no xvfb-run (Debian package xvfb)" >&2; exit 2
  fi
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$@"
fi

# shellcheck source=../build/jdk.sh
. "$root/build/jdk.sh"

work=${P2_TEST_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/hyperupcall-p2.XXXXXX")}
mkdir -p "$work"
eclipse_dir="$work/eclipse"
started=$(date +%s.%N)
step_start=$started
failed=""

elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
step() { echo "p2-install-test: $1 ($(elapsed "$step_start") s)"; step_start=$(date +%s.%N); }
die() {
  echo "p2-install-test: FAILED: $1" >&2
  [ $# -gt 1 ] && [ -f "$2" ] && tail -n 40 "$2" >&2
  echo "p2-install-test: the installation, logs and reports stay in $work" >&2
  exit 1
}

# The installation writes only inside the work dir (~/.eclipse, GTK settings, p2 caches).
export HOME="$work/home"
mkdir -p "$HOME"

# 1. a fresh copy of the plain platform
rm -rf "$eclipse_dir"
cp -a "$platform" "$eclipse_dir"
launcher=$(ls "$eclipse_dir"/plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)
step "copied the plain platform ($(ls "$eclipse_dir/plugins" | wc -l) bundles) to $eclipse_dir"

# eclipse LOG JAVA-OPTIONS... -- ECLIPSE-ARGS...: starts the installation (launcher jar; no native
# launcher is on Maven Central), at most 5 minutes
eclipse() {
  local log=$1; shift
  local vm=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vm+=("$1"); shift; done
  shift
  timeout 300 "$JAVA_HOME/bin/java" -Xmx1g "${vm[@]}" -jar "$launcher" -nosplash -consoleLog "$@" >"$log" 2>&1
}
director() {
  local log=$1; shift
  eclipse "$log" -- -application org.eclipse.equinox.p2.director "$@"
}
last_line() { tail -n 1 "$1" 2>/dev/null || true; }

# 2. the check bundle, from its own p2 repository
director "$work/director-check.log" -repository "file:$checkrepo" -installIU org.hyperupcall.installcheck \
  || die "the director could not install org.hyperupcall.installcheck (exit $?)" "$work/director-check.log"
step "installed the check bundle with the p2 director"

# 3. without our feature the check fails
rm -f "$work/before.txt"
eclipse "$work/ide-before.log" -Dhyperupcall.installcheck="$work/before.txt" -- -data "$work/workspace-before" \
  || die "the IDE without our feature did not start or end cleanly (exit $?)" "$work/ide-before.log"
[ -f "$work/before.txt" ] || die "the IDE without our feature wrote no report: the check did not run" "$work/ide-before.log"
if [ "$(last_line "$work/before.txt")" != FAIL ] || ! grep -q '^FAIL: org.hyperupcall.ui is not installed' "$work/before.txt"; then
  cat "$work/before.txt" >&2
  die "the check did not fail in an installation without our feature"
fi
step "without the feature the check fails as it must ($(grep -c '^FAIL' "$work/before.txt") failures)"

# 4. our feature from the zipped update site
director "$work/director-feature.log" -repository "jar:file:$zip!/" -installIU org.hyperupcall.ui.feature.feature.group \
  || die "the director could not install org.hyperupcall.ui.feature from $zip (exit $?)" "$work/director-feature.log"
grep -q 'Operation completed' "$work/director-feature.log" \
  || die "the director did not report the operation completed" "$work/director-feature.log"
info="$eclipse_dir/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
for b in ebpf abi verifier lang hypervisor cli ui launch; do
  grep -q "^org.hyperupcall.$b," "$info" || die "org.hyperupcall.$b is not in $info"
  ls "$eclipse_dir"/plugins/org.hyperupcall."$b"_*.jar >/dev/null 2>&1 || die "no org.hyperupcall.${b}_*.jar in plugins/"
done
for f in org.hyperupcall.feature org.hyperupcall.ui.feature; do
  ls -d "$eclipse_dir"/features/"$f"_* >/dev/null 2>&1 || die "no $f in features/"
done
step "installed org.hyperupcall.ui.feature from jar:file:$zip!/ ($(grep -c . "$info") bundles now)"

# 5. with it the check passes
rm -f "$work/after.txt"
eclipse "$work/ide-after.log" -Dhyperupcall.installcheck="$work/after.txt" -- -data "$work/workspace-after" \
  || failed="the IDE with our feature did not start or end cleanly"
[ -f "$work/after.txt" ] || die "the IDE with our feature wrote no report: the check did not run" "$work/ide-after.log"
sed 's/^/  /' "$work/after.txt"
[ "$(last_line "$work/after.txt")" = PASS ] || die "the check failed in the installation with our feature" "$work/ide-after.log"
[ -z "$failed" ] || die "$failed" "$work/ide-after.log"
step "with the feature the check passes (screenshot: after.txt.png)"

echo "p2-install-test: PASS in $(elapsed "$started") s"
if [ "$keep" = 1 ] || [ -n "${P2_TEST_DIR:-}" ]; then
  echo "p2-install-test: kept $work"
else
  rm -rf "$work"
fi
