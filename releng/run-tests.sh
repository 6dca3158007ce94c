#!/usr/bin/env bash
# Runs every test of IKEv2 Workbench: the Tycho build with the headless and the UI tests (under
# Xvfb, in a real workbench), then the command line as a plain Java program (no OSGi) and a smoke
# start of the workbench product. Installs Xvfb, GTK 3 and NIST's PKITS data (Debian's
# python3-cryptography-vectors) first when they are missing and this runs as root (otherwise it
# says which packages to install).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=()
command -v xvfb-run >/dev/null || missing+=(xvfb)
ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0' || missing+=(libgtk-3-0)
# NIST's PKITS certificates and CRLs, which PkitsTest runs through our path validation
[ -d /usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data ] || missing+=(python3-cryptography-vectors)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "run-tests: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "run-tests: please install first: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi

root=$root . "$root/bin/ikewb-env.sh"
export JAVA_HOME=$IKEWB_JAVA_HOME
echo "run-tests: JDK $JAVA_HOME"

start=$(date +%s)
xvfb-run -a -s "-screen 0 1400x900x24" ./mvnw -B clean verify "$@"

echo "run-tests: the command line outside OSGi (plain java -cp)"
t0=$(date +%s%N)
bin/ikewb version
t1=$(date +%s%N)
echo "run-tests: 'ikewb version' took $(( (t1 - t0) / 1000000 )) ms including JVM start"
bin/ikewb run
bin/ikewb validate examples/*.ikewb
# a file with errors must fail with exit status 1 and say where
broken=$(mktemp --suffix=.ikewb)
printf 'policy p {\n  ike proposal x {\n    encryption aes256gcm16\n    prf prfsha384\n    ke modp3072\n    addke 1 modp3072\n  }\n}\n' > "$broken"
set +e; bin/ikewb validate "$broken" > "$broken.out"; rc=$?; set -e
grep -q ":6:13: error unsatisfiable-key-exchange" "$broken.out" && [ $rc = 1 ] \
  || { echo "run-tests: 'ikewb validate' did not report the broken policy (exit $rc)"; cat "$broken.out"; exit 1; }
rm -f "$broken" "$broken.out"
set +e; bin/ikewb validate examples/broken/every-diagnostic.ikewb > /tmp/ikewb-broken.out; rc=$?; set -e
[ $rc = 1 ] && [ "$(grep -c ': error ' /tmp/ikewb-broken.out)" -ge 20 ] \
  || { echo "run-tests: the broken example did not fail as it should (exit $rc)"; cat /tmp/ikewb-broken.out; exit 1; }
echo "run-tests: examples/broken/every-diagnostic.ikewb: $(grep -c ': error ' /tmp/ikewb-broken.out) errors, $(grep -c ': warning ' /tmp/ikewb-broken.out) warnings"

echo "run-tests: a policy file drives both ends over UDP on loopback, and a generator"
export DEMO_PSK="run-tests-$(date +%s%N)"
bin/ikewb respond examples/loopback.ikewb --peer gateway > /tmp/ikewb-respond.out 2>&1 &
responder=$!
set +e; bin/ikewb run examples/loopback.ikewb --peer branch --timeout 20 > /tmp/ikewb-run.out 2>&1; rc=$?; set -e
kill $responder 2>/dev/null || true
grep -q "^established: aes256gcm16-prfsha384-x25519-ke1_mlkem768" /tmp/ikewb-run.out && [ $rc = 0 ] \
  || { echo "run-tests: the loopback policy did not establish (exit $rc)"; cat /tmp/ikewb-run.out /tmp/ikewb-respond.out; exit 1; }
gen=$(mktemp -d)
bin/ikewb generate --target strongswan --out "$gen" examples/branch-to-hq.ikewb
grep -q "ke1_mlkem768" "$gen/branch-to-hq.swanctl.conf"
rm -rf "$gen"

echo "run-tests: the command line's server (bin/ikewb's start-up cache, then the server it starts)"
cache=$(ls -td "${XDG_CACHE_HOME:-$HOME/.cache}"/ikewb/cli-*/ 2>/dev/null | head -1)
for ((i = 0; i < 180; i++)); do [ -n "$cache" ] && [ -f "$cache/ready" ] && break; sleep 1
  cache=$(ls -td "${XDG_CACHE_HOME:-$HOME/.cache}"/ikewb/cli-*/ 2>/dev/null | head -1); done
[ -f "$cache/ready" ] || { echo "run-tests: bin/ikewb made no start-up cache in 3 minutes"; exit 1; }
bin/ikewb validate examples/branch-to-hq.ikewb > /dev/null # this one starts it
for ((i = 0; i < 120; i++)); do [ -S "$cache/server/socket" ] && break; sleep 1; done
[ -S "$cache/server/socket" ] || { echo "run-tests: no server after 2 minutes"; cat "$cache/server.log"; exit 1; }
client=("$cache"/lib/org.ikewb.cli_*.jar)
set +e
IKEWB_NO_SERVER=1 bin/ikewb validate examples/broken/every-diagnostic.ikewb > /tmp/ikewb-own.out 2>&1; own=$?
(cd examples && "$IKEWB_JAVA" -cp "${client[0]}" org.ikewb.cli.Client "$cache/server/socket" validate \
  broken/every-diagnostic.ikewb) > /tmp/ikewb-served.out 2>&1; served=$?
bin/ikewb run --keys /tmp/ikewb-served.keys > /tmp/ikewb-served-run.out 2>&1; run=$?
set -e
sed 's|^broken/|examples/broken/|' /tmp/ikewb-served.out | cmp -s - /tmp/ikewb-own.out && [ $served = $own ] \
  || { echo "run-tests: validate through the server (exit $served) differs from its own JVM (exit $own)"
       diff <(sed 's|^broken/|examples/broken/|' /tmp/ikewb-served.out) /tmp/ikewb-own.out | head; exit 1; }
grep -q "^established: " /tmp/ikewb-served-run.out && [ $run = 0 ] && [ -s /tmp/ikewb-served.keys ] \
  || { echo "run-tests: run through the server failed (exit $run)"; cat /tmp/ikewb-served-run.out; exit 1; }
rm -f "$cache/server/socket" /tmp/ikewb-served.keys # the server ends
echo "run-tests: validate and run through the server print what their own JVM prints"

echo "run-tests: the workbench product"
xvfb-run -a releng/smoke-product.sh 15

echo "run-tests: all green in $(( $(date +%s) - start )) s"
