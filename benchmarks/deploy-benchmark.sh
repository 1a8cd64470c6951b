#!/usr/bin/env bash
# Deploy and rollback timings of the real Catalog.Api on this machine's Docker engine, behind the real edge, as a
# build process runs them (the sample build in tests/, which has the same deploy components as build/Build.cs).
# Figures and method: docs/benchmarks-deploy.md.
#
#   benchmarks/deploy-benchmark.sh [rounds]      (default 5)
#
# The rounds run twice: on an idle environment, then under load — wrk (2 threads, 20 connections) on the public
# endpoint the whole time, as on-call engineers live a rollback — and the figures are printed side by side, whole
# command and start to serving, with wrk's totals (a failed request under load is a failure of the benchmark).
# Needs: root (it edits the environment's SQLite file in its Docker volume to make a migration pending),
#   .ci/provision-docker.sh (engine, registry on 127.0.0.1:5000, stand-in base images), python3, wrk
#   (.ci/provision-edge.sh installs it), and .NET (the sample build is
#   published first by benchmarks/sample-build.sh, as build.sh publishes a build)
# Creates an environment of its own (containers, edge and volumes named slipway-*-benchN) and removes it at the end.
# Per round: a deploy with a pending migration (a new schema fingerprint), a rollback to the stopped previous version,
# a deploy whose schema is unchanged (no backup, no migration) and a rollback to the warm colour.
set -euo pipefail

rounds=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dll=$("$root/benchmarks/sample-build.sh")
docker=/usr/bin/docker
[[ -x $docker ]] || docker=docker
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk, or .ci/provision-edge.sh)" >&2; exit 2; }

env_name=bench$((RANDOM % 9000 + 1000))
prefix=SLIPWAY_${env_name^^}_
port=$((RANDOM % 2000 + 41000))
first_app_port=$((RANDOM % 5000 + 20000))
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
  local tags=("$repo:9.0.1" "$repo:9.0.2")
  for ((i = 1; i <= 2 * rounds; i++)); do tags+=("$repo:9.0.2-schema$i"); done
  $docker image rm "${tags[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The schema fingerprint label (org.slipway.schema) the deploy compares; DockerBuild stamps a hash of the migrations.
