#!/usr/bin/env bash
# Bootstrap for the Slipway build (NUKE's build.sh): compiles build/_build.csproj when needed, then runs it.
# Warm start: when nothing the build project compiles from has changed since the last successful compile, the
# compiled build runs directly and MSBuild is not started at all.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/publish/_build.dll"
STAMP="$ROOT/.nuke/temp/build.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build_inputs_changed() {
  [[ -f "$BUILD_DLL" && -f "$STAMP" ]] || return 0
  local changed
  changed="$(find "$ROOT/build" "$ROOT/src/Slipway.Engine" "$ROOT/src/Slipway.Delivery" \
    "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" "$ROOT/global.json" \
    \( -name bin -o -name obj \) -prune -o -newer "$STAMP" -print -quit 2>/dev/null)"
  [[ -n "$changed" ]]
}

ensure_sdk() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK is not installed (no 'dotnet' on PATH)." >&2
    echo "       Install the SDK that global.json asks for (10.0.100 or a later 10.0 feature band):" >&2
    echo "       https://dotnet.microsoft.com/download/dotnet/10.0 or ./dotnet-install.sh --jsonfile global.json" >&2
    exit 1
  fi
  if ! (cd "$ROOT" && dotnet --version >/dev/null 2>&1); then
    echo "error: no installed .NET SDK satisfies global.json (10.0.100, rollForward latestFeature)." >&2
    echo "       Installed SDKs:" >&2
    dotnet --list-sdks >&2 || true
    echo "       Install a 10.0 SDK: https://dotnet.microsoft.com/download/dotnet/10.0" >&2
    exit 1
  fi
}

if build_inputs_changed; then
  ensure_sdk
  mkdir -p "$(dirname "$STAMP")"
  # The stamp is taken before compiling, so an edit made during the compile still triggers the next one.
  touch "$STAMP.new"
  compile_log="$(dirname "$STAMP")/build.log"
  # Published rather than built: build/_build.csproj asks for ReadyToRun images for this machine's runtime, so a
  # command an on-call engineer runs does not wait for the JIT (measured: docs/benchmarks-deploy.md).
  if ! dotnet publish "$BUILD_PROJECT" --configuration Debug --output "$(dirname "$BUILD_DLL")" --nologo --verbosity quiet >"$compile_log" 2>&1; then
    cat "$compile_log" >&2
    echo "error: compiling the build project failed (log: $compile_log)." >&2
    exit 1
  fi
  mv "$STAMP.new" "$STAMP"
fi

exec dotnet "$BUILD_DLL" "$@"
