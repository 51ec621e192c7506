#!/usr/bin/env bash
# Prints the memory of an idle Berth window: PSS and RSS summed from
# /proc/PID/smaps_rollup over the app and its WebKit child processes, 30 s
# after launch, under Xvfb with a fresh home.
#
#   scripts/measure-memory.sh [debug|release] [SECONDS]
#
# Builds nothing: run `make run` (debug) or
# `cargo build --release -p berth-app --features tauri/custom-protocol` first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

profile="${1:-release}"
settle="${2:-30}"
binary="${CARGO_TARGET_DIR:-$ROOT/target}/$profile/berth-app"
[ -x "$binary" ] || die "$binary is missing; build the $profile app first" \
  "(cargo build $([ "$profile" = release ] && echo --release) -p berth-app" \
  "--features tauri/custom-protocol, after npm run build in ui/)"
for tool in Xvfb dbus-run-session pgrep; do
  command -v "$tool" >/dev/null || die "$tool missing: apt-get install xvfb dbus-daemon procps"
done

work="$(mktemp -d)"
cleanup() {
  [ -n "${app_pid:-}" ] && kill -- "-$app_pid" 2>/dev/null
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

DISPLAY="$display" WEBKIT_DISABLE_DMABUF_RENDERER=1 \
  BERTH_DATA_DIR="$work/berth" XDG_DATA_HOME="$work/share" XDG_CACHE_HOME="$work/cache" \
  XDG_CONFIG_HOME="$work/config" \
  setsid dbus-run-session -- "$binary" >"$work/app.log" 2>&1 &
app_pid=$!
say "waiting $settle s for the $profile app to settle"
sleep "$settle"

# The app is the process running $binary in this session; WebKit's
# processes are its descendants.
main="$(pgrep -s "$app_pid" -f "^$binary" | head -n1 || true)"
[ -n "$main" ] || { cat "$work/app.log" >&2; die "the app is not running after $settle s"; }

descendants() {
  local pid child
  for pid in "$@"; do
    echo "$pid"
    for child in $(pgrep -P "$pid"); do descendants "$child"; done
  done
}

mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }

total_pss=0
total_rss=0
printf '%-8s %-28s %10s %10s\n' PID PROCESS "PSS MiB" "RSS MiB"
for pid in $(descendants "$main"); do
  [ -r "/proc/$pid/smaps_rollup" ] || continue
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
  rss=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
  total_pss=$((total_pss + pss))
  total_rss=$((total_rss + rss))
  printf '%-8s %-28s %10s %10s\n' "$pid" "$(cat "/proc/$pid/comm")" \
    "$(mib "$pss")" "$(mib "$rss")"
done
printf '%-37s %10s %10s\n' "total ($profile, after $settle s)" \
  "$(mib "$total_pss")" "$(mib "$total_rss")"
