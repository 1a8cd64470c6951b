#!/usr/bin/env bash
# Provisions multi-platform image builds (docs/image.md "Multi-platform") on a bare Debian 12 or Ubuntu machine, as
# root, idempotently; runs after provision-docker.sh (engine, registry, amd64 stand-ins):
# - qemu-user-static + binfmt-support, with binfmt_misc mounted and qemu-aarch64 enabled, so an arm64 container runs
#   here under emulation (the F flag opens the interpreter once: it works inside containers too);
# - an arm64 stand-in for mcr.microsoft.com/dotnet/aspnet:10.0, built without emulation: Debian bookworm's arm64
#   libraries that .NET needs, unpacked (no maintainer scripts, no shell: like Microsoft's chiseled images), and the
#   .NET and ASP.NET Core runtime packs for linux-arm64 from NuGet, at the version of the machine's own runtime;
# - both stand-ins published as one index, 127.0.0.1:5000/slipway/standin-aspnet:10.0, as mcr.microsoft.com publishes
#   aspnet:10.0, so the Dockerfile's RUNTIME_IMAGE pin resolves per platform.
set -euo pipefail

readonly DOCKER=/usr/bin/docker
readonly REGISTRY_ADDR=127.0.0.1:5000
readonly CACHE_DIR=/var/cache/slipway
readonly DOTNET_ROOT_DIR=${DOTNET_ROOT:-/usr/share/dotnet}
readonly AMD64_IMAGE=slipway/standin-aspnet:10.0
readonly ARM64_IMAGE=slipway/standin-aspnet-arm64:10.0
readonly INDEX=$REGISTRY_ADDR/slipway/standin-aspnet:10.0
readonly ARM64_DEBS=(libc6 libgcc-s1 libstdc++6 zlib1g libicu72 libssl3 tzdata)
export DOCKER_BUILDKIT=1 DOCKER_CLI_EXPERIMENTAL=enabled

log() { printf '[provision-platforms] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "provision-platforms.sh must run as root (it installs packages and registers binfmt handlers)." >&2
  exit 1
fi

install_emulation() {
  local package missing=()
  for package in qemu-user-static binfmt-support; do
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != *'ok installed'* ]]; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [[ ! -e /proc/sys/fs/binfmt_misc/status ]]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
    update-binfmts --enable qemu-aarch64
  fi
}

# Bookworm's arm64 packages, fetched with apt's own client into a private state (the machine's apt is left alone).
download_arm64_debs() {
  local apt_dir=$CACHE_DIR/apt-arm64
  local debs=$apt_dir/debs
  if [[ -f $debs/.complete ]]; then
    printf '%s\n' "$debs"
    return
  fi
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$debs"
  touch "$apt_dir/status"
  local options=(-o APT::Architecture=arm64 -o APT::Architectures=arm64 -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::State::Status=$apt_dir/status" -o "Dir::Cache=$apt_dir" -o "Dir::Cache::archives=$apt_dir/archives"
    -o APT::Sandbox::User=root)
  log "downloading arm64 ${ARM64_DEBS[*]}"
  apt-get "${options[@]}" update -qq
  (cd "$debs" && apt-get "${options[@]}" download -qq "${ARM64_DEBS[@]}")
  touch "$debs/.complete"
  printf '%s\n' "$debs"
}

# The linux-arm64 runtime packs of the machine's runtime version, restored from NuGet by a throwaway project.
restore_arm64_runtime_packs() {
  local version=$1
  local packages=$CACHE_DIR/nuget-arm64
  if [[ -d $packages/microsoft.aspnetcore.app.runtime.linux-arm64/$version && -d $packages/microsoft.netcore.app.runtime.linux-arm64/$version ]]; then
    printf '%s\n' "$packages"
    return
  fi
  local project
  project=$(mktemp -d /tmp/slipway-arm64-packs.XXXXXX)
  cat >"$project/packs.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><RuntimeIdentifier>linux-arm64</RuntimeIdentifier><SelfContained>true</SelfContained></PropertyGroup>
  <ItemGroup><KnownFrameworkReference Update="Microsoft.NETCore.App;Microsoft.AspNetCore.App" LatestRuntimeFrameworkVersion="$version" /></ItemGroup>
</Project>
XML
  log "restoring the linux-arm64 runtime packs $version"
  NUGET_PACKAGES=$packages dotnet restore "$project/packs.csproj" --nologo -v quiet >/dev/null
  rm -rf "$project"
  printf '%s\n' "$packages"
}

