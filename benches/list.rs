//! Lists 300 containers three ways and prints the medians:
//! Berth's `list_containers`, the engine's own `GET /containers/json?all=1`
//! read raw from the socket, and `docker ps -a`.
//!
//! Run with `cargo bench --bench list` against a running engine. The
//! containers are made from the offline test image, labelled, and removed at
//! the end (also when the run fails, by the sweeper).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use berth::engine::{ContainerSpec, Endpoint, KeyValue, PortMapping};
use berth::testkit::{self, Sweeper, TEST_IMAGE, TEST_LABEL};
use futures_util::{StreamExt, stream};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

const CONTAINERS: usize = 300;
const ROUNDS: usize = 41;
const CLI_ROUNDS: usize = 15;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let engine = testkit::connect().await?;
    testkit::ensure_test_image(&engine).await?;
    let sweeper = Sweeper::scoped(&engine);

    let existing = engine.list_containers().await?.len();
    let wanted = CONTAINERS.saturating_sub(existing);
    println!("engine has {existing} containers; creating {wanted} more");
    let made: Vec<_> = stream::iter(0..wanted)
        .map(|index| {
            let engine = engine.clone();
            let spec = ContainerSpec {
                image: TEST_IMAGE.into(),
                name: testkit::unique_name("bench-list"),
                command: "sleep 1".into(),
                labels: vec![KeyValue { key: TEST_LABEL.into(), value: sweeper.value().into() }],
                ports: vec![PortMapping {
                    host_port: None,
                    container_port: 8000 + index as u32 % 100,
                    ..Default::default()
                }],
                ..Default::default()
            };
            async move { engine.create_container(&spec).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    made.into_iter().collect::<Result<Vec<_>, _>>()?;
    let total = engine.list_containers().await?.len();

    let mut core = Vec::new();
    let mut raw = Vec::new();
    let socket = socket_path();
    for _ in 0..ROUNDS {
        let began = Instant::now();
        let rows = engine.list_containers().await?;
        core.push(began.elapsed());
        assert_eq!(rows.len(), total);

        let began = Instant::now();
        let bytes = raw_list(&socket).await?;
        raw.push(began.elapsed());
        assert!(bytes > 1000, "the engine answered with a list");
    }
    let mut cli = Vec::new();
    for _ in 0..CLI_ROUNDS {
        let began = Instant::now();
        let output = std::process::Command::new("docker").args(["ps", "-a"]).output()?;
        cli.push(began.elapsed());
        assert!(output.status.success());
    }

    let (core, raw, cli) = (median(core), median(raw), median(cli));
    println!("containers listed:              {total}");
    println!("berth list_containers (median): {:.2} ms", ms(core));
    println!("engine GET /containers/json:    {:.2} ms", ms(raw));
    println!("docker ps -a (median):          {:.2} ms", ms(cli));
    println!("berth / engine:                 {:.2}x", ms(core) / ms(raw));
    println!("berth / docker ps -a:           {:.2}x", ms(core) / ms(cli));
    drop(sweeper);
    Ok(())
}

/// Reads the engine's list answer straight off the socket; returns its size.
async fn raw_list(socket: &PathBuf) -> anyhow::Result<usize> {
    let mut stream = UnixStream::connect(socket).await?;
    stream
        .write_all(
            b"GET /v1.41/containers/json?all=1 HTTP/1.1\r\n\
              Host: docker\r\nConnection: close\r\n\r\n",
        )
        .await?;
    let mut body = Vec::new();
    stream.read_to_end(&mut body).await?;
    Ok(body.len())
}

fn socket_path() -> PathBuf {
    let uri = Endpoint::from_env().uri;
    PathBuf::from(uri.strip_prefix("unix://").unwrap_or("/var/run/docker.sock"))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
