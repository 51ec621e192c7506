//! Registry throughput and discovery latency over HTTP, beside the same
//! shape of work against etcd 3.4 through its JSON gateway.
//!
//! Run with `cargo bench --bench registry` (Debian's `etcd-server` must be
//! installed; `make test` does not need it). Both servers run on loopback
//! with their data in a temporary folder; both keep every acknowledged
//! write (SQLite in WAL mode, etcd's raft log).
//!
//! - registration: 8 concurrent clients make 10,000 registrations; Berth gets
//!   `POST /services`, etcd a put under a lease (one lease per client);
//! - one-name lookup: `GET /services/NAME` (100 instances) against a prefix
//!   range of the same 100 keys;
//! - full list: `GET /services` (10,000) against a prefix range of all keys.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::StreamExt;
use serde_json::{Value, json};

const INSTANCES: u32 = 10_000;
const CLIENTS: usize = 8;
const NAMES: u32 = 100;
const NAME_LOOKUPS: usize = 2_000;
const LIST_LOOKUPS: usize = 30;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let berth_port = free_port();
    let _berth = Guard(
        Command::new(env!("CARGO_BIN_EXE_berth"))
            .args(["serve", "--no-auto-register", "--listen", &format!("127.0.0.1:{berth_port}")])
            .arg("--db")
            .arg(dir.path().join("registry.sqlite3"))
            .env("BERTH_DATA_DIR", dir.path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("start berth serve")?,
    );
    let (etcd_port, peer_port) = (free_port(), free_port());
    let _etcd = Guard(
        Command::new("etcd")
            .args(["--data-dir"])
            .arg(dir.path().join("etcd"))
            .args(["--listen-client-urls", &format!("http://127.0.0.1:{etcd_port}")])
            .args(["--advertise-client-urls", &format!("http://127.0.0.1:{etcd_port}")])
            .args(["--listen-peer-urls", &format!("http://127.0.0.1:{peer_port}")])
            .args(["--initial-advertise-peer-urls", &format!("http://127.0.0.1:{peer_port}")])
            .args(["--initial-cluster", &format!("default=http://127.0.0.1:{peer_port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("start etcd (apt-get install etcd-server)")?,
    );
    let client = reqwest::Client::new();
    let berth = format!("http://127.0.0.1:{berth_port}");
    let etcd = format!("http://127.0.0.1:{etcd_port}");
    wait_up(&client, &format!("{berth}/catalog"), false).await?;
    wait_up(&client, &format!("{etcd}/v3/maintenance/status"), true).await?;

    let berth_reg = register(CLIENTS, |n| {
        let (client, url) = (client.clone(), format!("{berth}/services"));
        async move {
            let body = json!({"name": name(n), "port": 1 + n % 60000,
                "address": format!("10.0.{}.{}", n / 250, n % 250)});
            let response = client.post(url).json(&body).send().await?;
            anyhow::ensure!(response.status() == 200, "berth answered {}", response.status());
            Ok(())
        }
    })
    .await?;

    let mut leases = Vec::new();
    for _ in 0..CLIENTS {
        let grant: Value = client
            .post(format!("{etcd}/v3/lease/grant"))
            .json(&json!({"TTL": 3600}))
            .send()
            .await?
            .json()
            .await?;
        leases.push(grant["ID"].as_str().context("lease id")?.to_owned());
    }
    let etcd_reg = register(CLIENTS, |n| {
        let (client, url) = (client.clone(), format!("{etcd}/v3/kv/put"));
        let lease = leases[n as usize % CLIENTS].clone();
        async move {
            let key = format!("/services/{}/{n:05}", name(n));
            let value = json!({"name": name(n), "port": 1 + n % 60000}).to_string();
            let body = json!({"key": b64(&key), "value": b64(&value), "lease": lease});
            let response = client.post(url).json(&body).send().await?;
            anyhow::ensure!(response.status() == 200, "etcd answered {}", response.status());
            Ok(())
        }
    })
    .await?;

    let berth_one =
        lookups(NAME_LOOKUPS, || client.get(format!("{berth}/services/{}", name(7))).send())
            .await?;
    let etcd_one = lookups(NAME_LOOKUPS, || {
        let prefix = format!("/services/{}/", name(7));
        let body = json!({"key": b64(&prefix), "range_end": b64(&prefix_end(&prefix))});
        client.post(format!("{etcd}/v3/kv/range")).json(&body).send()
    })
    .await?;
    let berth_all =
        lookups(LIST_LOOKUPS, || client.get(format!("{berth}/services")).send()).await?;
    let etcd_all = lookups(LIST_LOOKUPS, || {
        let body = json!({"key": b64("/services/"), "range_end": b64("/services0")});
        client.post(format!("{etcd}/v3/kv/range")).json(&body).send()
    })
    .await?;

    println!("{:<34} {:>12} {:>12} {:>8}", "", "berth", "etcd 3.4", "ratio");
    row("registrations/s (8 clients)", berth_reg.0, etcd_reg.0, berth_reg.0 / etcd_reg.0);
    row("registration p50 (ms)", berth_reg.1, etcd_reg.1, etcd_reg.1 / berth_reg.1);
    row("one-name lookup p50 (ms)", berth_one.0, etcd_one.0, etcd_one.0 / berth_one.0);
    row("one-name lookup p99 (ms)", berth_one.1, etcd_one.1, etcd_one.1 / berth_one.1);
    row("full 10,000 list p50 (ms)", berth_all.0, etcd_all.0, etcd_all.0 / berth_all.0);
    row("full 10,000 list p99 (ms)", berth_all.1, etcd_all.1, etcd_all.1 / berth_all.1);
    println!("(ratio: how many times better Berth is; above 1 means Berth wins)");
    Ok(())
}

fn row(label: &str, berth: f64, etcd: f64, ratio: f64) {
    println!("{label:<34} {berth:>12.2} {etcd:>12.2} {ratio:>7.2}x");
}

/// Runs `INSTANCES` registrations on `clients` concurrent connections;
/// returns registrations per second and the median latency in ms.
async fn register<F, Fut>(clients: usize, make: F) -> anyhow::Result<(f64, f64)>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let began = Instant::now();
    let latencies: Vec<anyhow::Result<Duration>> = futures_util::stream::iter(0..INSTANCES)
        .map(|n| {
            let request = make(n);
            async move {
                let start = Instant::now();
                request.await.map(|()| start.elapsed())
            }
        })
        .buffer_unordered(clients)
        .collect()
        .await;
    let elapsed = began.elapsed();
    let latencies = latencies.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    Ok((f64::from(INSTANCES) / elapsed.as_secs_f64(), percentile(latencies, 0.50)))
}

/// Runs `count` sequential lookups; returns p50 and p99 in ms.
async fn lookups<F, Fut>(count: usize, make: F) -> anyhow::Result<(f64, f64)>
where
    F: Fn() -> Fut,
    Fut: Future<Output = reqwest::Result<reqwest::Response>>,
{
    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        let start = Instant::now();
        let response = make().await?;
        anyhow::ensure!(response.status() == 200, "lookup answered {}", response.status());
        let body = response.bytes().await?;
        latencies.push(start.elapsed());
        anyhow::ensure!(body.len() > 100, "lookup found nothing");
    }
    Ok((percentile(latencies.clone(), 0.50), percentile(latencies, 0.99)))
}

fn percentile(mut samples: Vec<Duration>, at: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * at).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}

fn name(n: u32) -> String {
    format!("svc-{:03}", n % NAMES)
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The smallest key after every key with this prefix.
fn prefix_end(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    if let Some(last) = bytes.last_mut() {
        *last += 1;
    }
    String::from_utf8(bytes).unwrap_or_default()
}

async fn wait_up(client: &reqwest::Client, url: &str, post: bool) -> anyhow::Result<()> {
    for _ in 0..200 {
        let request = if post { client.post(url).body("{}") } else { client.get(url) };
        if request.send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("{url} never answered")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Kills the child process when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
