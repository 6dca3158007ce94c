#!/bin/bash
# pluto.sh - Libreswan 5.2's pluto from the consumers' chroot (install-root.sh) in a network namespace
# of its own, reached from the host over a veth pair: the host side is 10.77.0.1, pluto's 10.77.0.2.
# The kernel here has XFRM but no ESP/AH/IPComp, so pluto cannot install a Child SA (it answers
# TEMPORARY_FAILURE or deletes it); IKE SAs establish, rekey and delete normally.
#
# usage: pluto.sh start IPSEC_CONF IPSEC_SECRETS [CA_PEM [P12 P12_PASSWORD]]
#                                                  (re)start pluto with this config and a fresh NSS
#                                                  database (holding the CA, trusted for peers, and
#                                                  pluto's own certificate and key from the PKCS#12
#                                                  file, under their friendly name); conns with
#                                                  auto=add are loaded; prints "running: pid N"
#        pluto.sh stop                             shut pluto down (the namespace stays)
#        pluto.sh ipsec ARGS...                    an ipsec command inside the namespace and chroot
# The log (plutodebug as the config sets it) is /var/log/ikewb-pluto/pluto.log inside the chroot.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "pluto.sh: needs root (network namespace, chroot)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
R=$("$here/install-root.sh" | tail -1)
NS=ikewb-ls
in_ns() { ip netns exec "$NS" chroot "$R" "$@"; }

network() {
  ip netns pids "$NS" >/dev/null 2>&1 || ip netns add "$NS"
  if ! ip link show ikewb-ls0 >/dev/null 2>&1; then
    ip link add ikewb-ls0 type veth peer name ikewb-ls1
    ip link set ikewb-ls1 netns "$NS"
    ip addr add 10.77.0.1/24 dev ikewb-ls0
    ip link set ikewb-ls0 up
    ip netns exec "$NS" ip addr add 10.77.0.2/24 dev ikewb-ls1
    ip netns exec "$NS" ip link set ikewb-ls1 up
    ip netns exec "$NS" ip link set lo up
  fi
}

stop() {
  if [ -S "$R/run/pluto/pluto.ctl" ]; then
    in_ns ipsec whack --shutdown >/dev/null 2>&1 || true
  fi
  for pid in $(ip netns pids "$NS" 2>/dev/null); do
    kill "$pid" 2>/dev/null || true
  done
  for i in $(seq 50); do
    [ -z "$(ip netns pids "$NS" 2>/dev/null)" ] && break
    sleep 0.1
  done
  rm -f "$R/run/pluto/pluto.ctl" "$R/run/pluto/pluto.pid"
}

case "${1:-}" in
start)
  [ -r "${2:-}" ] && [ -r "${3:-}" ] || { echo "usage: pluto.sh start IPSEC_CONF IPSEC_SECRETS" >&2; exit 2; }
  network
  stop
  # a fresh NSS database per start: each case brings its own CA and certificate
  rm -rf "$R/var/lib/ipsec/nss"
  mkdir -p "$R/var/lib/ipsec/nss"
  chroot "$R" ipsec initnss >/dev/null
  if [ -n "${4:-}" ]; then
    cp "$4" "$R/tmp/ikewb-pluto-ca.pem"
    chroot "$R" certutil -A -d sql:/var/lib/ipsec/nss -n ikewb-ca -t "CT,," -a -i /tmp/ikewb-pluto-ca.pem
    rm -f "$R/tmp/ikewb-pluto-ca.pem"
  fi
  if [ -n "${5:-}" ]; then
    cp "$5" "$R/tmp/ikewb-pluto.p12"
    chroot "$R" pk12util -i /tmp/ikewb-pluto.p12 -d sql:/var/lib/ipsec/nss -W "${6:-}" -K "" >/dev/null \
      || { echo "pluto.sh: pk12util could not import $5" >&2; rm -f "$R/tmp/ikewb-pluto.p12"; exit 1; }
    rm -f "$R/tmp/ikewb-pluto.p12"
  fi
  mkdir -p "$R/etc/ikewb-pluto" "$R/var/log/ikewb-pluto" "$R/run/pluto"
  cp "$2" "$R/etc/ikewb-pluto/ipsec.conf"
  install -m 600 "$3" "$R/etc/ikewb-pluto/ipsec.secrets"
  # the config must be one pluto accepts before it runs
  chroot "$R" ipsec addconn --config /etc/ikewb-pluto/ipsec.conf --checkconfig \
    || { echo "pluto.sh: ipsec addconn --checkconfig refused the config" >&2; exit 1; }
  : > "$R/var/log/ikewb-pluto/pluto.log"
  setsid ip netns exec "$NS" chroot "$R" ipsec pluto --config /etc/ikewb-pluto/ipsec.conf \
    --secretsfile /etc/ikewb-pluto/ipsec.secrets --nofork --logfile /var/log/ikewb-pluto/pluto.log \
    </dev/null >/dev/null 2>&1 &
  for i in $(seq 100); do
    if in_ns ipsec whack --status >/dev/null 2>&1 && grep -q "listening for IKE messages" "$R/var/log/ikewb-pluto/pluto.log"; then
      sleep 0.3 # auto=add conns are loaded right after
      echo "running: pid $(ip netns pids "$NS" | head -1), Libreswan $(chroot "$R" ipsec --version 2>/dev/null | sed -n 's/.*Libreswan \([0-9.]*\).*/\1/p')"
      exit 0
    fi
    sleep 0.1
  done
  echo "pluto.sh: pluto did not start; its log:" >&2
  tail -30 "$R/var/log/ikewb-pluto/pluto.log" >&2
  exit 1;;
stop)
  stop;;
ipsec)
  shift
  in_ns ipsec "$@";;
*)
  sed -n '2,13p' "$0"; exit 2;;
esac
