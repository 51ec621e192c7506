#!/usr/bin/env bash
# `make run`: installs what is missing, builds the UI and the app, opens it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  die "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset);" \
    "run it from a desktop session, or under xvfb-run"
fi

"$ROOT/scripts/setup.sh" run
ensure_rust
ensure_node
build_ui
say "building the app (cargo build -p berth-app --features tauri/custom-protocol)"
(cd "$ROOT" && cargo build -q -p berth-app --features tauri/custom-protocol) ||
  die "the app build failed"

say "opening Berth"
exec "$(app_binary)"
