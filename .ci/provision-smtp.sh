#!/usr/bin/env bash
# Provisions the SMTP server the notification tests send email to, as root, idempotently: Debian's python3-aiosmtpd,
# which the tests start themselves on a free loopback port (/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT) and read what
# it received from its output. Nothing listens until a test starts it.
set -euo pipefail

log() { printf '[provision-smtp] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "provision-smtp.sh must run as root (it installs packages)." >&2
  exit 1
fi

if [[ "$(dpkg-query -W -f='${Status}' python3-aiosmtpd 2>/dev/null || true)" != *'ok installed'* ]]; then
  log "installing python3-aiosmtpd"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-aiosmtpd >/dev/null
fi

# Debian's interpreter, not whichever python3 is first on PATH (pyenv's does not see Debian's packages).
version="$(/usr/bin/python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)')"
log "ready: aiosmtpd $version (/usr/bin/python3)"
