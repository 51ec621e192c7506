//! Writes the TypeScript bindings of the desktop commands and events.
//!
//! `cargo run -p berth-app --bin export-bindings [PATH]`; the default path is
//! the UI's `src/bindings.ts`.

fn main() -> anyhow::Result<()> {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/bindings.ts");
    let path = std::env::args().nth(1).unwrap_or_else(|| default.to_owned());
    berth_app::export_bindings(std::path::Path::new(&path))?;
    println!("wrote {path}");
    Ok(())
}
