#!/usr/bin/env bash
# Provisions what the SSH deploy tests need on a bare Debian 12 machine, as root, idempotently: the OpenSSH client and
# server binaries (the tests run their own sshd per network namespace, with their own config, host key and port), iproute2
# (ip netns, veth pairs) and util-linux (nsenter), and forwarding between the test hosts. The machine's own sshd is
# neither started nor reconfigured.
set -euo pipefail

log() { printf '[provision-ssh] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "provision-ssh.sh must run as root (it installs packages)." >&2
  exit 1
fi

missing=()
for package in openssh-client openssh-server iproute2 util-linux; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != *'ok installed'* ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  apt-get update -qq
  # policy-rc.d exit 101 keeps the package's post-install from starting the machine's own sshd; removed afterwards
  # only if this script created it.
  created_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    created_policy=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  if [[ "$created_policy" == true ]]; then
    rm -f /usr/sbin/policy-rc.d
  fi
fi

# sshd refuses to start without its privilege-separation directory; the package creates it only when its service runs.
mkdir -p /run/sshd
chmod 0755 /run/sshd

# The namespaced test hosts reach each other through this machine (the nodes of a multi-node Swarm): it must forward
# between their veth ends. Docker's engine turns this on when it manages iptables; these machines' engines do not.
if [[ "$(cat /proc/sys/net/ipv4/ip_forward)" != 1 ]]; then
  log "enabling net.ipv4.ip_forward"
  echo 1 >/proc/sys/net/ipv4/ip_forward
fi

for tool in /usr/sbin/sshd ssh ssh-agent ssh-add ssh-keygen ssh-keyscan ip nsenter; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "provision-ssh: $tool is missing after the install." >&2
    exit 1
  fi
done
log "ready: $(ssh -V 2>&1)"
