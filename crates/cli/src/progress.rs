//! Core's progress stream on stderr: a spinner when stderr is a terminal, plain lines
//! otherwise (so logs and CI output stay readable). Links get lines of their own, easy
//! to copy. Never writes to stdout.

use ads_onboard_core::onboarding::{Progress, ProgressStream};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Prints progress until stopped.
pub struct Printer {
    control: mpsc::UnboundedSender<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Printer {
    pub fn start(mut stream: ProgressStream) -> Printer {
        let (control, mut asks) = mpsc::unbounded_channel::<oneshot::Sender<()>>();
        let task = tokio::spawn(async move {
            let mut lines = Lines::new();
            loop {
                tokio::select! {
                    p = stream.recv() => match p {
                        Some(p) => lines.show(&p),
                        None => break,
                    },
                    ask = asks.recv() => {
                        // What was already said is printed before answering.
                        while let Ok(p) = stream.try_recv() {
                            lines.show(&p);
                        }
                        match ask {
                            Some(done) => { let _ = done.send(()); }
                            None => break,
                        }
                    }
                }
            }
            lines.finish();
        });
        Printer { control, task }
    }

    /// Returns once everything reported so far is printed, so a line the command
    /// prints next comes after it.
    pub async fn flush(&self) {
        let (done, flushed) = oneshot::channel();
        if self.control.send(done).is_ok() {
            let _ = flushed.await;
        }
    }

    /// Prints what is pending and stops.
    pub async fn stop(self) {
        self.flush().await;
        drop(self.control);
        let _ = self.task.await;
    }
}

struct Lines {
    spinner: Option<ProgressBar>,
    last: Option<String>,
}

impl Lines {
    fn new() -> Lines {
        let spinner = std::io::stderr().is_terminal().then(|| {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb.enable_steady_tick(Duration::from_millis(120));
            pb
        });
        Lines {
            spinner,
            last: None,
        }
    }

    fn show(&mut self, p: &Progress) {
        match p {
            Progress::Link(link) => {
                self.line(link.purpose.invitation());
                self.line(&link.url);
                if let Some(problem) = &link.problem {
                    self.line(&format!("Not opened: {problem}"));
                }
            }
            other => self.update(other.message()),
        }
    }

    /// A state update; repeated identical updates print once.
    fn update(&mut self, msg: &str) {
        if self.last.as_deref() == Some(msg) {
            return;
        }
        match &self.spinner {
            Some(pb) => pb.set_message(msg.to_string()),
            None => {
                let _ = writeln!(std::io::stderr(), "{msg}");
            }
        }
        self.last = Some(msg.to_string());
    }

    /// A line that must stay visible and be easy to copy (URLs): always printed alone.
    fn line(&self, msg: &str) {
        match &self.spinner {
            Some(pb) => pb.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    fn finish(&mut self) {
        if let Some(pb) = self.spinner.take() {
            pb.finish_and_clear();
        }
    }
}
