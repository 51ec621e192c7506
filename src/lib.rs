//! Berth's core: access to the local Docker engine, the settings store and
//! logging. Nothing here knows about the desktop shell; the shell and the
//! headless binary are thin adapters over these modules.

pub mod api;
pub mod apps;
pub mod costs;
pub mod engine;
pub mod error;
pub mod logging;
pub mod paths;
pub mod registry;
pub mod store;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use error::{ErrorCode, UiError};
