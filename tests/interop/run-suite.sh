#!/usr/bin/env bash
# Runs the interop suite (needs root): strongSwan 6.1 and Libreswan 5.2 as peers, tshark and the
# vendors' Ansible modules as consumers of our outputs. Builds the bundles it tests in the same
# reactor (never from an installed copy) and runs tests/org.ikewb.interop.tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
root=$root . bin/ikewb-env.sh
export JAVA_HOME=$IKEWB_JAVA_HOME
[ "$(id -u)" = 0 ] || { echo "run-suite: the interop suite needs root (a Debian chroot for strongSwan)"; exit 2; }
# the host's own tshark (Debian bookworm: 4.0) reads our Wireshark exports beside forky's 4.6
if ! command -v tshark >/dev/null; then
  echo "run-suite: installing the host's tshark"
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tshark >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tshark >/dev/null; }
fi
./mvnw -B -Pinterop verify \
  -pl bundles/org.ikewb.protocol,bundles/org.ikewb.crypto,bundles/org.ikewb.engine,bundles/org.ikewb.model,bundles/org.ikewb.dsl,bundles/org.ikewb.dsl.ide,bundles/org.ikewb.launch,bundles/org.ikewb.cli,tests/org.ikewb.interop.tests "$@"
