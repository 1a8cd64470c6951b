#!/usr/bin/env bash
# Canary benchmark: how fast the edge acts on a canary's decisions — a weight change taking effect, and an abort
# leaving the old version alone — with v1 and v2 behind the real edge (HAProxy as a host process, driven by the
# EdgeClient a deploy uses) and continuous load. Prints a Markdown report; docs/benchmarks-canary.md records runs.
#
#   benchmarks/canary-benchmark.sh [rounds=20]
#
# Needs haproxy (.ci/provision-edge.sh) and the .NET SDK. Not part of the test suite: speed is measured here, never
# asserted in tests.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for tool in haproxy dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run .ci/provision-edge.sh" >&2; exit 1; }
done

dotnet run -c Release --project "$repo/tests/Slipway.Delivery.Benchmarks" -- canary "${1:-20}"
