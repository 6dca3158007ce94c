#!/bin/bash
# install-root.sh - install (once) the Debian forky chroot that holds the real consumers of what the
# workbench writes: tshark 4.6 (pcap + Wireshark key table), ansible 14 (Fortinet's and Check Point's
# module argument specs) and Libreswan 5.2 (pluto, a second IKEv2 implementation). Idempotent and
# unattended; prints the chroot's path on its last line. Needs root.
#
# env: CONSUMERS_BASE (default /var/tmp/ikewb-consumers), SUITE (default forky),
#      MIRROR (default http://deb.debian.org/debian)
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-root: needs root (debootstrap, chroot)" >&2; exit 2; }
BASE=${CONSUMERS_BASE:-/var/tmp/ikewb-consumers}
SUITE=${SUITE:-forky}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
R=$BASE/root-$SUITE
PACKAGES="tshark ansible libreswan iproute2 libnss3-tools python3"
log() { echo "[install-root] $*" >&2; }
mkdir -p "$BASE"
export DEBIAN_FRONTEND=noninteractive

mount_all() {
  mountpoint -q "$R/proc" || mount -t proc proc "$R/proc"
  mountpoint -q "$R/dev"  || mount --bind /dev "$R/dev"
}

if [ ! -f "$R/.consumers-ready" ] || [ "$(cat "$R/.consumers-packages" 2>/dev/null)" != "$PACKAGES" ]; then
  T0=$(date +%s)
  command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap >/dev/null; }
  SCRIPT=""
  # bookworm's debootstrap has no script for forky: the sid script fits
  [ -e "/usr/share/debootstrap/scripts/$SUITE" ] || SCRIPT=/usr/share/debootstrap/scripts/sid
  if [ ! -x "$R/usr/bin/apt-get" ]; then
    log "debootstrap --variant=minbase $SUITE $R (first install) ..."
    rm -rf "$R"
    debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" $SCRIPT > "$BASE/debootstrap-$SUITE.log" 2>&1 \
      || { tail -20 "$BASE/debootstrap-$SUITE.log" >&2; exit 1; }
  fi
  mount_all
  printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
  log "installing $PACKAGES in the chroot ..."
  # Check-Valid-Until=false: testing's Release files carry Valid-Until and the clock may be off.
  # tshark asks whether non-root users may capture: preseed "no".
  chroot "$R" /bin/sh -c "export DEBIAN_FRONTEND=noninteractive
    echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections 2>/dev/null || true
    apt-get -qq -o Acquire::Check-Valid-Until=false update &&
    apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $PACKAGES" \
      > "$BASE/install-$SUITE.log" 2>&1 || { tail -20 "$BASE/install-$SUITE.log" >&2; exit 1; }
  chroot "$R" apt-get clean
  echo "$PACKAGES" > "$R/.consumers-packages"
  date -u +%FT%TZ > "$R/.consumers-ready"
  log "first install took $(( $(date +%s) - T0 )) s, disk: $(du -sxh "$R" | cut -f1)"
fi
mount_all
echo "$R"
