#!/usr/bin/env bash
# Takes docs/screenshot.png of the real window under Xvfb, with a few
# demonstration containers from the offline test image. They carry the test
# label, so the test sweeper would also remove any that outlive the script.
#
#   scripts/screenshot.sh [OUTPUT.png]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out="$(realpath -m "${1:-$ROOT/docs/screenshot.png}")"
label="dev.berth.test=screenshot"
image="berth-test/busybox:latest"

ensure_debs "${TAURI_DEBS[@]}" xvfb xauth dbus-daemon imagemagick busybox-static
ensure_rust
ensure_node_modules
ensure_engine
build_ui
(cd "$ROOT" && cargo build -q -p berth-app --features tauri/custom-protocol)

work="$(mktemp -d)"
cleanup() {
  # The app runs in a session of its own: end the whole group, bus included.
  [ -n "${app_pid:-}" ] && kill -- "-$app_pid" 2>/dev/null
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if ! docker image inspect "$image" >/dev/null 2>&1; then
  say "importing $image from the host's busybox"
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp"
  cp /bin/busybox "$work/rootfs/bin/"
  for applet in sh sleep httpd echo cat; do ln -s busybox "$work/rootfs/bin/$applet"; done
  tar -C "$work/rootfs" -c . | docker import - "$image" >/dev/null
fi

say "starting demonstration containers"
demo() {
  local name="$1"
  shift
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker run -d --name "$name" --label "$label" "$@" >/dev/null
}
demo orders-api -p 127.0.0.1:18080:8080 "$image" httpd -f -p 8080
demo payments-worker "$image" sleep 3600
demo redis-cache -p 127.0.0.1:16379:6379 "$image" sleep 3600
demo nightly-report "$image" sleep 3600
docker stop -t 0 nightly-report >/dev/null
docker create --name migrations --label "$label" "$image" true >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

say "opening the app on $display"
DISPLAY="$display" WEBKIT_DISABLE_DMABUF_RENDERER=1 \
  BERTH_DATA_DIR="$work/berth" XDG_DATA_HOME="$work/share" XDG_CACHE_HOME="$work/cache" \
  XDG_CONFIG_HOME="$work/config" \
  setsid dbus-run-session -- "$(app_binary)" >"$work/app.log" 2>&1 &
app_pid=$!
sleep 10

mkdir -p "$(dirname "$out")"
DISPLAY="$display" import -window root -crop 1200x780+0+0 +repage "$out"
say "wrote $out"
