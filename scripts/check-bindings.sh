#!/usr/bin/env bash
# Fails when ui/src/bindings.ts differs from what the Rust commands and
# events generate. Builds with the same features as the app build so the
# two share one set of compiled crates.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_rust

fresh="$(mktemp --suffix=.ts)"
trap 'rm -f "$fresh"' EXIT
cd "$ROOT"
cargo run -q -p berth-app --features tauri/custom-protocol --bin export-bindings "$fresh" >/dev/null

if ! diff -u --label ui/src/bindings.ts --label generated ui/src/bindings.ts "$fresh"; then
  die "ui/src/bindings.ts is stale: the Rust commands or events changed. Run \`make bindings\`" \
    "and commit the result."
fi
echo "ui/src/bindings.ts is up to date"
