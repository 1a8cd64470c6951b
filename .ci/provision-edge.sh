#!/usr/bin/env bash
# Provisions what the edge tests need on a bare Debian 12 machine, as root, idempotently:
# HAProxy 2.6 (Debian's package, with the Prometheus exporter) run by the tests as a host process, socat for the
# runtime API, and wrk as the load generator of the zero-downtime test and the edge benchmark.
# The container-level edge tests additionally need .ci/provision-docker.sh (Docker engine + stand-in haproxy base).
set -euo pipefail

log() { printf '[provision-edge] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "provision-edge.sh must run as root (it installs packages)." >&2
  exit 1
fi

missing=()
for package in haproxy socat wrk; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  apt-get update -qq
  # The package's own service (Debian's default config, no listeners) is harmless: the tests start their own
  # HAProxy processes on free loopback ports.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

version=$(haproxy -v | head -n 1)
if ! haproxy -vv | grep -q 'Prometheus exporter'; then
  echo "The installed HAProxy lacks the Prometheus exporter (USE_PROMEX): $version" >&2
  exit 1
fi

log "ready: $version, $(socat -V | grep -m 1 'socat version'), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
