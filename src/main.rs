//! `berth`: the headless side of Berth, for machines without a desktop and
//! for scripts.
//!
//! `berth serve` runs the registry API, the health checker and container
//! auto-registration without a window.

use std::path::PathBuf;

use anyhow::Context;
use berth::engine::{Endpoint, Monitor};
use berth::paths::AppPaths;
use berth::registry::{Registry, spawn_auto_registration};
use berth::store::Store;
use clap::{Parser, Subcommand};
use tracing::info;

#[derive(Parser)]
#[command(name = "berth", version, about = "Local microservices: containers, registry and costs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the registry API, health checks and auto-registration.
    Serve {
        /// Address of the registry API.
        #[arg(long, default_value = berth::api::DEFAULT_LISTEN)]
        listen: String,
        /// The SQLite database (default: in the user's data folder).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Do not register labelled containers automatically.
        #[arg(long)]
        no_auto_register: bool,
        /// The Docker endpoint (default: DOCKER_HOST or the local socket).
        #[arg(long)]
        docker_host: Option<String>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let paths = AppPaths::resolve();
    let _log_guard = berth::logging::init_logging(&paths.log_dir);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;

    match cli.command {
        Command::Serve { listen, db, no_auto_register, docker_host } => {
            let db = db.unwrap_or_else(|| paths.database());
            let endpoint = docker_host.map_or_else(Endpoint::from_env, Endpoint::custom);
            runtime.block_on(serve(&listen, &db, !no_auto_register, endpoint))
        }
    }
}

async fn serve(
    listen: &str,
    db: &std::path::Path,
    auto_register: bool,
    endpoint: Endpoint,
) -> anyhow::Result<()> {
    let store = Store::open(db).await?;
    let registry = Registry::new(store.clone());
    let listener = berth::api::bind(listen).await?;
    let _checker = registry.start_checker();
    let _auto = auto_register.then(|| {
        let (_, enabled) = tokio::sync::watch::channel(true);
        spawn_auto_registration(registry.clone(), Monitor::spawn(endpoint), enabled)
    });

    info!(%listen, db = %db.display(), auto_register, "berth serve ready");
    berth::api::serve(listener, registry, shutdown_signal()).await?;
    store.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    info!("shutting down");
}
