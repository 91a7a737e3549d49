//! Progress on stderr: a spinner when stderr is a terminal, plain lines otherwise
//! (so logs and CI output stay readable). Never writes to stdout.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::time::Duration;

pub struct Progress {
    spinner: Option<ProgressBar>,
    last: Option<String>,
}

impl Progress {
    pub fn new() -> Progress {
        let spinner = std::io::stderr().is_terminal().then(|| {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb.enable_steady_tick(Duration::from_millis(120));
            pb
        });
        Progress {
            spinner,
            last: None,
        }
    }

    /// A state update; repeated identical updates print once.
    pub fn update(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        if self.last.as_deref() == Some(msg.as_str()) {
            return;
        }
        match &self.spinner {
            Some(pb) => pb.set_message(msg.clone()),
            None => {
                let _ = writeln!(std::io::stderr(), "{msg}");
            }
        }
        self.last = Some(msg);
    }

    /// A line that must stay visible and be easy to copy (URLs): always printed alone.
    pub fn line(&self, msg: &str) {
        match &self.spinner {
            Some(pb) => pb.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    pub fn finish(&mut self) {
        if let Some(pb) = self.spinner.take() {
            pb.finish_and_clear();
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
