# Berth's two entry points: `make run` opens the app, `make test` runs every
# check CI runs. Both install what is missing first (see scripts/setup.sh).

.PHONY: run test fmt bindings screenshot memory

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

# Formats the Rust and the UI code in place.
fmt:
	cargo fmt --all
	npm --prefix ui run --silent fmt

# Regenerates ui/src/bindings.ts from the Rust commands and events.
bindings:
	@test -d ui/dist || npm --prefix ui run --silent build
	cargo run -q -p berth-app --features tauri/custom-protocol --bin export-bindings

# Writes docs/screenshot.png from the real window under Xvfb.
screenshot:
	@bash scripts/screenshot.sh

# Builds the release app, then prints its memory (PSS and RSS over all its
# processes) after 30 s idle.
memory:
	@npm --prefix ui run --silent build
	cargo build --release -p berth-app --features tauri/custom-protocol
	@bash scripts/measure-memory.sh release
