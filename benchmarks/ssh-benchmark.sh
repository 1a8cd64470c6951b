#!/usr/bin/env bash
# Round trip of the Docker CLI over ssh:// against the local engine, on this machine: a "server" is a network
# namespace with its own dockerd and sshd (the recipe of tests/Slipway.Delivery.Tests/Remote/RemoteDockerHost.cs), the
# client side is set up as SshAccess sets it up (key in a per-run ssh-agent through `ssh-add -`, pinned known_hosts,
# StrictHostKeyChecking yes, a wrapper `ssh` first on PATH that adds -F), with and without connection reuse.
# Figures and method: docs/benchmarks-deploy.md, "Docker over SSH".
#
#   benchmarks/ssh-benchmark.sh [rounds]      (default 20)
#
# Needs: root, .ci/provision-docker.sh and .ci/provision-ssh.sh. Creates a namespace, links and directories named
# swb<random> and removes them (and only them) at the end.
set -euo pipefail

rounds=${1:-20}
docker=/usr/bin/docker
[[ -x $docker ]] || docker=$(command -v docker)
name=swb$(printf '%04x' $((RANDOM % 65536)))
third=$((RANDOM % 250 + 1))
outside=10.234.$third.1
address=10.234.$third.2
port=$((RANDOM % 10000 + 20000))
work=$(mktemp -d "/tmp/$name.XXXXXX")
socket=unix:///run/docker-$name.sock
agent_pid=
sshd_pid=

cleanup() {
  set +e
  for control in "$work"/cm-*; do
    [[ -S $control ]] && ssh -S "$control" -O exit x >/dev/null 2>&1
  done
  [[ -n $agent_pid ]] && kill "$agent_pid" 2>/dev/null
  [[ -n $sshd_pid ]] && kill "$sshd_pid" 2>/dev/null
  if [[ -f /run/docker-$name.pid ]]; then
    local pid
    pid=$(cat "/run/docker-$name.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  umount "/run/docker-$name/netns/default" 2>/dev/null
  ip netns del "$name" 2>/dev/null
  ip link del "$name-o" 2>/dev/null
  rm -rf "$work" "/var/lib/docker-$name" "/run/docker-$name" "/run/docker-$name.pid" "/run/docker-$name.sock"
}
trap cleanup EXIT

wait_for() { # seconds command...
  local i
  for ((i = 0; i < $1 * 10; i++)); do "${@:2}" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for: ${*:2}" >&2
  return 1
}

# The server: a namespace, its engine (only the network namespace entered), its sshd.
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
  --host "$socket" --bridge=none --iptables=false --ip-masq=false >"$work/dockerd.log" 2>&1 </dev/null &
wait_for 60 "$docker" -H "$socket" version

ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
mkdir -p /run/sshd
cat >"$work/sshd_config" <<CONF
Port $port
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
SetEnv DOCKER_HOST=$socket SHLVL=1
CONF
nsenter --net="/var/run/netns/$name" /usr/sbin/sshd -D -f "$work/sshd_config" </dev/null >"$work/sshd.log" 2>&1 &
sshd_pid=$!
wait_for 30 bash -c "echo >/dev/tcp/$address/$port"

# The client, as SshAccess prepares it.
eval "$(ssh-agent -s -a "$work/agent.sock")" >/dev/null
agent_pid=$SSH_AGENT_PID
ssh-add -q - <"$work/client_key"
ssh-add -L >"$work/identity.pub"
echo "[$address]:$port $(cut -d' ' -f1,2 "$work/host_key.pub")" >"$work/known_hosts"
write_config() { # file reuse(yes|no)
  {
    echo "Host *"
    echo "  StrictHostKeyChecking yes"
    echo "  UserKnownHostsFile \"$work/known_hosts\""
    echo "  GlobalKnownHostsFile /dev/null"
    echo "  UpdateHostKeys no"
    echo "  BatchMode yes"
    echo "  IdentitiesOnly yes"
    echo "  IdentityFile \"$work/identity.pub\""
    echo "  IdentityAgent \"$work/agent.sock\""
    if [[ $2 == yes ]]; then
      echo "  ControlMaster auto"
      echo "  ControlPath \"$work/cm-%C\""
      echo "  ControlPersist 120s"
    else
      echo "  ControlMaster no"
      echo "  ControlPath none"
    fi
  } >"$1"
}
for mode in reuse noreuse; do
  write_config "$work/config-$mode" "$([[ $mode == reuse ]] && echo yes || echo no)"
  mkdir -p "$work/bin-$mode"
  printf '#!/bin/sh\nexec %s -F %s "$@"\n' "$(command -v ssh)" "$work/config-$mode" >"$work/bin-$mode/ssh"
  chmod 0700 "$work/bin-$mode/ssh"
done

remote=ssh://root@$address:$port
run_local() { "$docker" -H "$socket" "$@" >/dev/null; }
run_reuse() { PATH=$work/bin-reuse:$PATH "$docker" -H "$remote" "$@" >/dev/null; }
run_noreuse() { PATH=$work/bin-noreuse:$PATH "$docker" -H "$remote" "$@" >/dev/null; }

declare -A samples
measure() { # key runner args...
  local start end
  start=$(date +%s%N)
  "${@:2}"
  end=$(date +%s%N)
  samples[$1]+="$(((end - start) / 1000000)) "
}

# One unmeasured run of each warms the page cache (and, for reuse, opens the shared connection).
run_local ps; run_reuse ps; run_noreuse ps
for ((r = 0; r < rounds; r++)); do
  for command in ps version; do
    measure "local $command" run_local "$command"
    measure "ssh, no reuse $command" run_noreuse "$command"
    measure "ssh, reuse $command" run_reuse "$command"
  done
done
# The first command of a run with reuse pays for the connection: measured apart, after closing the master each time.
for ((r = 0; r < rounds; r++)); do
  for control in "$work"/cm-*; do [[ -S $control ]] && ssh -S "$control" -O exit x >/dev/null 2>&1; done
  measure "ssh, reuse, first command ps" run_reuse ps
done

stats() { # "ms ms ms ..." -> "median min max"
  tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%d | %d | %d", m, a[1], a[NR] }'
}

echo "Docker CLI $("$docker" version -f '{{.Client.Version}}'), engine $("$docker" -H "$socket" version -f '{{.Server.Version}}'), $(ssh -V 2>&1 | cut -d, -f1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $rounds rounds"
echo
echo "| command | median ms | min ms | max ms |"
echo "|---|---:|---:|---:|"
for key in "local ps" "ssh, no reuse ps" "ssh, reuse ps" "ssh, reuse, first command ps" "local version" "ssh, no reuse version" "ssh, reuse version"; do
  echo "| docker ${key##* } (${key% *}) | $(stats "${samples[$key]}") |"
done
