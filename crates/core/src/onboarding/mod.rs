//! The one layer both front ends call: every operation a user of Ads Onboard can ask
//! for (sign in, accept the agreement, register and follow, look back, export, change
//! settings, open a link), with the rules that decide it. The app's commands and the
//! CLI's subcommands are a few lines over these calls; neither decides anything itself.
//!
//! Everything that waits (sign-in, the agreement, a registration, profile IDs arriving)
//! reports through one stream of [`Progress`], which the app turns into window events
//! and the CLI into lines on stderr.

mod agreement;
mod error;
mod export;
mod follow;
mod look;
mod progress;
mod settings;
mod setup;
mod signin;

pub use error::{notice_words, Error, Plain, Result};
pub use export::{Export, ExportFormat};
pub use look::{AccountAtAmazon, AccountsAtAmazon, Billing, BillingCountry, Found, Record};
pub use progress::{
    AccountProgress, AgreementProgress, LinkProgress, LinkPurpose, Progress, ProgressStream,
    SignInPhase, SignInProgress,
};
pub use settings::{AppInfo, DetailsRules, SettingsView};
pub use setup::{EmbeddedSandbox, SandboxStarter, Setup};
pub use signin::{SignInStarted, Users};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::auth::Keychain;
use crate::config::Overrides;
use crate::store::Store;

/// How a front end opens the layer.
#[derive(Clone, Default)]
pub struct Options {
    /// The CLI's flags; the app has none.
    pub overrides: Overrides,
    /// Starts the built-in sandbox when the settings call for it (the sandbox crate's
    /// starter; core itself does not depend on the sandbox).
    pub sandbox: Option<SandboxStarter>,
    /// False when the user asked for links to be printed only (`--no-browser`).
    pub open_browser: bool,
    /// How long a sign-in waits for the browser (default: 15 minutes).
    pub sign_in_timeout: Option<std::time::Duration>,
}

/// Ads Onboard for one data folder. Cheap to clone; every clone is the same app.
#[derive(Clone)]
pub struct Onboarding {
    inner: Arc<Inner>,
}

struct Inner {
    data_dir: PathBuf,
    options: Options,
    store: Store,
    /// Warnings from opening the data folder, shown once by each front end.
    warnings: Vec<String>,
    keychain: Arc<Keychain>,
    setup: RwLock<Arc<Setup>>,
    embedded: tokio::sync::Mutex<Option<EmbeddedSandbox>>,
    progress: progress::Sender,
    /// Where registration engines report; relayed to `progress` (see `relay`).
    engine_events: crate::registration::ProgressSender,
    sign_in: Mutex<Option<signin::Pending>>,
    agreement: Mutex<Option<agreement::Watch>>,
    followers: Mutex<HashMap<String, tokio::task::JoinHandle<()>>>,
}

impl Onboarding {
    /// Opens the data folder, reads the settings and builds what they call for (the
    /// built-in sandbox included). Returns the layer and its progress stream.
    pub async fn open(data_dir: &Path, options: Options) -> Result<(Onboarding, ProgressStream)> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
        let (store, warning) = Store::open(data_dir)?;
        let mut warnings: Vec<String> = warning.iter().map(|w| format!("{w:?}")).collect();
        let (tx, stream) = progress::channel();
        let keychain = Arc::new(Keychain::open(data_dir));
        let embedded = tokio::sync::Mutex::new(None);
        let (setup, setup_warnings) =
            setup::build(data_dir, &options, &keychain, &embedded).await?;
        warnings.extend(setup_warnings);
        let (engine_events, mut events) = tokio::sync::mpsc::unbounded_channel();
        let inner = Inner {
            data_dir: data_dir.to_path_buf(),
            options,
            store,
            warnings,
            keychain,
            setup: RwLock::new(Arc::new(setup)),
            embedded,
            progress: tx,
            engine_events,
            sign_in: Mutex::new(None),
            agreement: Mutex::new(None),
            followers: Mutex::new(HashMap::new()),
        };
        let me = Onboarding {
            inner: Arc::new(inner),
        };
        // Holds only a weak handle, so dropping the last Onboarding ends the relay.
        let weak = Arc::downgrade(&me.inner);
        tokio::spawn(async move {
            while let Some(ev) = events.recv().await {
                match weak.upgrade() {
                    Some(inner) => Onboarding { inner }.relay(ev),
                    None => break,
                }
            }
        });
        Ok((me, stream))
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// What opening the data folder and reading the settings had to say.
    pub fn warnings(&self) -> &[String] {
        &self.inner.warnings
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The configuration in force.
    pub fn setup(&self) -> Arc<Setup> {
        self.inner
            .setup
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Re-reads the settings and rebuilds what depends on them (after Settings were
    /// saved or the region changed).
    pub(crate) async fn reload(&self) -> Result<Arc<Setup>> {
        let i = &self.inner;
        let (setup, _) = setup::build(&i.data_dir, &i.options, &i.keychain, &i.embedded).await?;
        let setup = Arc::new(setup);
        *i.setup.write().unwrap_or_else(|p| p.into_inner()) = setup.clone();
        Ok(setup)
    }

    /// Opens `url` in the user's browser if the link policy allows it.
    pub fn open_url(&self, url: &str) -> Result<()> {
        self.setup().links.open(url, self.data_dir())?;
        Ok(())
    }

    /// Offers a link the flow produced (sign-in page, agreement): opened under the link
    /// policy unless the user asked for links to be shown only. Either way it goes out on
    /// the progress stream, so the front end shows it to copy, with why it was not opened.
    pub(crate) fn offer_link(&self, purpose: LinkPurpose, url: &str) {
        let outcome = match self.inner.options.open_browser {
            true => self.setup().links.open(url, self.data_dir()).map(|_| true),
            false => self.setup().links.check(url).map(|_| false),
        };
        let (opened, problem) = match outcome {
            Ok(opened) => (opened, None),
            Err(e) => {
                tracing::warn!("{e}");
                (false, Some(e.to_string()))
            }
        };
        self.emit(Progress::Link(LinkProgress {
            purpose,
            url: url.to_string(),
            opened,
            problem,
        }));
    }

    pub(crate) fn emit(&self, p: Progress) {
        self.inner.progress.send(p);
    }

    /// Where the page's wizard was left (step, draft, current registration).
    pub fn wizard_state(&self) -> serde_json::Value {
        crate::wizard_state::load(&self.inner.data_dir)
    }

    pub fn save_wizard_state(&self, value: &serde_json::Value) -> Result<()> {
        crate::wizard_state::save(&self.inner.data_dir, value)
            .map_err(|e| Error::io(&crate::wizard_state::path(&self.inner.data_dir), e))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
