#!/usr/bin/env bash
# The real pipeline's engine benchmark (docs/benchmarks.md, "Engine"): this repository's `./build.sh DockerBuild`
# (Restore, Compile, Lint, Test, Scan, the image) in a fresh clone of HEAD, run
#   1. cold, one target at a time (--parallel 1 --no-cache): NUKE's model, the sequential anchor;
#   2. cold, in parallel (the default, --no-cache);
#   3. again with nothing changed (the default: parallel and cached);
# interleaved so all see the same machine load, N runs each, medians. Beside each wall time it reads the CPU time the
# whole machine spent busy (/proc/stat: the engine's daemons count too): the sequential run's CPU time divided by the
# cores is the least time any parallel schedule can take, so CPU / (cores x wall) of the sequential run is the best
# ratio this machine allows, whatever the scheduler does. "Cold" is the target cache's cold: every target
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

# measure ARGS...: one run; prints "<wall s> <busy CPU s>".
measure() {
  local before after wall
  before="$(busy_ticks)"
  wall="$(seconds "$@")" || exit 1
  after="$(busy_ticks)"
  awk -v w="$wall" -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%s %.1f\n", w, (a - b) / hz }'
}
column() { printf '%s\n' "${@:2}" | awk -v c="$1" '{ print $c }'; }

first="$(measure)"   # compiles the build and the solution, builds the image, fills the target cache

sequential=() parallel=() unchanged=()
for _ in $(seq "$runs"); do
  sequential+=("$(measure --no-cache --parallel 1)")
  parallel+=("$(measure --no-cache)")
  unchanged+=("$(measure)")
done

s="$(column 1 "${sequential[@]}" | middle)" s_cpu="$(column 2 "${sequential[@]}" | middle)"
p="$(column 1 "${parallel[@]}" | middle)" p_cpu="$(column 2 "${parallel[@]}" | middle)"
u="$(column 1 "${unchanged[@]}" | middle)" u_cpu="$(column 2 "${unchanged[@]}" | middle)"
cores="$(nproc)"
echo "runs: $runs, processors: $cores, commit: $(git rev-parse --short HEAD), test filter: $filter"
echo "first run in the fresh clone (compiles everything, fills the caches): ${first% *} s wall, ${first#* } s CPU"
echo "| run | median wall | runs (s) | median busy CPU | runs (CPU s) |"
echo "|---|---:|---|---:|---|"
echo "| cold, --parallel 1 (sequential anchor) | ${s} s | $(column 1 "${sequential[@]}" | xargs) | ${s_cpu} s | $(column 2 "${sequential[@]}" | xargs) |"
echo "| cold, parallel (default) | ${p} s | $(column 1 "${parallel[@]}" | xargs) | ${p_cpu} s | $(column 2 "${parallel[@]}" | xargs) |"
echo "| nothing changed (default: parallel, cached) | ${u} s | $(column 1 "${unchanged[@]}" | xargs) | ${u_cpu} s | $(column 2 "${unchanged[@]}" | xargs) |"
echo "parallel / sequential: $(awk -v p="$p" -v s="$s" 'BEGIN { printf "%.2f", p / s }') (budget <= 0.70)"
echo "the sequential run kept $(awk -v c="$s_cpu" -v w="$s" 'BEGIN { printf "%.2f", c / w }') of $cores cores busy: no schedule on $cores cores beats a ratio of $(awk -v c="$s_cpu" -v w="$s" -v n="$cores" 'BEGIN { printf "%.2f", c / (n * w) }') (its CPU time / cores / its wall time)"
echo "nothing changed: ${u} s (budget <= 5 s)"
echo "last run's summary:"
grep -A14 "^Target " "$work/log" | tail -15
