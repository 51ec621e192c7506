//! Structured logs to stderr and to a daily-rotated file.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{EnvFilter, Layer, fmt, layer::SubscriberExt, util::SubscriberInitExt};

/// How many rotated log files are kept.
const KEPT_LOG_FILES: usize = 7;

/// Installs the global subscriber: stderr plus `berth.log.*` in `log_dir`.
///
/// `RUST_LOG` overrides the default filter (`info` for Berth, `warn` for
/// everything else). Keep the returned guard alive for the life of the
/// process; dropping it flushes the file writer. When the log folder cannot
/// be made, logging goes to stderr only and the reason is logged there.
pub fn init_logging(log_dir: &Path) -> Option<WorkerGuard> {
    let filter = || {
        EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| EnvFilter::new("warn,berth=info,berth_app=info"))
    };
    let stderr = fmt::layer().with_writer(std::io::stderr).with_filter(filter());

    let appender = std::fs::create_dir_all(log_dir).map_err(|e| e.to_string()).and_then(|()| {
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("berth")
            .filename_suffix("log")
            .max_log_files(KEPT_LOG_FILES)
            .build(log_dir)
            .map_err(|e| e.to_string())
    });

    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file = fmt::layer().with_ansi(false).with_writer(writer).with_filter(filter());
            let _ = tracing_subscriber::registry().with(stderr).with(file).try_init();
            Some(guard)
        }
        Err(reason) => {
            let _ = tracing_subscriber::registry().with(stderr).try_init();
            tracing::warn!(dir = %log_dir.display(), %reason, "logging to stderr only");
            None
        }
    }
}
