//! Logs and stats of real containers.

use std::time::Duration;

use berth::engine::{LOG_LINE_LIMIT, LogLine, LogStream};
use berth::testkit::unique_name;
use futures_util::StreamExt;

use crate::{setup, spec};

#[tokio::test]
async fn logs_tell_stdout_from_stderr_and_cut_long_lines() {
    let (engine, sweeper) = setup().await;
    let script = format!(
        "echo out-line; echo err-line >&2; head -c {} /dev/zero | tr '\\0' x; echo; echo after",
        LOG_LINE_LIMIT * 4
    );
    let mut form = spec(&sweeper, &unique_name("logs"), "");
    form.command = shell_words::join(["sh", "-c", &script]);
    let id = engine.create_container(&form).await.unwrap();

    let lines: Vec<LogLine> = tokio::time::timeout(
        Duration::from_secs(20),
        engine.follow_logs(&id, 100).map(|line| line.unwrap()).collect(),
    )
    .await
    .expect("the stream ends when the container exits");

    let find = |text: &str| lines.iter().find(|l| l.text == text).map(|l| l.stream);
    assert_eq!(find("out-line"), Some(LogStream::Stdout));
    assert_eq!(find("err-line"), Some(LogStream::Stderr));
    let long = lines.iter().find(|l| l.text.starts_with("xxx")).expect("the long line is there");
    assert!(long.truncated, "marked as cut");
    assert_eq!(long.text.len(), LOG_LINE_LIMIT, "kept up to the limit");
    assert_eq!(find("after"), Some(LogStream::Stdout), "the line after a long one is whole");
}

#[tokio::test]
async fn stats_report_cpu_and_memory_of_a_busy_container() {
    let (engine, sweeper) = setup().await;
    let mut form = spec(&sweeper, &unique_name("stats"), "");
    form.command = "sh -c 'yes > /dev/null'".into();
    form.memory_mib = Some(128);
    let id = engine.create_container(&form).await.unwrap();

    let samples: Vec<_> = engine.follow_stats(&id).take(3).map(|s| s.unwrap()).collect().await;

    let last = samples.last().unwrap();
    assert!(last.cpu_percent > 10.0, "a busy loop shows CPU use: {samples:?}");
    assert!(last.memory_bytes > 0, "some memory is used: {samples:?}");
    assert_eq!(last.memory_limit, 128 * 1024 * 1024, "the limit is the container's");
}
