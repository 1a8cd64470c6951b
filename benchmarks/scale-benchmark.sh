#!/usr/bin/env bash
# Scale timings of the real Catalog.Api on this machine's Docker engine, behind the real edge, as a build process runs
# them (the sample build in tests/, which has the same components as build/Build.cs). Figures and method:
# docs/benchmarks-scale.md.
#
#   benchmarks/scale-benchmark.sh [rounds]      (default 5)
#
# Per round: Scale 1 -> 3 (two new replicas started, gated on the edge's checks and their version, then put in
# rotation) and Scale 3 -> 1 (two replicas drained, taken out and removed). The rounds run twice: on an idle
# environment, then under load — wrk (2 threads, 20 connections) on the public endpoint the whole time; a failed request
# under load is a failure of the benchmark. Figures: the whole command, and for a scale-up the time from its start to
# the new replicas in rotation (the record's "switched"), for a scale-down its record's start to finish.
# Needs: .ci/provision-docker.sh (engine, registry on 127.0.0.1:5000, stand-in base images), python3, wrk
#   (.ci/provision-edge.sh installs it), and .NET (the sample build is
#   published first by benchmarks/sample-build.sh, as build.sh publishes a build)
# Creates an environment of its own (containers, edge and volumes named slipway-*-scaleN) and removes it at the end.
set -euo pipefail

rounds=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dll=$("$root/benchmarks/sample-build.sh")
docker=/usr/bin/docker
[[ -x $docker ]] || docker=docker
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk, or .ci/provision-edge.sh)" >&2; exit 2; }

env_name=scale$((RANDOM % 9000 + 1000))
prefix=SLIPWAY_${env_name^^}_
port=$((RANDOM % 2000 + 43000))
first_app_port=$((RANDOM % 5000 + 25000))
work=$(mktemp -d)
mkdir -p "$work/.nuke"
repo=127.0.0.1:5000/slipway-bench/catalog-api

wrk_pid=
cleanup() {
  [[ -z $wrk_pid ]] || kill "$wrk_pid" 2>/dev/null || true
  local ids
  ids=$($docker ps -aq --filter "label=slipway.environment=$env_name")
  # shellcheck disable=SC2086
  [[ -z $ids ]] || $docker rm -f $ids >/dev/null
  $docker rm -f "slipway-edge-$env_name" >/dev/null 2>&1 || true
  $docker volume rm -f "slipway-edge-$env_name" "slipway-$env_name-data" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building Catalog.Api (root Dockerfile, stand-in bases)..." >&2
DOCKER_BUILDKIT=1 $docker build -q --network host \
  --build-arg SDK_IMAGE=slipway/standin-sdk:10.0 --build-arg RUNTIME_IMAGE=slipway/standin-aspnet:10.0 \
  --build-arg PG_TOOLS_IMAGE=slipway/standin-rootfs:bookworm \
  --build-arg VERSION=9.1.0 --build-arg INFORMATIONAL_VERSION=9.1.0+bench \
  --label org.opencontainers.image.version=9.1.0 --label org.opencontainers.image.revision=bench \
  -t "$repo:9.1.0" "$root" >/dev/null
$docker push -q "$repo:9.1.0" >/dev/null
image=$($docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$repo:9.1.0" | grep -m1 "^$repo@")

run() { # label target args... ; records the load, the record id and the wall time of the whole build process
  local label=$1 t0 id
  shift
  t0=$(date +%s%N)
  env SLIPWAY_TEST_ENVIRONMENT="$env_name" CI=true \
    "${prefix}PUBLIC_ENDPOINT=127.0.0.1:$port" "${prefix}APP_PORTS=$first_app_port-$((first_app_port + 23))" \
    dotnet "$dll" "$@" --root "$work" --no-logo --skip Push > "$work/out.txt" 2>&1 || { tail -40 "$work/out.txt" >&2; exit 1; }
  local wall=$((($(date +%s%N) - t0) / 1000000))
  id=$(grep -oE '(record|Record) [ds]-[0-9TZ]+-[0-9a-f]+' "$work/out.txt" | tail -1 | cut -d' ' -f2)
  echo "$load $label ${id:-?} $wall" >> "$work/wall.txt"
}

start_load() {
  wrk -t2 -c20 -d3600s "http://127.0.0.1:$port/api/v1/items?pageSize=5" >> "$work/wrk.txt" 2>&1 &
  wrk_pid=$!
}

stop_load() {
  [[ -n $wrk_pid ]] || return 0
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  wrk_pid=
}

rounds_of() {
  local i
  for ((i = 1; i <= rounds; i++)); do
    echo "$load round $i/$rounds" >&2
    run up Scale --environment "$env_name" --replicas 3
    run down Scale --environment "$env_name" --replicas 1
  done
}

started=$(date +%s.%N)
load=unloaded
run first DeployStaging --image "$image" --bake-seconds 0
rounds_of

load=loaded
: > "$work/wrk.txt"
start_load
sleep 2
rounds_of
stop_load
elapsed=$(python3 -c "import time; print(f'{time.time() - $started:.0f}')")

$docker exec "slipway-edge-$env_name" cat /var/lib/haproxy/slipway/deploys.jsonl > "$work/log.jsonl"
python3 - "$work/log.jsonl" "$rounds" "$elapsed" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$work/wall.txt" "$work/wrk.txt" <<'PY'
import json, re, statistics, sys
from datetime import datetime
records = {r["id"]: r for r in (json.loads(line) for line in open(sys.argv[1]) if line.strip())}
def span(r, end):
    return (datetime.fromisoformat(r[end]) - datetime.fromisoformat(r["started"])).total_seconds() * 1000 if r and r.get(end) else None
runs = {}
for line in open(sys.argv[6]):
    load, label, rid, wall = line.split()
    record = records.get(rid)
    runs.setdefault((label, load), []).append((int(wall), span(record, "switched" if label == "up" else "finished")))
def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values)/1000:.2f} s ({min(values)/1000:.2f}–{max(values)/1000:.2f})"
print(f"rounds {sys.argv[2]} unloaded + {sys.argv[2]} under load, {len(records)} records, {sys.argv[3]} s in all, {sys.argv[4]} cores, load average at the end {sys.argv[5]}")
print("| operation | measured | unloaded: median (min–max) | under load: median (min–max) |")
print("|---|---|---:|---:|")
for label, name, inner in [("up", "Scale 1 → 3", "start to serving (both new replicas in rotation)"), ("down", "Scale 3 → 1", "start to finish (drained, removed)")]:
    for what, index in [("whole command", 0), (inner, 1)]:
        print(f"| {name} | {what} | {cell([r[index] for r in runs.get((label, 'unloaded'), [])])} | {cell([r[index] for r in runs.get((label, 'loaded'), [])])} |")
wrk = open(sys.argv[7]).read()
requests = sum(int(n) for n in re.findall(r"(\d+) requests in", wrk))
non2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", wrk))
errors = re.findall(r"Socket errors: (.*)", wrk)
print(f"wrk -t2 -c20 during the loaded rounds: {requests} requests, non-2xx/3xx: {non2xx}, socket errors: {'; '.join(errors) if errors else 'none'}")
if non2xx or errors or not requests:
    sys.exit(1)
PY
