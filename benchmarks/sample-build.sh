#!/usr/bin/env bash
# Publishes tests/Slipway.Delivery.DeploySampleBuild the way build.sh publishes a repository's build (Debug, with
# ReadyToRun images for this machine's runtime), so the deploy benchmarks time what `./build.sh <Target>` runs, and
# prints the path of its dll. Sourced by the deploy, SSH and scale benchmarks; MSBuild's incremental build makes a
# second call cheap.
#
#   dll=$(benchmarks/sample-build.sh)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/tests/Slipway.Delivery.DeploySampleBuild/bin/publish
log=$(mktemp)
if ! dotnet publish "$root/tests/Slipway.Delivery.DeploySampleBuild" --configuration Debug --use-current-runtime \
  --self-contained false -p:PublishReadyToRun=true --output "$out" --nologo --verbosity quiet > "$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "Publishing the sample build failed." >&2
  exit 2
fi
rm -f "$log"
echo "$out/Slipway.Delivery.DeploySampleBuild.dll"
