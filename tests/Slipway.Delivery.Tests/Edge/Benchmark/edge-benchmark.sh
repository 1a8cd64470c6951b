#!/usr/bin/env bash
# Edge overhead benchmark: latency (p50, p99) and throughput of the same tiny ASP.NET Core app, measured with wrk on
# loopback directly and through the edge (HAProxy with the config EdgeConfigRenderer renders, driven by EdgeClient).
# Prints a Markdown report; docs/benchmarks-edge.md records a run.
#
#   tests/Slipway.Delivery.Tests/Edge/Benchmark/edge-benchmark.sh [rounds] [seconds]
#
# Needs haproxy and wrk (.ci/provision-edge.sh) and the .NET SDK. Not part of the test suite: speed is measured here,
# never asserted in tests.
set -euo pipefail

rounds=${1:-5}
seconds=${2:-10}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
work=$(mktemp -d /tmp/sw-edge-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

for tool in haproxy wrk dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run .ci/provision-edge.sh" >&2; exit 1; }
done

# A file-based C# program (dotnet run app.cs): the upstream app, the edge as a host process, and the wrk rounds.
cat >"$work/bench.cs" <<CSHARP
#:sdk Microsoft.NET.Sdk.Web
#:project $repo/src/Slipway.Delivery/Slipway.Delivery.csproj
#:property PublishAot=false
#:property TreatWarningsAsErrors=false
$(cat "$(dirname "${BASH_SOURCE[0]}")/EdgeBenchmark.template")
CSHARP

cd "$work"
dotnet run bench.cs -- "$rounds" "$seconds" "$work"
