#!/usr/bin/env bash
# Provision what the quality and security gates (Lint, Test, Scan) need on a bare Debian 12 machine: shellcheck for
# Lint, git for the file lists, and the local dotnet tools (ReportGenerator) restored once so Test's coverage report
# needs no network later. trivy is not in Debian's archive and this machine reaches no other source: the gate tests
# run Scan without it (and prove it fails without it); the generated GitHub workflows install a pinned trivy.
# Idempotent: safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v git >/dev/null 2>&1 || missing+=(git)
if ((${#missing[@]} > 0)); then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
shellcheck --version | sed -n '2p'

cd "$ROOT"
dotnet tool restore
