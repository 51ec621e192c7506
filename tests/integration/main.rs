//! Integration tests of the core against the real Docker engine, real
//! SQLite files and real `berth serve` processes. They need a running engine
//! (`make test` starts one) and Debian's busybox-static for the offline test
//! image.

mod apps;
mod cli;
mod containers;
mod costs;
mod errors;
mod monitor;
mod persistence;
mod registry;

mod serve;
mod store;
mod streams;

use berth::engine::{ContainerSpec, Engine, KeyValue};
use berth::testkit::{self, Sweeper, TEST_IMAGE, TEST_LABEL};

/// Connects, makes sure the test image exists and sweeps on drop.
async fn setup() -> (Engine, Sweeper) {
    let engine = match testkit::connect().await {
        Ok(engine) => engine,
        Err(error) => panic!("{error}"),
    };
    testkit::ensure_test_image(&engine).await.expect("the offline test image can be imported");
    let sweeper = Sweeper::scoped(&engine);
    (engine, sweeper)
}

/// A spec running `command` in the test image, in `sweeper`'s scope.
fn spec(sweeper: &Sweeper, name: &str, command: &str) -> ContainerSpec {
    ContainerSpec {
        image: TEST_IMAGE.into(),
        name: name.into(),
        command: command.into(),
        labels: vec![KeyValue { key: TEST_LABEL.into(), value: sweeper.value().into() }],
        start: true,
        ..Default::default()
    }
}
