#!/usr/bin/env bash
# Warm-start budget (DESIGN.md): `./build.sh --help` with nothing changed must take at most 1.5 x running the
# compiled build directly (`dotnet build/bin/publish/_build.dll --help`). Medians of N runs each, interleaved
# so both see the same machine load. Usage: benchmarks/warm-start.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
runs="${1:-21}"

./build.sh --help >/dev/null   # compiles once if needed, so every measured run is warm

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1000000 }'; }
time_ms() {
  local start end
  start="$(now_ms)"
  "$@" >/dev/null 2>&1
  end="$(now_ms)"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

wrapper=() direct=()
for _ in $(seq "$runs"); do
  wrapper+=("$(time_ms ./build.sh --help)")
  direct+=("$(time_ms dotnet build/bin/publish/_build.dll --help)")
done

w="$(printf '%s\n' "${wrapper[@]}" | median)"
d="$(printf '%s\n' "${direct[@]}" | median)"
ratio="$(awk -v w="$w" -v d="$d" 'BEGIN { printf "%.2f", w / d }')"
echo "runs: $runs"
echo "./build.sh --help (warm):                      median ${w} ms"
echo "dotnet build/bin/publish/_build.dll --help: median ${d} ms"
echo "ratio: ${ratio} (budget <= 1.50)"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' || { echo "over budget" >&2; exit 1; }
