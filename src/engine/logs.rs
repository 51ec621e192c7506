//! Following a container's logs as whole lines, stdout and stderr apart.
//!
//! The engine sends arbitrary chunks; [`LineSplitter`] reassembles lines per
//! stream and cuts any line longer than [`LOG_LINE_LIMIT`] so one runaway
//! line cannot grow a buffer without bound.

use bollard::container::LogOutput;
use bollard::query_parameters::LogsOptionsBuilder;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

use super::{Engine, EngineError};

/// The longest line kept, in bytes; the rest of a longer line is dropped.
pub const LOG_LINE_LIMIT: usize = 16 * 1024;

/// Which output a log line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum LogStream {
    Stdout,
    Stderr,
}

/// One line of a container's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    pub stream: LogStream,
    /// The line without its newline, lossily decoded as UTF-8.
    pub text: String,
    /// Whether the line was longer than [`LOG_LINE_LIMIT`] and was cut.
    pub truncated: bool,
}

impl Engine {
    /// The last `tail` lines of a container's output, then new ones as they
    /// come, until the container stops or the stream is dropped.
    pub fn follow_logs(
        &self,
        id: &str,
        tail: u32,
    ) -> impl Stream<Item = Result<LogLine, EngineError>> + Send + 'static {
        let options = LogsOptionsBuilder::new()
            .follow(true)
            .stdout(true)
            .stderr(true)
            .tail(&tail.to_string())
            .build();
        let id = id.to_owned();
        let mut splitter = LineSplitter::default();
        self.docker.logs(&id, Some(options)).flat_map(move |chunk| {
            let lines = match chunk {
                Ok(LogOutput::StdErr { message }) => splitter.push(LogStream::Stderr, &message),
                Ok(LogOutput::StdOut { message } | LogOutput::Console { message }) => {
                    splitter.push(LogStream::Stdout, &message)
                }
                Ok(LogOutput::StdIn { .. }) => Vec::new(),
                Err(source) => vec![Err(EngineError::FollowLogs { id: id.clone(), source })],
            };
            futures_util::stream::iter(lines)
        })
    }
}

/// Reassembles lines from chunks, one pending buffer per stream.
#[derive(Debug, Default)]
pub struct LineSplitter {
    stdout: Pending,
    stderr: Pending,
}

#[derive(Debug, Default)]
struct Pending {
    bytes: Vec<u8>,
    /// Set once the current line passed the limit: its rest is skipped.
    overflowed: bool,
}

impl LineSplitter {
    /// Feeds a chunk and returns the lines it completed.
    pub fn push(&mut self, stream: LogStream, chunk: &[u8]) -> Vec<Result<LogLine, EngineError>> {
        let pending = match stream {
            LogStream::Stdout => &mut self.stdout,
            LogStream::Stderr => &mut self.stderr,
        };
        let mut lines = Vec::new();

        for piece in chunk.split_inclusive(|&b| b == b'\n') {
            let (body, ends_line) = match piece.strip_suffix(b"\n") {
                Some(body) => (body, true),
                None => (piece, false),
            };
            if !pending.overflowed {
                let room = LOG_LINE_LIMIT - pending.bytes.len();
                pending.bytes.extend_from_slice(&body[..body.len().min(room)]);
                pending.overflowed = body.len() > room;
            }
            if ends_line {
                lines.push(Ok(pending.take(stream)));
            }
        }
        lines
    }
}

impl Pending {
    fn take(&mut self, stream: LogStream) -> LogLine {
        let bytes = std::mem::take(&mut self.bytes);
        let truncated = std::mem::take(&mut self.overflowed);
        let text =
            String::from_utf8_lossy(bytes.strip_suffix(b"\r").unwrap_or(&bytes)).into_owned();
        LogLine { stream, text, truncated }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: Vec<Result<LogLine, EngineError>>) -> Vec<(LogStream, String, bool)> {
        lines.into_iter().map(|l| l.unwrap()).map(|l| (l.stream, l.text, l.truncated)).collect()
    }

    #[test]
    fn lines_split_across_chunks_are_joined_per_stream() {
        let mut splitter = LineSplitter::default();

        assert!(splitter.push(LogStream::Stdout, b"hel").is_empty());
        let err = texts(splitter.push(LogStream::Stderr, b"oops\n"));
        let out = texts(splitter.push(LogStream::Stdout, b"lo\nworld\r\n"));

        assert_eq!(err, [(LogStream::Stderr, "oops".into(), false)]);
        assert_eq!(
            out,
            [
                (LogStream::Stdout, "hello".into(), false),
                (LogStream::Stdout, "world".into(), false)
            ],
            "stderr in between does not break the stdout line"
        );
    }

    #[test]
    fn a_line_over_the_limit_is_cut_and_marked() {
        let mut splitter = LineSplitter::default();
        let long = vec![b'x'; LOG_LINE_LIMIT * 3];

        assert!(splitter.push(LogStream::Stdout, &long).is_empty());
        assert!(splitter.push(LogStream::Stdout, &long).is_empty());
        let lines = texts(splitter.push(LogStream::Stdout, b"tail\nnext\n"));

        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].1.len(), LOG_LINE_LIMIT, "kept up to the limit");
        assert!(lines[0].2, "marked as truncated");
        assert_eq!(lines[1], (LogStream::Stdout, "next".into(), false), "the next line is whole");
    }
}
