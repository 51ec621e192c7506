//! A real `berth serve` process on a free loopback port, for API tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A running `berth serve`; killed when dropped.
pub struct Serve {
    child: Child,
    pub base: String,
    pub db: PathBuf,
    dir: PathBuf,
    auto_register: bool,
}

impl Serve {
    /// Starts a server on a fresh database in `dir`.
    pub async fn start(dir: &Path, auto_register: bool) -> Serve {
        Self::start_on(dir, &dir.join("registry.sqlite3"), auto_register).await
    }

    /// Starts a server on an existing (or new) database file.
    pub async fn start_on(dir: &Path, db: &Path, auto_register: bool) -> Serve {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_berth"));
        command
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            .env("BERTH_DATA_DIR", dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if !auto_register {
            command.arg("--no-auto-register");
        }
        let child = command.spawn().expect("the berth binary starts");
        let serve = Serve {
            child,
            base: format!("http://127.0.0.1:{port}"),
            db: db.to_owned(),
            dir: dir.to_owned(),
            auto_register,
        };
        serve.wait_ready().await;
        serve
    }

    /// Kills the process with SIGKILL, as a crash would.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts a new server on the same database.
    pub async fn restart(mut self) -> Serve {
        self.kill_hard();
        Serve::start_on(&self.dir.clone(), &self.db.clone(), self.auto_register).await
    }

    async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if client.get(format!("{}/catalog", self.base)).send().await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("berth serve did not answer on {}", self.base);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs a path and returns its status and JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        answer(reqwest::Client::new().get(self.url(path)).send().await).await
    }

    /// POSTs JSON text to a path.
    pub async fn post(&self, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let request = reqwest::Client::new()
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body);
        answer(request.send().await).await
    }

    pub async fn put(&self, path: &str) -> (u16, Value) {
        answer(reqwest::Client::new().put(self.url(path)).send().await).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        answer(reqwest::Client::new().delete(self.url(path)).send().await).await
    }

    /// Polls `path` until `test` accepts its body, failing after `limit`.
    pub async fn wait_for(
        &self,
        path: &str,
        limit: Duration,
        test: impl Fn(&Value) -> bool,
    ) -> Value {
        let began = std::time::Instant::now();
        loop {
            let (_, body) = self.get(path).await;
            if test(&body) {
                return body;
            }
            assert!(began.elapsed() < limit, "{path} never matched; last answer: {body}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

async fn answer(response: reqwest::Result<reqwest::Response>) -> (u16, Value) {
    let response = response.expect("berth serve answers");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
