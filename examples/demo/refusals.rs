//! Keeps the refusals `cors-runtime` logs (feature `tracing`) so the page can show why a
//! call was blocked. A real application sends them to its usual tracing subscriber.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, filter};

/// The last refusals, oldest first, and how many were logged in all. `Default` keeps them
/// silently; the one `install` makes also prints each of them.
#[derive(Clone, Default)]
pub(crate) struct RefusalLog {
    inner: Arc<Mutex<(usize, VecDeque<String>)>>,
    echo: bool,
}

const KEPT: usize = 200;

impl RefusalLog {
    /// Installs the log as the global subscriber for `cors_runtime`'s debug events, and
    /// prints each refusal on standard output.
    pub(crate) fn install() -> Self {
        let log = RefusalLog {
            echo: true,
            ..RefusalLog::default()
        };
        tracing_subscriber::registry()
            .with(log.clone().with_filter(
                filter::Targets::new().with_target("cors_runtime", tracing::Level::DEBUG),
            ))
            .init();
        log
    }

    /// `(total logged, kept entries)`.
    pub(crate) fn snapshot(&self) -> (usize, Vec<String>) {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (guard.0, guard.1.iter().cloned().collect())
    }

    fn push(&self, line: String) {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0 += 1;
        if guard.1.len() == KEPT {
            guard.1.pop_front();
        }
        guard.1.push_back(line);
    }
}

/// Renders an event's fields as `message (origin ..., detail ...)`.
#[derive(Default)]
struct Line {
    message: String,
    context: String,
}

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => {
                let _ = write!(self.message, "{value:?}");
            }
            "reason" => {}
            name => {
                let text = format!("{value:?}");
                if !text.is_empty() {
                    if !self.context.is_empty() {
                        self.context.push_str(", ");
                    }
                    let _ = write!(self.context, "{name} {text}");
                }
            }
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }
}

impl<S: Subscriber> Layer<S> for RefusalLog {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut line = Line::default();
        event.record(&mut line);
        let text = if line.context.is_empty() {
            line.message
        } else {
            format!("{} ({})", line.message, line.context)
        };
        if self.echo {
            println!("refused: {text}");
        }
        self.push(text);
    }
}
