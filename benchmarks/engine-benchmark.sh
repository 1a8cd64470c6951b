#!/usr/bin/env bash
# Engine benchmarks (docs/benchmarks.md, "Engine"): the sample build's BenchDockerBuild pipeline (the shape of
# `./build.sh DockerBuild`, stand-in work in real child processes; tests/Slipway.Engine.SampleBuild) run
#   1. cold, one target at a time (--parallel 1 --no-cache): NUKE's model, the sequential anchor;
#   2. cold, in parallel (the default, --no-cache);
#   3. again with nothing changed (the default: parallel and cached);
# interleaved so all see the same machine load, N runs each, medians. Needs only the .NET SDK, sh, sha256sum, sleep.
# Usage: benchmarks/engine-benchmark.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"

dotnet build "$ROOT/tests/Slipway.Engine.SampleBuild" --configuration Release --nologo --verbosity quiet >/dev/null
sample="$ROOT/tests/Slipway.Engine.SampleBuild/bin/Release/net10.0/Slipway.Engine.SampleBuild.dll"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.nuke" "$work/bench/src"
echo "class App {}" >"$work/bench/src/App.cs"

pipeline() { dotnet "$sample" BenchDockerBuild --root "$work" --no-logo "$@" >/dev/null 2>&1; }
# shellcheck source=benchmarks/timing.sh
. "$ROOT/benchmarks/timing.sh"
seconds() { wall_seconds pipeline "$@"; }

seconds >/dev/null   # fills the cache (and warms the disk) so the no-change runs below are all hits

sequential=() parallel=() unchanged=()
for _ in $(seq "$runs"); do
  sequential+=("$(seconds --no-cache --parallel 1)")
  parallel+=("$(seconds --no-cache)")
  unchanged+=("$(seconds)")
done

s="$(printf '%s\n' "${sequential[@]}" | middle)"
p="$(printf '%s\n' "${parallel[@]}" | middle)"
u="$(printf '%s\n' "${unchanged[@]}" | middle)"
echo "runs: $runs, processors: $(nproc)"
echo "| run | median | runs (s) |"
echo "|---|---:|---|"
echo "| cold, --parallel 1 (sequential anchor) | ${s} s | ${sequential[*]} |"
echo "| cold, parallel (default) | ${p} s | ${parallel[*]} |"
echo "| nothing changed (default: parallel, cached) | ${u} s | ${unchanged[*]} |"
echo "parallel / sequential: $(awk -v p="$p" -v s="$s" 'BEGIN { printf "%.2f", p / s }') (budget <= 0.70)"
echo "nothing changed / sequential: $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u / s }') (budget: nothing changed <= 5 s)"
