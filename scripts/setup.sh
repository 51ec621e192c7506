#!/usr/bin/env bash
# Installs what `make run` (setup.sh run) or `make test` (setup.sh test)
# needs and is missing, and starts the Docker engine if none answers.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

mode="${1:-run}"
case "$mode" in
  run)
    ensure_debs "${TAURI_DEBS[@]}"
    ensure_rust
    ensure_node_modules
    # The app shows its own "engine unavailable" state, but a desktop app
    # over Docker is of little use without one: install and start one only
    # when nothing answers.
    ensure_engine
    ;;
  test)
    ensure_debs "${TAURI_DEBS[@]}" "${TEST_DEBS[@]}"
    # Debian 12 ships dbus-run-session in dbus-daemon; Ubuntu 22.04 in dbus.
    command -v dbus-run-session >/dev/null || ensure_debs dbus-daemon
    ensure_rust lint
    ensure_node_modules
    ensure_tauri_driver
    # Debian's docker.io only when no engine answers: it conflicts with
    # Docker's own docker-ce packages, which must stay where they are.
    ensure_engine
    ;;
  *) die "usage: $0 run|test" ;;
esac
