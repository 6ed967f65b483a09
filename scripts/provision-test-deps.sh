#!/usr/bin/env bash
# Installs, from Debian's packages, the real servers the test suite runs against, when they are absent.
# Each test starts its own instance on loopback; nothing here is left running.
set -euo pipefail

# binary -> Debian package
declare -A NEEDED=(
  [/usr/bin/prometheus]=prometheus
  [/usr/bin/promtool]=prometheus
  [/usr/bin/prometheus-node-exporter]=prometheus-node-exporter
  [/usr/bin/influxd]=influxdb
  [/usr/bin/prometheus-postgres-exporter]=prometheus-postgres-exporter
  [/usr/bin/prometheus-redis-exporter]=prometheus-redis-exporter
  [/usr/bin/redis-server]=redis-server
  [/usr/bin/chromium]=chromium
)
# PostgreSQL's server binaries live in a versioned directory.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || NEEDED[/usr/lib/postgresql/initdb]=postgresql

missing=()
for bin in "${!NEEDED[@]}"; do
  [ -x "$bin" ] || missing+=("${NEEDED[$bin]}")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "== test dependencies present"
  exit 0
fi

pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "== installing test dependencies: $pkgs"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
# Debian's packages may start their services; the tests use their own instances on other ports.
for svc in prometheus prometheus-node-exporter influxdb postgresql redis-server prometheus-postgres-exporter prometheus-redis-exporter; do
  $SUDO service "$svc" stop >/dev/null 2>&1 || true
done
echo "== test dependencies installed"
