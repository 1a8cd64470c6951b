#!/usr/bin/env bash
# Edge overhead benchmark: latency (p50, p99) and throughput of the same tiny ASP.NET Core app, measured with wrk on
# loopback directly and through the edge (HAProxy with the config EdgeConfigRenderer renders, driven by EdgeClient).
# Prints a Markdown report; docs/benchmarks-edge.md records a run.
#
#   benchmarks/edge-benchmark.sh [rounds=5] [seconds=10]
#
# Needs haproxy and wrk (.ci/provision-edge.sh) and the .NET SDK. Not part of the test suite: speed is measured here,
# never asserted in tests.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for tool in haproxy wrk dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run .ci/provision-edge.sh" >&2; exit 1; }
done

dotnet run -c Release --project "$repo/tests/Slipway.Delivery.Benchmarks" -- edge "${1:-5}" "${2:-10}"
