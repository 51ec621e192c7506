//! `berth`: the headless side of Berth, for machines without a desktop and
//! for scripts.
//!
//! `berth serve` runs the registry API, the health checker and container
//! auto-registration without a window; `berth app` checks, deploys and
//! removes applications from compose files.

use std::path::PathBuf;

use anyhow::Context;
use berth::apps::{self, AppStore, ServicePhase, SourceKind, StoredApp};
use berth::engine::{Endpoint, Engine, Monitor};
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
    /// Check, deploy and remove applications from compose files.
    App {
        #[command(subcommand)]
        command: AppCommand,
    },
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

#[derive(Subcommand)]
enum AppCommand {
    /// Print the normalised model of a compose file as JSON; warnings go to
    /// stderr, errors exit non-zero with the line and column.
    Config {
        file: PathBuf,
        /// The app's name (default: the file's `name:` or its folder).
        #[arg(long)]
        name: Option<String>,
    },
    /// Deploy a compose file as an application and keep it in Berth.
    Up {
        file: PathBuf,
        #[arg(long)]
        name: Option<String>,
        /// The SQLite database (default: in the user's data folder).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Tear an application down and forget it.
    Down {
        name: String,
        /// Remove its named volumes too.
        #[arg(long)]
        volumes: bool,
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let paths = AppPaths::resolve();
    let _log_guard = berth::logging::init_logging(&paths.log_dir);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;

    match cli.command {
        Command::App { command } => {
            let code = runtime.block_on(app_command(command, &paths))?;
            std::process::exit(code);
        }
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
    let monitor = Monitor::spawn(endpoint);
    let _sampler =
        berth::costs::spawn_sampler(store.clone(), monitor.clone(), berth::costs::DEFAULT_INTERVAL);
    let _auto = auto_register.then(|| {
        let (_, enabled) = tokio::sync::watch::channel(true);
        spawn_auto_registration(registry.clone(), monitor.clone(), enabled)
    });

    info!(%listen, db = %db.display(), auto_register, "berth serve ready");
    berth::api::serve(listener, registry, shutdown_signal()).await?;
    store.close().await;
    Ok(())
}

/// Runs an `app` subcommand; returns the process exit code.
async fn app_command(command: AppCommand, paths: &AppPaths) -> anyhow::Result<i32> {
    match command {
        AppCommand::Config { file, name } => {
            let Some(parsed) = load(&file, name.as_deref()) else { return Ok(1) };
            println!("{}", serde_json::to_string_pretty(&parsed.app)?);
            Ok(0)
        }
        AppCommand::Up { file, name, db } => {
            let Some(parsed) = load(&file, name.as_deref()) else { return Ok(1) };
            let engine = Engine::connect(&Endpoint::from_env()).await?;
            let store = Store::open(&db.unwrap_or_else(|| paths.database())).await?;
            let source = std::fs::read_to_string(&file)?;
            let stored = StoredApp {
                spec: parsed.app.clone(),
                source_kind: SourceKind::Compose,
                source_text: Some(source),
            };
            AppStore::new(store.clone())
                .save(&stored, jiff::Timestamp::now().as_millisecond())
                .await?;

            let report = apps::deploy(&engine, &parsed.app, |step| {
                eprintln!("{:<20} {}", step.service, describe_phase(&step.phase));
            })
            .await?;
            store.close().await;
            match report.failure {
                None => {
                    eprintln!("{} is up ({} services)", report.app, report.services.len());
                    Ok(0)
                }
                Some((service, reason)) => {
                    eprintln!("error: {service} failed: {reason}");
                    Ok(1)
                }
            }
        }
        AppCommand::Down { name, volumes, db } => {
            let engine = Engine::connect(&Endpoint::from_env()).await?;
            apps::tear_down(&engine, &name, volumes).await?;
            let store = Store::open(&db.unwrap_or_else(|| paths.database())).await?;
            AppStore::new(store.clone()).delete(&name).await?;
            store.close().await;
            eprintln!("{name} is down");
            Ok(0)
        }
    }
}

/// Reads a compose file, printing warnings and errors for people.
fn load(file: &std::path::Path, name: Option<&str>) -> Option<apps::Parsed> {
    match apps::load_compose_file(file, name) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                eprintln!(
                    "warning: {}:{}:{}: {}",
                    file.display(),
                    warning.line,
                    warning.column,
                    warning.message
                );
            }
            Some(parsed)
        }
        Err(error) => {
            eprintln!("error: {error}");
            None
        }
    }
}

fn describe_phase(phase: &ServicePhase) -> String {
    match phase {
        ServicePhase::Pending => "pending".into(),
        ServicePhase::Waiting { on } => format!("waiting for {on}"),
        ServicePhase::Creating => "creating".into(),
        ServicePhase::Starting => "starting".into(),
        ServicePhase::Running => "running".into(),
        ServicePhase::Healthy => "healthy".into(),
        ServicePhase::Completed { exit_code } => format!("completed (exit {exit_code})"),
        ServicePhase::Unchanged => "unchanged".into(),
        ServicePhase::Failed { reason } => format!("failed: {reason}"),
        ServicePhase::Cancelled => "cancelled".into(),
    }
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
