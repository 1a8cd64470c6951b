# shellcheck shell=bash
# Timing helpers of the engine benchmarks (engine-benchmark.sh, pipeline-benchmark.sh), sourced by both.

# wall_seconds CMD...: runs CMD and prints its wall time in seconds, millisecond precision; fails when CMD fails.
wall_seconds() {
  local begin finish
  begin="$(date +%s%N)"
  "$@" || return
  finish="$(date +%s%N)"
  awk -v b="$begin" -v f="$finish" 'BEGIN { printf "%.3f\n", (f - b) / 1e9 }'
}

# busy_ticks: the CPU time the whole machine has spent busy so far (every core and process, the Docker engine's daemons
# included, steal time excluded), in clock ticks; the difference of two readings is what a command cost the machine.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# middle: the median of the numbers on standard input, one per line.
middle() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
