//! Where Berth keeps its data and logs.
//!
//! The defaults follow the platform's conventions (`~/.local/share/berth` on
//! Linux). `BERTH_DATA_DIR` moves everything under one folder, which is what
//! tests and portable installs use.

use std::path::PathBuf;

/// The folders Berth writes to.
#[derive(Debug, Clone)]
pub struct AppPaths {
    /// Holds the SQLite database.
    pub data_dir: PathBuf,
    /// Holds the rotating log files.
    pub log_dir: PathBuf,
}

impl AppPaths {
    /// Resolves the folders from `BERTH_DATA_DIR` or the platform defaults.
    ///
    /// Falls back to `./berth-data` when the platform reports no home
    /// directory, so a misconfigured environment still starts.
    pub fn resolve() -> Self {
        if let Some(root) = std::env::var_os("BERTH_DATA_DIR") {
            let root = PathBuf::from(root);
            return Self { log_dir: root.join("logs"), data_dir: root };
        }

        match directories::ProjectDirs::from("dev", "berth", "berth") {
            Some(dirs) => Self {
                data_dir: dirs.data_dir().to_path_buf(),
                log_dir: dirs.data_local_dir().join("logs"),
            },
            None => {
                let root = PathBuf::from("berth-data");
                Self { log_dir: root.join("logs"), data_dir: root }
            }
        }
    }

    /// The SQLite database file.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("berth.sqlite3")
    }
}
