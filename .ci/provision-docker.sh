#!/usr/bin/env bash
# Provisions what the image tests need on a bare Debian 12 machine (or a GitHub Ubuntu runner), as root, idempotently:
# a Docker engine (20.10 from Debian, BuildKit), a registry on 127.0.0.1:5000, and stand-ins for the public base
# images no machine here can pull (mcr.microsoft.com/dotnet/{sdk,aspnet}:10.0, haproxy:2.6).
# This script is the one place the recipe lives; Slipway.Delivery's LocalInfra checks readiness and runs it.
set -euo pipefail

readonly DOCKER=/usr/bin/docker
readonly REGISTRY_ADDR=127.0.0.1:5000
readonly REGISTRY_ROOT=/var/lib/slipway-registry
readonly CACHE_DIR=/var/cache/slipway
readonly DOTNET_ROOT_DIR=${DOTNET_ROOT:-/usr/share/dotnet}
readonly DEBIAN_MIRROR=${SLIPWAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
readonly RUNTIME_DEPS_IMAGE=slipway/standin-runtime-deps:10.0
readonly ASPNET_IMAGE=slipway/standin-aspnet:10.0
readonly SDK_IMAGE=slipway/standin-sdk:10.0
readonly HAPROXY_IMAGE=slipway/standin-haproxy:2.6
export DOCKER_BUILDKIT=1

log() { printf '[provision-docker] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "provision-docker.sh must run as root (it installs packages and starts dockerd)." >&2
  exit 1
fi

install_packages() {
  local missing=() wanted=(docker-registry skopeo debootstrap debian-archive-keyring curl ca-certificates)
  local package
  # An engine that is already installed is used as it is: GitHub's Ubuntu runners ship Docker CE, and installing
  # docker.io next to it would make apt remove Docker CE (their containerd packages conflict).
  command -v dockerd >/dev/null 2>&1 || wanted=(docker.io "${wanted[@]}")
  for package in "${wanted[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != *'ok installed'* ]]; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Polls a command until it succeeds, for at most $1 seconds.
wait_for() {
  local seconds=$1
  shift
  local i
  for ((i = 0; i < seconds * 4; i++)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.25
  done
  return 1
}

start_engine() {
  if "$DOCKER" info >/dev/null 2>&1; then
    return
  fi
  log "starting dockerd (log: /var/log/slipway-dockerd.log)"
  # No bridge and no iptables: these machines only allow host networking on loopback (ENVIRONMENT.md).
  setsid dockerd --bridge=none --iptables=false --ip-masq=false \
    --data-root /var/lib/docker --host unix:///var/run/docker.sock \
    >/var/log/slipway-dockerd.log 2>&1 </dev/null &
  if ! wait_for 60 "$DOCKER" info; then
    tail -n 30 /var/log/slipway-dockerd.log >&2 || true
    echo "dockerd did not answer within 60 s." >&2
    exit 1
  fi
}

registry_answers() { curl -fsS -o /dev/null "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }

start_registry() {
  # On a machine run by systemd (an Ubuntu runner) the package starts its own registry on :5000 for every address,
  # without deletes: the tests need ours, on loopback, with deletes enabled.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
    log "stopping the docker-registry service the package started; this script runs its own on $REGISTRY_ADDR"
    systemctl disable --now docker-registry >/dev/null 2>&1 || systemctl stop docker-registry
  fi
  if registry_answers; then
    return
  fi
  local config_dir
  config_dir=$(mktemp -d /tmp/slipway-registry.XXXXXX)
  mkdir -p "$REGISTRY_ROOT"
  cat >"$config_dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_ROOT
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YAML
  log "starting docker-registry on $REGISTRY_ADDR (log: /var/log/slipway-registry.log)"
  setsid docker-registry serve "$config_dir/config.yml" >/var/log/slipway-registry.log 2>&1 </dev/null &
  if ! wait_for 30 registry_answers; then
    tail -n 30 /var/log/slipway-registry.log >&2 || true
    echo "docker-registry did not answer on $REGISTRY_ADDR within 30 s." >&2
    exit 1
  fi
}

# A debootstrap rootfs as a tarball, cached: the download is the slow part, reruns reuse it.
rootfs_tarball() {
  local name=$1 include=$2
  local tarball="$CACHE_DIR/$name.tar"
  if [[ ! -s $tarball ]]; then
    local rootfs
    rootfs=$(mktemp -d /tmp/slipway-rootfs.XXXXXX)
    log "debootstrap $name (--include=$include)"
    debootstrap --variant=minbase --include="$include" bookworm "$rootfs" "$DEBIAN_MIRROR" >"$CACHE_DIR/$name.debootstrap.log" 2>&1
    # The machine's bundle holds the CA that the package feed's TLS chains to; restore inside a container needs it.
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    mkdir -p "$CACHE_DIR"
    tar -C "$rootfs" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"
  fi
  printf '%s\n' "$tarball"
}

image_label() {
  "$DOCKER" image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

build_dotnet_standins() {
  local sdk_version
  sdk_version=$(dotnet --version)
  if [[ $(image_label "$SDK_IMAGE" slipway.standin.dotnet-sdk) == "$sdk_version" &&
    $(image_label "$ASPNET_IMAGE" slipway.standin.dotnet-sdk) == "$sdk_version" ]]; then
    return
  fi

  if ! "$DOCKER" image inspect "$RUNTIME_DEPS_IMAGE" >/dev/null 2>&1; then
    local tarball
    tarball=$(rootfs_tarball bookworm-runtime-deps ca-certificates,libicu72,libssl3,tzdata)
    log "importing $RUNTIME_DEPS_IMAGE"
    "$DOCKER" import - slipway/standin-rootfs:bookworm <"$tarball" >/dev/null
    # Like mcr.microsoft.com/dotnet/runtime-deps: the non-root app user (UID 1654) and the port variable.
    "$DOCKER" build --network host -q -t "$RUNTIME_DEPS_IMAGE" - >/dev/null <<'DOCKERFILE'
FROM slipway/standin-rootfs:bookworm
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
RUN groupadd --gid=1654 app && useradd --no-log-init --uid=1654 --gid=1654 --create-home app
CMD ["bash"]
DOCKERFILE
  fi

  # The context is the machine's dotnet root; BuildKit transfers only the paths each COPY names.
  log "building $ASPNET_IMAGE (dotnet host + shared runtimes of SDK $sdk_version)"
  "$DOCKER" build --network host -q -t "$ASPNET_IMAGE" --label "slipway.standin.dotnet-sdk=$sdk_version" -f - "$DOTNET_ROOT_DIR" >/dev/null <<DOCKERFILE
FROM $RUNTIME_DEPS_IMAGE
COPY dotnet /usr/share/dotnet/dotnet
COPY host /usr/share/dotnet/host
COPY shared /usr/share/dotnet/shared
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
DOCKERFILE

  log "building $SDK_IMAGE (all of $DOTNET_ROOT_DIR, SDK $sdk_version)"
  "$DOCKER" build --network host -q -t "$SDK_IMAGE" --label "slipway.standin.dotnet-sdk=$sdk_version" -f - "$DOTNET_ROOT_DIR" >/dev/null <<DOCKERFILE
FROM $RUNTIME_DEPS_IMAGE
ENV DOTNET_NOLOGO=true DOTNET_CLI_TELEMETRY_OPTOUT=true DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    NUGET_XMLDOC_MODE=skip NUGET_CERT_REVOCATION_MODE=offline
COPY . /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
DOCKERFILE
}

build_haproxy_standin() {
  if "$DOCKER" image inspect "$HAPROXY_IMAGE" >/dev/null 2>&1; then
    return
  fi
  local tarball context
  tarball=$(rootfs_tarball bookworm-haproxy ca-certificates,haproxy,socat)
  log "importing $HAPROXY_IMAGE"
  "$DOCKER" import - slipway/standin-rootfs-haproxy:bookworm <"$tarball" >/dev/null
  context=$(mktemp -d /tmp/slipway-haproxy.XXXXXX)
  # The official image's entrypoint: a leading option or "haproxy" runs haproxy in master-worker, foreground mode.
  cat >"$context/docker-entrypoint.sh" <<'SH'
#!/bin/sh
set -e
if [ "${1#-}" != "$1" ]; then
	set -- haproxy "$@"
fi
if [ "$1" = 'haproxy' ]; then
	shift
	set -- haproxy -W -db "$@"
fi
exec "$@"
SH
  chmod 0755 "$context/docker-entrypoint.sh"
  cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM slipway/standin-rootfs-haproxy:bookworm
RUN mkdir -p /usr/local/etc/haproxy /var/lib/haproxy && chown haproxy:haproxy /var/lib/haproxy
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
STOPSIGNAL SIGUSR1
USER haproxy
WORKDIR /var/lib/haproxy
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
DOCKERFILE
  "$DOCKER" build --network host -q -t "$HAPROXY_IMAGE" "$context" >/dev/null
  rm -rf "$context"
}

# The Dockerfile's PostgreSQL client stage (PG_TOOLS_IMAGE) installs pg_dump with apt in plain Debian: the rootfs the
# .NET stand-ins are built on, kept under its own name even when those are already current.
ensure_debian_standin() {
  if ! "$DOCKER" image inspect slipway/standin-rootfs:bookworm >/dev/null 2>&1; then
    log "importing slipway/standin-rootfs:bookworm"
    "$DOCKER" import - slipway/standin-rootfs:bookworm <"$(rootfs_tarball bookworm-runtime-deps ca-certificates,libicu72,libssl3,tzdata)" >/dev/null
  fi
}

# Builds name their bases by digest (the Dockerfile pins mcr.microsoft.com by digest): each stand-in is pushed to the
# local registry once, so it has one (127.0.0.1:5000/slipway/standin-aspnet@sha256:...). Skipped when that digest is
# already recorded and the registry still serves it.
push_standins_for_pinning() {
  local image repository digest
  for image in "$SDK_IMAGE" "$ASPNET_IMAGE" slipway/standin-rootfs:bookworm; do
    repository="$REGISTRY_ADDR/${image%:*}"
    digest=$("$DOCKER" image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$image" 2>/dev/null | grep "^$repository@" | head -n 1 || true)
    if [[ -n $digest ]] && curl -fsS -o /dev/null -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://$REGISTRY_ADDR/v2/${repository#"$REGISTRY_ADDR"/}/manifests/${digest#*@}" 2>/dev/null; then
      continue
    fi
    log "pushing $image to $REGISTRY_ADDR, so builds can pin it by digest"
    "$DOCKER" tag "$image" "$repository:${image##*:}"
    "$DOCKER" push -q "$repository:${image##*:}" >/dev/null
  done
}

mkdir -p "$CACHE_DIR"
install_packages
start_engine
start_registry
build_dotnet_standins
ensure_debian_standin
build_haproxy_standin
push_standins_for_pinning
log "ready: engine $("$DOCKER" version -f '{{.Server.Version}}'), registry $REGISTRY_ADDR, $ASPNET_IMAGE, $SDK_IMAGE, $HAPROXY_IMAGE"
