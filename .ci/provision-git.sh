#!/usr/bin/env bash
# Versioning and release tests run the real git CLI (temp repositories, a bare origin, shallow clones).
# Idempotent: installs git only when it is missing.
set -euo pipefail

if ! command -v git >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git ca-certificates
fi

git --version
