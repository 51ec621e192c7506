#!/usr/bin/env bash
# `make test`: installs what the tests need, then runs every check in order
# and stops at the first failure, naming it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

started=$SECONDS
# Every step's output is also kept here, to count the tests at the end.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step() {
  local name="$1"
  shift
  local t0=$SECONDS
  say "$name"
  if ! "$@" 2>&1 | tee -a "$log"; then
    die "step failed: $name
  rerun it with: $*"
  fi
  printf '    %s: %d s\n' "$name" $((SECONDS - t0)) >&2
}

step "setup" "$ROOT/scripts/setup.sh" test
ensure_rust lint
ensure_node
cd "$ROOT"
sweep_stale_test_containers

# Cheap checks first; the UI build also makes ui/dist, which every cargo
# command that compiles berth-app (clippy included) needs.
step "cargo fmt --check" cargo fmt --all --check
step "ui: typecheck" npm --prefix ui run --silent typecheck
step "ui: fmt:check" npm --prefix ui run --silent fmt:check
step "ui: unit tests" npm --prefix ui test --silent
step "ui: build" npm --prefix ui run --silent build
step "clippy" cargo clippy --workspace --all-targets -- -D warnings
step "bindings up to date" "$ROOT/scripts/check-bindings.sh"
step "core tests (cargo test -p berth)" cargo test -p berth
step "app build" cargo build -p berth-app --features tauri/custom-protocol
step "window tests (cargo test -p berth-e2e)" \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p berth-e2e -- --test-threads=1

# One closing line for every suite together: cargo's results and vitest's.
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
rust=$(grep -oE 'test result: ok\. [0-9]+ passed' <<<"$plain" | awk '{s += $4} END {print s + 0}')
ui=$(grep -oE '^ +Tests +[0-9]+ passed' <<<"$plain" | awk '{s += $2} END {print s + 0}')
say "all checks passed in $((SECONDS - started)) s"
echo "tests: $((rust + ui)) passed, 0 failed"
