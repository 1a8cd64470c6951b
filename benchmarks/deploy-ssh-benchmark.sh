#!/usr/bin/env bash
# Deploy and warm rollback of the real Catalog.Api, side by side: the sample build (tests/, the same deploy components
# as build/Build.cs) against this machine's own engine through its socket (local), and against a "server" reached over
# ssh:// as a CI runner reaches one (ssh). The server is a network namespace with its own dockerd and sshd (the recipe
# of tests/Slipway.Delivery.Tests/Remote/RemoteDockerHost.cs and benchmarks/ssh-benchmark.sh); the deploy gets the key
# only as DEPLOY_SSH_KEY and the pinned host key as DEPLOY_KNOWN_HOSTS, so Slipway's own SSH setup (per-run agent,
# known_hosts, connection reuse) is what is measured. Figures and method: docs/benchmarks-deploy.md, "Deploy and
# rollback over SSH".
#
#   benchmarks/deploy-ssh-benchmark.sh [rounds]      (default 5)
#
# Each round, local and ssh interleaved (so a change in the machine's load hits both alike): a deploy of a new digest
# of the same version (schema unchanged: no backup, no migration; the previous colour kept warm), then a rollback to
# that warm colour. Reported: whole command and start to serving (deploy log: switched − started; rollback:
# duration_ms), median (min–max), and the median of each phase the deploy prints.
# Needs: root, .ci/provision-docker.sh (engine, registry on 127.0.0.1:5000, stand-in bases), .ci/provision-ssh.sh,
#   .ci/provision-edge.sh (socat), python3, and .NET (benchmarks/sample-build.sh publishes the
#   sample build as build.sh publishes a build)
# Creates a namespace, links and directories named swd<random>, and environments benchN/benchNs; removes them (and only
# them) at the end.
set -euo pipefail

rounds=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dll=$("$root/benchmarks/sample-build.sh")
docker=/usr/bin/docker
[[ -x $docker ]] || docker=$(command -v docker)
for tool in socat sshd python3; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || { echo "$tool is missing (.ci/provision-*.sh)" >&2; exit 2; }
done

name=swd$(printf '%04x' $((RANDOM % 65536)))
third=$((RANDOM % 250 + 1))
outside=10.235.$third.1
address=10.235.$third.2
ssh_port=$((RANDOM % 10000 + 20000))
remote_socket=unix:///run/docker-$name.sock
work=$(mktemp -d "/tmp/$name.XXXXXX")
mkdir -p "$work/.nuke"
repo=127.0.0.1:5000/slipway-bench/catalog-api
local_env=bench$((RANDOM % 9000 + 1000))
ssh_env=${local_env}s
local_port=$((RANDOM % 2000 + 41000))
first_app_port=$((RANDOM % 5000 + 20000))
pids=()

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  local ids
  ids=$($docker ps -aq --filter "label=slipway.environment=$local_env")
  # shellcheck disable=SC2086
  [[ -z $ids ]] || $docker rm -f $ids >/dev/null
  $docker rm -f "slipway-edge-$local_env" >/dev/null 2>&1
  $docker volume rm -f "slipway-edge-$local_env" "slipway-$local_env-data" >/dev/null 2>&1
  if [[ -f /run/docker-$name.pid ]]; then
    ids=$($docker -H "$remote_socket" ps -aq)
    # shellcheck disable=SC2086
    [[ -z $ids ]] || $docker -H "$remote_socket" rm -f --volumes $ids >/dev/null
    local pid
    pid=$(cat "/run/docker-$name.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  umount "/run/docker-$name/netns/default" 2>/dev/null
  ip netns del "$name" 2>/dev/null
  ip link del "$name-o" 2>/dev/null
  local tags=("$repo:9.1.1" "$repo:9.1.2")
  for ((i = 1; i <= rounds; i++)); do tags+=("$repo:9.1.2-r$i"); done
  $docker image rm "${tags[@]}" >/dev/null 2>&1
  rm -rf "$work" "/var/lib/docker-$name" "/run/docker-$name" "/run/docker-$name.pid" "/run/docker-$name.sock"
}
trap cleanup EXIT

wait_for() { # seconds command...
  local i
  for ((i = 0; i < $1 * 10; i++)); do "${@:2}" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for: ${*:2}" >&2
  return 1
}

# The server: a namespace, its engine (only the network namespace entered), its sshd, and the registry relayed into it
# (it listens on 127.0.0.1 only), so a digest reference resolves there as here.
ip netns add "$name"
ip netns exec "$name" ip link set lo up
ip link add "$name-o" type veth peer name "$name-i"
ip link set "$name-i" netns "$name"
ip addr add "$outside/30" dev "$name-o" && ip link set "$name-o" up
ip netns exec "$name" ip addr add "$address/30" dev "$name-i"
ip netns exec "$name" ip link set "$name-i" up
echo '{}' >"$work/daemon.json"
setsid nsenter --net="/var/run/netns/$name" dockerd --config-file "$work/daemon.json" \
  --data-root "/var/lib/docker-$name" --exec-root "/run/docker-$name" --pidfile "/run/docker-$name.pid" \
  --host "$remote_socket" --bridge=none --iptables=false --ip-masq=false >"$work/dockerd.log" 2>&1 </dev/null &
