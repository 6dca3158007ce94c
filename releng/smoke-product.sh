#!/usr/bin/env bash
# Smoke test of the built product: opens the IKEv2 Workbench under Xvfb with a fresh workspace,
# lets it run, and fails if it died or logged an error (severity 4) while starting.
# Usage: xvfb-run -a releng/smoke-product.sh [seconds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
IKEWB_WORKSPACE=$ws "$root/bin/ikewb-workbench" -consoleLog > "$ws.out" 2>&1 &
pid=$!
for _ in $(seq "$seconds"); do
  sleep 1
  kill -0 "$pid" 2>/dev/null || { echo "smoke: the workbench exited early:"; cat "$ws.out"; exit 1; }
done
kill "$pid"; wait "$pid" 2>/dev/null || true
if grep -q '^!ENTRY [^ ]* 4 ' "$ws.out" "$ws/.metadata/.log" 2>/dev/null; then
  echo "smoke: the workbench logged errors:"; cat "$ws.out"; exit 1
fi
echo "smoke: the IKEv2 Workbench product started and ran ${seconds}s without errors"
rm -f "$ws.out"
