//! Figures of the real window, measured over WebDriver under Xvfb:
//!
//! - how long until the window lists 300 containers, from launch and from
//!   the moment the page is up;
//! - how long a `docker stop` in a terminal takes to reach the row (20
//!   times: median and worst), counted from issuing the command and from
//!   the command's return.
//!
//! Run with the app built (`cargo build -p berth-app --features
//! tauri/custom-protocol`, or `--release` and `BERTH_APP_PROFILE=release`):
//!
//! ```text
//! xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
//!   cargo bench -p berth-e2e --bench window
//! ```

#[path = "../tests/support/mod.rs"]
#[allow(dead_code, reason = "the tests use parts of the support module these figures do not")]
mod support;

use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
use berth::engine::ContainerSpec;
use berth::testkit::unique_name;
use futures_util::StreamExt;
use support::{App, eventually, sleeper};

const CONTAINERS: usize = 300;
const STOPS: usize = 20;

#[tokio::main]
async fn main() -> Result<()> {
    let (engine, sweeper) = support::engine().await?;

    let existing = engine.list_containers().await?.len();
    let wanted = CONTAINERS.saturating_sub(existing);
    let made: Vec<_> = futures_util::stream::iter(0..wanted)
        .map(|_| {
            let engine = engine.clone();
            let spec = ContainerSpec { start: false, ..sleeper(&unique_name("fig-list")) };
            async move { engine.create_container(&spec).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    made.into_iter().collect::<Result<Vec<_>, _>>()?;
    let total = engine.list_containers().await?.len();

    let launched = Instant::now();
    let app = App::launch().await?;
    let page_up = Instant::now();
    let count_rows = r#"return document.querySelectorAll('[data-testid="container-row"]').length"#;
    eventually(Duration::from_secs(60), "every container listed", || async {
        let shown = app.driver().execute(count_rows, vec![]).await?.convert::<usize>()?;
        Ok((shown >= total).then_some(()))
    })
    .await?;
    let listed = Instant::now();
    println!("containers on the engine:           {total}");
    println!("all rows shown, from launch:        {} ms", (listed - launched).as_millis());
    println!("all rows shown, from the page:      {} ms", (listed - page_up).as_millis());

    // Record in the page the moment each row turns exited.
    app.driver()
        .execute(
            r#"window.__exited = {};
            new MutationObserver(() => {
              const exited = '[data-testid="container-row"][data-state="exited"]';
              for (const row of document.querySelectorAll(exited)) {
                const name = row.getAttribute('data-name');
                if (!(name in window.__exited)) window.__exited[name] = Date.now();
              }
            }).observe(document.body, { subtree: true, attributes: true, childList: true });"#,
            vec![],
        )
        .await?;

    let mut from_issue = Vec::new();
    let mut from_return = Vec::new();
    for _ in 0..STOPS {
        let name = unique_name("fig-stop");
        engine.create_container(&sleeper(&name)).await?;
        app.wait_for(
            &format!(r#"{}[data-state="running"]"#, support::row(&name)),
            support::UI_TIMEOUT,
        )
        .await?;
        let issued = epoch_ms();
        let output = Command::new("docker").args(["stop", &name]).output()?;
        let returned = epoch_ms();
        ensure!(output.status.success(), "docker stop {name} failed");

        let script = format!("return window.__exited[{:?}] ?? null", name);
        let seen: i64 = eventually(support::UI_TIMEOUT, "the row to turn exited", || {
            let script = script.clone();
            let driver = app.driver();
            async move { Ok(driver.execute(&script, vec![]).await?.convert::<Option<i64>>()?) }
        })
        .await
        .context("the row never turned exited")?;
        from_issue.push(seen - issued);
        from_return.push(seen - returned);
    }
    let (median_issue, worst_issue) = summary(&mut from_issue);
    let (median_return, worst_return) = summary(&mut from_return);
    println!(
        "docker stop → row, from issuing:    median {median_issue} ms, worst {worst_issue} ms"
    );
    println!(
        "docker stop → row, from its return: median {median_return} ms, worst {worst_return} ms"
    );

    app.close().await?;
    drop(sweeper);
    Ok(())
}

fn summary(samples: &mut [i64]) -> (i64, i64) {
    samples.sort_unstable();
    (samples[samples.len() / 2], samples[samples.len() - 1])
}

fn epoch_ms() -> i64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}
