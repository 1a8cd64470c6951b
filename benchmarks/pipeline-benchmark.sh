#!/usr/bin/env bash
# The real pipeline's engine benchmark (docs/benchmarks.md, "Engine"): this repository's `./build.sh DockerBuild`
# (Restore, Compile, Lint, Test, Scan, the image) in a fresh clone of HEAD, run
#   1. cold, one target at a time (--parallel 1 --no-cache): NUKE's model, the sequential anchor;
#   2. cold, in parallel (the default, --no-cache);
#   3. again with nothing changed (the default: parallel and cached);
# interleaved so all see the same machine load, N runs each, medians. "Cold" is the target cache's cold: every target
# runs; dotnet's incremental build and Docker's layer cache are warm in all three (a first run fills them).
# Test runs a filter (default: Catalog.Api's and the engine's tests, ~1.5 min) so a round takes minutes, not the
# whole suite's half hour; every test project still starts. Needs what ./build.sh Test needs (.ci/provision-*.sh).
# Usage: benchmarks/pipeline-benchmark.sh [runs] [test filter]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
filter="${2:-FullyQualifiedName~Catalog.Api.Tests|FullyQualifiedName~Slipway.Engine.Tests}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$ROOT" "$work/repo"
mkdir -p "$work/repo/.nuke/temp"
cp -r "$ROOT/.nuke/temp/validators" "$work/repo/.nuke/temp/"   # the workflow validators the engine tests run (.ci/provision-validators.sh)
cd "$work/repo"

pipeline() { ./build.sh DockerBuild --no-provision --no-logo --test-filter "$filter" "$@" >>"$work/log" 2>&1; }
# shellcheck source=benchmarks/timing.sh
. "$ROOT/benchmarks/timing.sh"
# A failed run stops the benchmark, with the end of its log.
seconds() {
  wall_seconds pipeline "$@" && return
  tail -40 "$work/log" >&2
  echo "pipeline-benchmark: ./build.sh DockerBuild $* failed (log above)" >&2
  exit 1
}

first="$(seconds)"   # compiles the build and the solution, builds the image, fills the target cache

sequential=() parallel=() unchanged=()
for _ in $(seq "$runs"); do
  sequential+=("$(seconds --no-cache --parallel 1)")
  parallel+=("$(seconds --no-cache)")
  unchanged+=("$(seconds)")
done

s="$(printf '%s\n' "${sequential[@]}" | middle)"
p="$(printf '%s\n' "${parallel[@]}" | middle)"
u="$(printf '%s\n' "${unchanged[@]}" | middle)"
echo "runs: $runs, processors: $(nproc), commit: $(git rev-parse --short HEAD), test filter: $filter"
echo "first run in the fresh clone (compiles everything, fills the caches): ${first} s"
echo "| run | median | runs (s) |"
echo "|---|---:|---|"
echo "| cold, --parallel 1 (sequential anchor) | ${s} s | ${sequential[*]} |"
echo "| cold, parallel (default) | ${p} s | ${parallel[*]} |"
echo "| nothing changed (default: parallel, cached) | ${u} s | ${unchanged[*]} |"
echo "parallel / sequential: $(awk -v p="$p" -v s="$s" 'BEGIN { printf "%.2f", p / s }') (budget <= 0.70)"
echo "nothing changed: ${u} s (budget <= 5 s)"
echo "last run's summary:"
grep -A14 "^Target " "$work/log" | tail -15
