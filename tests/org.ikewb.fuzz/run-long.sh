#!/usr/bin/env bash
# Runs one fuzz target for a while and records what it did in README.md's table "Runs so far":
# the executions Jazzer reports, the time, and the findings (crash files it wrote), as measured —
# a table row typed by hand is no evidence.
#   tests/org.ikewb.fuzz/run-long.sh 'ResponderEngineFuzzTest#datagramSequence' 10m
set -euo pipefail
target=${1:?target, e.g. DecoderFuzzTest or 'CommandLineFuzzTest#arguments'}
duration=${2:-10m}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
class=${target%%#*}
method=${target#*#}
[ "$method" = "$target" ] && method=""
inputs="tests/org.ikewb.fuzz/src/test/resources/org/ikewb/fuzz/${class}Inputs"
before=$(find "$inputs" -name 'crash-*' 2>/dev/null | sort)
log=$(mktemp)
start=$(date +%s)
set +e
JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$duration ./mvnw -B -o test \
  -pl bundles/org.ikewb.protocol,bundles/org.ikewb.crypto,bundles/org.ikewb.engine,bundles/org.ikewb.model,bundles/org.ikewb.dsl,bundles/org.ikewb.dsl.ide,bundles/org.ikewb.launch,bundles/org.ikewb.cli,tests/org.ikewb.fuzz \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
rc=$?
set -e
seconds=$(( $(date +%s) - start ))
# libFuzzer's last statistics line: "#123456	DONE   cov: ... exec/s: ..." (or the last "#N" line)
executions=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
executions=${executions:-0}
after=$(find "$inputs" -name 'crash-*' 2>/dev/null | sort)
new=$(comm -13 <(echo "$before") <(echo "$after") | xargs -r -n1 basename | paste -sd, -)
findings=${new:-none}
[ $rc -ne 0 ] && [ "$findings" = none ] && findings="the run failed (exit $rc): see $log"
row="| \`$target\` | $executions ($seconds s, $(date -u +%Y-%m-%d), run-long.sh) | $findings |"
echo "$row"
readme=tests/org.ikewb.fuzz/README.md
python3 - "$readme" "$row" <<'PY'
import sys
path, row = sys.argv[1], sys.argv[2]
text = open(path).read()
marker = "| target | executions | findings |\n|---|---:|---|\n"
i = text.index(marker) + len(marker)
open(path, "w").write(text[:i] + row + "\n" + text[i:])
PY
exit $rc
