:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
:; exec "$SCRIPT_DIR/build.sh" "$@"

@ECHO OFF
REM One entry point for every shell (NUKE's build.cmd): bash runs the ':;' lines above, cmd.exe runs build.ps1.
powershell -ExecutionPolicy ByPass -NoProfile -File "%~dp0build.ps1" %*