# Here: the migrations' hash for both versions, and a new one per round for "a pending migration".
schema=sha256:$(cat "$root"/src/Catalog.Api/Data/Migrations/{Sqlite,Postgres}/*.cs | sha256sum | cut -c1-64)

digest_of() { # tag -> digest reference
  $docker push -q "$1" >/dev/null
  $docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$1" | grep -m1 "^$repo@"
}

build_image() { # version -> digest reference
  local version=$1
  DOCKER_BUILDKIT=1 $docker build -q --network host \
    --build-arg SDK_IMAGE=slipway/standin-sdk:10.0 --build-arg RUNTIME_IMAGE=slipway/standin-aspnet:10.0 \
    --build-arg PG_TOOLS_IMAGE=slipway/standin-rootfs:bookworm \
    --build-arg VERSION="$version" --build-arg INFORMATIONAL_VERSION="$version+bench" \
    --label org.opencontainers.image.version="$version" --label org.opencontainers.image.revision=bench \
    --label org.slipway.schema="$schema" -t "$repo:$version" "$root" >/dev/null
  digest_of "$repo:$version"
}

relabel() { # version round -> digest reference of the version with a new schema fingerprint (same layers, new config)
  local tag=$repo:$1-schema$2
  printf 'FROM %s\n' "$repo:$1" | DOCKER_BUILDKIT=1 $docker build -q \
    --label org.slipway.schema="sha256:$(printf '%s-%s' "$schema" "$2" | sha256sum | cut -c1-64)" -t "$tag" - >/dev/null
  digest_of "$tag"
}

echo "Building two versions of Catalog.Api (root Dockerfile, stand-in bases)..." >&2
v1=$(build_image 9.0.1)
build_image 9.0.2 >/dev/null

run() { # label target args... ; records the load, the record id and the wall time of the whole build process
  local label=$1 t0 id
  shift
  t0=$(date +%s%N)
  env SLIPWAY_TEST_ENVIRONMENT="$env_name" CI=true \
    "${prefix}PUBLIC_ENDPOINT=127.0.0.1:$port" "${prefix}APP_PORTS=$first_app_port-$((first_app_port + 11))" \
    "${prefix}KEEP_PREVIOUS_RUNNING=${keep:-false}" \
    dotnet "$dll" "$@" --root "$work" --no-logo --skip Push > "$work/out.txt" 2>&1 || { tail -40 "$work/out.txt" >&2; exit 1; }
  local wall=$((($(date +%s%N) - t0) / 1000000))
  id=$(grep -oE '; record [dr]-[0-9TZ]+-[0-9a-f]+' "$work/out.txt" | tail -1 | cut -d' ' -f3)
  echo "$load $label ${id:-?} $wall" >> "$work/wall.txt"
  grep -E '^(Deployed|Rolled back|Already serving) ' "$work/out.txt" | tail -1 >&2
}

start_load() {
  [[ $load == loaded ]] || return 0
  wrk -t2 -c20 -d3600s "http://127.0.0.1:$port/api/v1/items?pageSize=5" >> "$work/wrk.txt" 2>&1 &
  wrk_pid=$!
}

stop_load() {
  [[ -n $wrk_pid ]] || return 0
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  wrk_pid=
}

rounds_of() { # first-round-number
  local i v2
  for ((i = $1; i < $1 + rounds; i++)); do
    echo "$load round $((i - $1 + 1))/$rounds" >&2
    v2=$(relabel 9.0.2 "$i")
    # A new fingerprint, so the migration container runs; and the last migration made really pending (its history row
    # and column removed from the environment's SQLite database), so it takes a real backup and applies a real migration.
    # The live version cannot read the altered table until that migration ran, so under load wrk pauses for this step:
    # its errors would be the benchmark's own doing, not the deploy's (the pending-migration row has no loaded figure).
    stop_load
    data=$($docker volume inspect -f '{{.Mountpoint}}' "slipway-$env_name-data")
    python3 - "$data/catalog.db" <<'PYX'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10)
c.execute("DELETE FROM __EFMigrationsHistory WHERE MigrationId = '20260102000000_AddItemUpdatedAt'")
c.execute('ALTER TABLE "Items" DROP COLUMN "UpdatedAt"')
c.commit()
PYX
    keep=false run deploy-migrate DeployStaging --image "$v2" --bake-seconds 0
    start_load
    keep=false run rollback-stopped Rollback --environment "$env_name"
    # The same image again over 9.0.1: its fingerprint is the one last migrated to, so no backup, no migration.
    keep=true run deploy-unchanged DeployStaging --image "$v2" --bake-seconds 0
    keep=true run rollback-warm Rollback --environment "$env_name"
  done
}

started=$(date +%s.%N)
load=unloaded
keep=false run first DeployStaging --image "$v1" --bake-seconds 0
rounds_of 1

# The same rounds under load: wrk on the public endpoint, stopped with SIGINT (it then prints its report) only around
# the benchmark's own schema break; the reports are added up.
load=loaded
: > "$work/wrk.txt"
start_load
sleep 2
rounds_of $((rounds + 1))
stop_load
elapsed=$(python3 -c "import time; print(f'{time.time() - $started:.0f}')")

$docker exec "slipway-edge-$env_name" cat /var/lib/haproxy/slipway/deploys.jsonl > "$work/log.jsonl"
python3 - "$work/log.jsonl" "$rounds" "$elapsed" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$work/wall.txt" "$work/wrk.txt" <<'PY'
import json, re, statistics, sys
from datetime import datetime
records = {r["id"]: r for r in (json.loads(line) for line in open(sys.argv[1]) if line.strip())}
def serving_ms(r):
    if r.get("duration_ms") is not None:
        return r["duration_ms"]
    return (datetime.fromisoformat(r["switched"]) - datetime.fromisoformat(r["started"])).total_seconds() * 1000
runs = {}
for line in open(sys.argv[6]):
    load, label, rid, wall = line.split()
    record = records.get(rid)
    runs.setdefault((label, load), []).append((int(wall), serving_ms(record) if record and record.get("switched") else None))
def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values)/1000:.2f} s ({min(values)/1000:.2f}–{max(values)/1000:.2f})"
print(f"rounds {sys.argv[2]} unloaded + {sys.argv[2]} under load, {len(records)} records, {sys.argv[3]} s in all, {sys.argv[4]} cores, load average at the end {sys.argv[5]}")
print("| operation | measured | unloaded: median (min–max) | under load: median (min–max) |")
print("|---|---|---:|---:|")
for label, name in [("rollback-stopped", "Rollback to a retained stopped version"), ("rollback-warm", "Rollback to the warm colour"),
                    ("deploy-unchanged", "DeployStaging, schema unchanged (bake 0)"), ("deploy-migrate", "DeployStaging, pending migration (bake 0)")]:
    for what, index in [("whole command", 0), ("start to serving", 1)]:
        loaded = "– (wrk paused: the benchmark breaks the live schema)" if label == "deploy-migrate" else cell([r[index] for r in runs.get((label, 'loaded'), [])])
        print(f"| {name} | {what} | {cell([r[index] for r in runs.get((label, 'unloaded'), [])])} | {loaded} |")
wrk = open(sys.argv[7]).read()
requests = sum(int(n) for n in re.findall(r"(\d+) requests in", wrk))
non2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", wrk))
errors = re.findall(r"Socket errors: (.*)", wrk)
print(f"wrk -t2 -c20 during the loaded rounds (paused for each pending-migration deploy): {requests} requests in {len(re.findall('requests in', wrk))} runs, "
      f"non-2xx/3xx: {non2xx}, socket errors: {'; '.join(errors) if errors else 'none'}")
if non2xx or errors or not requests:
    sys.exit(1)
PY
