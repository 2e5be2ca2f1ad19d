//! Progress of a long build. The pipeline reports stages and rendered
//! pages to a [`Progress`]; [`Console`] shows them on standard error: a
//! progress bar (indicatif) on a terminal, plain lines elsewhere (CI logs),
//! nothing with `--quiet`. Plain lines start only once a build has run for
//! [`PLAIN_AFTER`] and come at most once per [`PLAIN_EVERY`], so a short
//! build (the shipped site's) prints only its summary line.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A stage of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Validate,
    Render,
    Write,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "reading",
            Stage::Validate => "validating",
            Stage::Render => "rendering",
            Stage::Write => "writing",
        }
    }
}

/// Receives a build's progress; may be called from several threads.
pub trait Progress: Sync {
    /// A stage begins.
    fn stage(&self, _stage: Stage) {}
    /// `done` of `total` pages are rendered and written.
    fn pages(&self, _done: usize, _total: usize) {}
    /// The build is over (successfully or not): clear any bar.
    fn finish(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// Plain lines begin after a build has run this long.
pub const PLAIN_AFTER: Duration = Duration::from_secs(2);
/// At most one plain line per this interval.
pub const PLAIN_EVERY: Duration = Duration::from_secs(2);

/// Progress on standard error, as fits where it goes.
pub struct Console {
    mode: Mode,
    start: Instant,
    state: Mutex<PlainState>,
}

enum Mode {
    Quiet,
    Bar(ProgressBar),
    Plain,
}

#[derive(Default)]
struct PlainState {
    stage: Option<Stage>,
    last_line: Option<Instant>,
}

impl Console {
    /// A bar when standard error is a terminal, plain lines otherwise,
    /// nothing when `quiet`.
    pub fn new(quiet: bool) -> Self {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} pages {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            // Keeps the elapsed time moving through stages without page ticks.
            bar.enable_steady_tick(Duration::from_millis(250));
            Mode::Bar(bar)
        } else {
            Mode::Plain
        };
        Console {
            mode,
            start: Instant::now(),
            state: Mutex::new(PlainState::default()),
        }
    }

    /// Prints a plain line if the build has run long enough and the last
    /// line is old enough (or `force`, for a new stage).
    fn plain(&self, line: impl FnOnce() -> String, force: bool) {
        let now = Instant::now();
        if now.duration_since(self.start) < PLAIN_AFTER {
            return;
        }
        let Ok(mut st) = self.state.lock() else { return };
        let due = st.last_line.is_none_or(|t| now.duration_since(t) >= PLAIN_EVERY);
        if force || due {
            st.last_line = Some(now);
            eprintln!("{}", line());
        }
    }
}

impl Progress for Console {
    fn stage(&self, stage: Stage) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => bar.set_message(stage.label()),
            Mode::Plain => {
                if let Ok(mut st) = self.state.lock() {
                    st.stage = Some(stage);
                }
                let secs = self.start.elapsed().as_secs_f64();
                self.plain(|| format!("{}… ({secs:.1} s)", stage.label()), true);
            }
        }
    }

    fn pages(&self, done: usize, total: usize) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
            Mode::Plain => {
                let secs = self.start.elapsed().as_secs_f64();
                self.plain(
                    || format!("rendering: {done}/{total} pages ({secs:.1} s)"),
                    done == total,
                );
            }
        }
    }

    fn finish(&self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_labels() {
        assert_eq!(Stage::Render.label(), "rendering");
        let quiet = Console::new(true);
        quiet.stage(Stage::Load);
        quiet.pages(1, 2);
        quiet.finish();
    }
}
