#!/usr/bin/env bash
# Docker Swarm under load, Slipway side by side with the Docker CLI alone (issue 16's anchor): on a real single-node
# Swarm — a network namespace with its own dockerd, as tests/Slipway.Delivery.Deploy.Tests/Orchestration/SwarmDeployTests.cs
# makes, never this machine's main engine — behind the environment's HAProxy edge, with wrk (2 threads, 20 connections)
# on the edge during each operation: an update, a manual rollback, and an update whose health check fails, each by
# Slipway's Swarm orchestrator and by `docker service update` / `docker service rollback`. Reports each one's exit codes,
# the service's UpdateStatus after it, durations (median, min–max) and wrk's requests and failures. Figures and method:
# docs/benchmarks-swarm.md.
#
#   benchmarks/swarm-benchmark.sh [rounds=3]
#
# Needs root, .ci/provision-docker.sh (engine, registry on 127.0.0.1:5000, stand-in images), .ci/provision-ssh.sh
# (sshd for the namespaced host), .ci/provision-edge.sh (wrk, socat) and the .NET SDK. Creates one namespace (sw<hex>),
# its engine, a service and the stand-in images it pushes, and removes them at the end. Not part of the test suite:
# speed is measured here, never asserted in tests.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for tool in wrk socat dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run .ci/provision-edge.sh" >&2; exit 1; }
done

dotnet run -c Release --project "$repo/tests/Slipway.Delivery.Benchmarks" -- swarm "${1:-3}"