wait_for 60 "$docker" -H "$remote_socket" version

socat "TCP-LISTEN:5000,bind=$outside,reuseaddr,fork" TCP:127.0.0.1:5000 </dev/null >/dev/null 2>&1 &
pids+=($!)
nsenter --net="/var/run/netns/$name" socat TCP-LISTEN:5000,bind=127.0.0.1,reuseaddr,fork "TCP:$outside:5000" </dev/null >/dev/null 2>&1 &
pids+=($!)

ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
mkdir -p /run/sshd
cat >"$work/sshd_config" <<CONF
Port $ssh_port
ListenAddress $address
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
# See RemoteDockerHost.cs: the engine of this namespace, and no ~/.bashrc (pyenv init costs 4.5 s a session here).
SetEnv DOCKER_HOST=$remote_socket SHLVL=1
CONF
nsenter --net="/var/run/netns/$name" /usr/sbin/sshd -D -f "$work/sshd_config" </dev/null >"$work/sshd.log" 2>&1 &
pids+=($!)
wait_for 30 bash -c "echo >/dev/tcp/$address/$ssh_port"
wait_for 30 nsenter --net="/var/run/netns/$name" bash -c "exec 3<>/dev/tcp/127.0.0.1/5000"

echo "Building two versions of Catalog.Api (root Dockerfile, stand-in bases)..." >&2
schema=sha256:$(cat "$root"/src/Catalog.Api/Data/Migrations/{Sqlite,Postgres}/*.cs | sha256sum | cut -c1-64)
digest_of() { # tag -> digest reference
  $docker push -q "$1" >/dev/null
  $docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$1" | grep -m1 "^$repo@"
}
build_image() { # version -> digest reference
  DOCKER_BUILDKIT=1 $docker build -q --network host \
    --build-arg SDK_IMAGE=slipway/standin-sdk:10.0 --build-arg RUNTIME_IMAGE=slipway/standin-aspnet:10.0 \
    --build-arg VERSION="$1" --build-arg INFORMATIONAL_VERSION="$1+bench" \
    --label org.opencontainers.image.version="$1" --label org.opencontainers.image.revision=bench \
    --label org.slipway.schema="$schema" -t "$repo:$1" "$root" >/dev/null
  digest_of "$repo:$1"
}
relabel() { # round -> a new digest of 9.1.2 (same layers and schema, another config), so each deploy starts a new colour
  local tag=$repo:9.1.2-r$1
  printf 'FROM %s\n' "$repo:9.1.2" | DOCKER_BUILDKIT=1 $docker build -q --label org.slipway.bench-round="$1" -t "$tag" - >/dev/null
  digest_of "$tag"
}
v1=$(build_image 9.1.1)
build_image 9.1.2 >/dev/null

read -ra extra <<<"${BENCH_ARGS:-}"   # e.g. BENCH_ARGS="--verbosity verbose": every command line, timed
known_hosts="[$address]:$ssh_port $(cut -d' ' -f1,2 "$work/host_key.pub")"
run() { # where(local|ssh) label target args... ; appends "where label record wall_ms" and keeps the output
  local where=$1 label=$2 t0 id env_name vars=()
  shift 2
  if [[ $where == local ]]; then
    env_name=$local_env
    vars=("SLIPWAY_${env_name^^}_PUBLIC_ENDPOINT=127.0.0.1:$local_port" "SLIPWAY_${env_name^^}_DOCKER_HOST=" DEPLOY_SSH_KEY= DEPLOY_KNOWN_HOSTS=)
  else
    env_name=$ssh_env
    vars=("SLIPWAY_${env_name^^}_PUBLIC_ENDPOINT=$address:8081" "SLIPWAY_${env_name^^}_DOCKER_HOST=ssh://root@$address:$ssh_port"
      "DEPLOY_SSH_KEY=$(cat "$work/client_key")" "DEPLOY_KNOWN_HOSTS=$known_hosts")
  fi
  t0=$(date +%s%N)
  env SLIPWAY_TEST_ENVIRONMENT="$env_name" CI=true "${vars[@]}" \
    "SLIPWAY_${env_name^^}_APP_PORTS=$first_app_port-$((first_app_port + 11))" "SLIPWAY_${env_name^^}_KEEP_PREVIOUS_RUNNING=true" \
    dotnet "$dll" "$@" --root "$work" --no-logo --skip Push "${extra[@]}" >"$work/out.txt" 2>&1 || { tail -40 "$work/out.txt" >&2; exit 1; }
  local wall=$((($(date +%s%N) - t0) / 1000000))
  id=$(grep -oE '; record [dr]-[0-9TZ]+-[0-9a-f]+' "$work/out.txt" | tail -1 | cut -d' ' -f3)
  echo "$where $label ${id:-?} $wall" >>"$work/wall.txt"
  # The phases, as the deploy prints them: "Deploy phase <name>: 0.12 s"
  grep -oE '(Deploy|Rollback) phase [^:]+: [0-9.]+ s' "$work/out.txt" | sed "s/^/$where $label | /" >>"$work/phases.txt" || true
  cp "$work/out.txt" "$work/out-$where-$label-$(wc -l <"$work/wall.txt").txt"
  grep -E '^(Deployed|Rolled back|Already serving) ' "$work/out.txt" | tail -1 | sed "s/^/$where: /" >&2
}

# First deploys (unmeasured): each environment's edge and volume; the edge image built here is loaded on the server,
# as RemoteDeployTests does (the namespace has no package mirror for the edge image's build).
run local first DeployStaging --image "$v1" --bake-seconds 0
edge_image=$($docker inspect -f '{{.Config.Image}}' "slipway-edge-$local_env")
$docker save "$edge_image" slipway/standin-haproxy:2.6 | $docker -H "$remote_socket" load -q >/dev/null
run ssh first DeployStaging --image "$v1" --bake-seconds 0

for ((i = 1; i <= rounds; i++)); do
  echo "round $i/$rounds, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  v2=$(relabel "$i")
  for where in local ssh; do
    run "$where" deploy DeployStaging --image "$v2" --bake-seconds 0
    run "$where" rollback-warm Rollback --environment "$([[ $where == local ]] && echo "$local_env" || echo "$ssh_env")"
  done
done

$docker exec "slipway-edge-$local_env" cat /var/lib/haproxy/slipway/deploys.jsonl >"$work/log-local.jsonl"
$docker -H "$remote_socket" exec "slipway-edge-$ssh_env" cat /var/lib/haproxy/slipway/deploys.jsonl >"$work/log-ssh.jsonl"
[[ -z ${KEEP_OUTPUT:-} ]] || cp "$work"/out-*.txt "$work/wall.txt" "$work/phases.txt" "$KEEP_OUTPUT"/
python3 - "$work" "$rounds" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, re, statistics, sys
from datetime import datetime
work, rounds, cores, load = sys.argv[1:5]
records = {}
for where in ("local", "ssh"):
    for line in open(f"{work}/log-{where}.jsonl"):
        if line.strip():
            r = json.loads(line)
            records[r["id"]] = r
def serving_ms(r):
    if r is None or not r.get("switched"):
        return None
    if r.get("duration_ms") is not None:
        return r["duration_ms"]
    return (datetime.fromisoformat(r["switched"]) - datetime.fromisoformat(r["started"])).total_seconds() * 1000
runs = {}
for line in open(f"{work}/wall.txt"):
    where, label, rid, wall = line.split()
    if label != "first":
        runs.setdefault((label, where), []).append((int(wall), serving_ms(records.get(rid))))
def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values)/1000:.2f} s ({min(values)/1000:.2f}–{max(values)/1000:.2f})"
print(f"{rounds} rounds, local and ssh interleaved, {cores} cores, load average at the end {load}")
print()
print("| operation | measured | local: median (min–max) | ssh://: median (min–max) |")
print("|---|---|---:|---:|")
for label, title in [("deploy", "DeployStaging, schema unchanged (bake 0)"), ("rollback-warm", "Rollback to the warm colour")]:
    for what, index in [("whole command", 0), ("start to serving", 1)]:
        print(f"| {title} | {what} | {cell([r[index] for r in runs.get((label, 'local'), [])])} | {cell([r[index] for r in runs.get((label, 'ssh'), [])])} |")
phases = {}
order = []
for line in open(f"{work}/phases.txt"):
    m = re.match(r"(\S+) (\S+) \| (Deploy|Rollback) phase (.+): ([0-9.]+) s", line.strip())
    if not m or m.group(2) == "first":
        continue
    key = (m.group(2), m.group(4))
    if key not in order:
        order.append(key)
    phases.setdefault((key, m.group(1)), []).append(float(m.group(5)))
print()
print("| operation | phase | local: median s | ssh://: median s |")
print("|---|---|---:|---:|")
for key in order:
    cells = [f"{statistics.median(phases[(key, w)]):.2f}" if (key, w) in phases else "–" for w in ("local", "ssh")]
    print(f"| {key[0]} | {key[1]} | {cells[0]} | {cells[1]} |")
PY