build_arm64_standin() {
  local version
  version=$(basename "$(find "$DOTNET_ROOT_DIR/shared/Microsoft.AspNetCore.App" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -n 1)")
  if [[ $("$DOCKER" image inspect -f '{{ index .Config.Labels "slipway.standin.dotnet-runtime" }}' "$ARM64_IMAGE" 2>/dev/null || true) == "$version" ]]; then
    return
  fi
  local debs packages context deb
  debs=$(download_arm64_debs)
  packages=$(restore_arm64_runtime_packs "$version")
  context=$(mktemp -d /tmp/slipway-arm64.XXXXXX)
  mkdir -p "$context/rootfs"
  for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$context/rootfs"
  done
  local root=$context/rootfs dotnet=$context/rootfs/usr/share/dotnet
  mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/home/app" "$dotnet/host/fxr/$version" \
    "$dotnet/shared/Microsoft.NETCore.App/$version" "$dotnet/shared/Microsoft.AspNetCore.App/$version"
  chmod 1777 "$root/tmp"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654::/home/app:/usr/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' >"$root/etc/group"
  local core=$packages/microsoft.netcore.app.runtime.linux-arm64/$version/runtimes/linux-arm64
  local aspnet=$packages/microsoft.aspnetcore.app.runtime.linux-arm64/$version/runtimes/linux-arm64
  cp "$core"/lib/net10.0/* "$core"/native/* "$dotnet/shared/Microsoft.NETCore.App/$version/"
  mv "$dotnet/shared/Microsoft.NETCore.App/$version/libhostfxr.so" "$dotnet/host/fxr/$version/"
  cp "$aspnet"/lib/net10.0/* "$dotnet/shared/Microsoft.AspNetCore.App/$version/"
  chown -R 1654:1654 "$root/home/app"
  cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_ROOT=/usr/share/dotnet
DOCKERFILE
  log "building $ARM64_IMAGE (Debian arm64 libraries + .NET $version linux-arm64 runtime packs)"
  "$DOCKER" build --platform linux/arm64 -q -t "$ARM64_IMAGE" --label "slipway.standin.dotnet-runtime=$version" "$context" >/dev/null
  rm -rf "$context"
}

manifest_digest() {
  curl -fsS -o /dev/null -D - -H "Accept: $2" "http://$REGISTRY_ADDR/v2/$1" 2>/dev/null |
    awk 'tolower($1) == "docker-content-digest:" {print $2}' | tr -d '\r'
}

# One index naming both stand-ins under the tag, rebuilt when either platform's image changed.
publish_index() {
  local amd64_ref=$REGISTRY_ADDR/slipway/standin-aspnet:10.0-linux-amd64 arm64_ref=$REGISTRY_ADDR/slipway/standin-aspnet:10.0-linux-arm64
  local index
  index=$(curl -fsS -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
    "http://$REGISTRY_ADDR/v2/slipway/standin-aspnet/manifests/10.0" 2>/dev/null || true)
  "$DOCKER" tag "$AMD64_IMAGE" "$amd64_ref"
  "$DOCKER" tag "$ARM64_IMAGE" "$arm64_ref"
  "$DOCKER" push -q "$amd64_ref" >/dev/null
  "$DOCKER" push -q "$arm64_ref" >/dev/null
  local amd64_digest arm64_digest
  amd64_digest=$(manifest_digest slipway/standin-aspnet/manifests/10.0-linux-amd64 application/vnd.docker.distribution.manifest.v2+json)
  arm64_digest=$(manifest_digest slipway/standin-aspnet/manifests/10.0-linux-arm64 application/vnd.docker.distribution.manifest.v2+json)
  if [[ $index == *"$amd64_digest"* && $index == *"$arm64_digest"* ]]; then
    return
  fi
  log "publishing $INDEX as an index of linux/amd64 and linux/arm64"
  "$DOCKER" manifest rm "$INDEX" >/dev/null 2>&1 || true
  "$DOCKER" manifest create --insecure "$INDEX" "$amd64_ref" "$arm64_ref" >/dev/null
  "$DOCKER" manifest push --insecure --purge "$INDEX" >/dev/null
}

mkdir -p "$CACHE_DIR"
install_emulation
build_arm64_standin
publish_index
log "ready: qemu-aarch64 registered, $ARM64_IMAGE, $INDEX (linux/amd64, linux/arm64)"
