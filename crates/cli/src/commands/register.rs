//! `register --from FILE` and `resume [ID]`: the core registration engine, with its
//! progress on stderr and the final account on stdout.

use ads_onboard_core::api::accounts::AccountStatus;
use ads_onboard_core::api::terms::{TermsToken, TermsTokenStatus};
use ads_onboard_core::auth::browser;
use ads_onboard_core::details::{import_csv, import_json, ImportError, RegistrationDetails};
use ads_onboard_core::registration::{
    EngineError, ProgressEvent, Registration, RegistrationEngine, RegistrationState, Timings,
};
use ads_onboard_core::store::Store;
use serde_json::{json, Value};
use std::io::Read;
use std::path::Path;
use std::time::Duration;
use tokio::sync::mpsc;

use super::status::{account_view, exit_for_unfinished};
use super::{print_json, sandbox_notice};
use crate::cli::{GlobalArgs, RegisterArgs, ResumeArgs};
use crate::context::{Context, Overrides};
use crate::error::{
    CliError, CliResult, EXIT_BAD_INPUT, EXIT_DISABLED, EXIT_OK, EXIT_PENDING_TIMEOUT,
};
use crate::progress::Progress;

/// Exit status after Ctrl-C (128 + SIGINT), as shells expect.
const EXIT_INTERRUPTED: u8 = 130;

pub async fn register(global: &GlobalArgs, args: RegisterArgs) -> CliResult<u8> {
    let details = read_details(&args.from)?;
    let errors = details.validate();
    if let Some(first) = errors.first() {
        let all: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        return Err(CliError::bad_input(
            Some(&first.field),
            format!("The details need fixing: {}", all.join("; ")),
        ));
    }
    let given_token = args.terms_token.as_deref().map(str::trim);
    if given_token == Some("") {
        return Err(CliError::bad_input(
            Some("--terms-token"),
            "--terms-token is empty",
        ));
    }
    let ctx = Context::open(global, Overrides::default()).await?;
    sandbox_notice(&ctx);
    let (engine, events) = engine(&ctx, args.timeout)?;
    let mut reg = engine.create(details).map_err(engine_error)?;
    eprintln!(
        "Registration {} started (continue it later with `ads-onboard-cli resume {}`).",
        reg.id, reg.id
    );
    if let Some(token) = given_token {
        use_given_token(&engine, &mut reg, token)?;
        eprintln!("Using terms token {token}; registering once it is ACCEPTED.");
    }
    let printer = spawn_printer(events, !args.no_browser);
    let id = reg.id.clone();
    let result = if args.no_wait {
        until_registered(&engine, &id).await
    } else {
        interruptible(&id, engine.run(&id)).await
    };
    drop(engine);
    let _ = printer.await;
    finish(result?, args.no_wait)
}

pub async fn resume(global: &GlobalArgs, args: ResumeArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    sandbox_notice(&ctx);
    let (engine, events) = engine(&ctx, args.timeout)?;
    let reg = find_resumable(engine.store(), args.id.as_deref())?;
    eprintln!("Resuming registration {} ({}).", reg.id, reg.state);
    let awaiting_terms =
        |s: Option<RegistrationState>| s == Some(RegistrationState::TermsTokenCreated);
    if awaiting_terms(Some(reg.state))
        || (reg.state == RegistrationState::TimedOut && awaiting_terms(reg.resume_state))
    {
        if let Some(t) = &reg.terms {
            if !t.terms_url.is_empty() {
                super::terms::show_terms_url(t, !args.no_browser);
            }
        }
    }
    let printer = spawn_printer(events, !args.no_browser);
    let result = interruptible(&reg.id, engine.run(&reg.id)).await;
    drop(engine);
    let _ = printer.await;
    finish(result?, false)
}

type Events = mpsc::UnboundedReceiver<ProgressEvent>;

fn engine(ctx: &Context, timeout: Option<f64>) -> CliResult<(RegistrationEngine, Events)> {
    let api = ctx.api(None)?;
    let (store, warning) = Store::open(&ctx.data_dir).map_err(store_error)?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    let mut timings = Timings::from_settings(&ctx.settings);
    if let Some(secs) = timeout {
        timings.timeout = Duration::from_secs_f64(secs);
    }
    // Profile IDs follow CREATED within seconds; never wait for them past the time limit.
    timings.profile_wait = timings.profile_wait.min(timings.timeout);
    let (tx, rx) = mpsc::unbounded_channel();
    Ok((
        RegistrationEngine::new(api, store, timings).with_progress(tx),
        rx,
    ))
}

/// A token accepted beforehand (e.g. with `terms --wait`): the engine starts by checking
/// its status instead of creating a new one.
fn use_given_token(
    engine: &RegistrationEngine,
    reg: &mut Registration,
    token: &str,
) -> CliResult<()> {
    reg.terms = Some(TermsToken {
        terms_token: token.to_string(),
        terms_url: String::new(),
    });
    reg.terms_status = Some(TermsTokenStatus::Created);
    reg.state = RegistrationState::TermsTokenCreated;
    engine
        .store()
        .save(
            reg,
            "transition",
            json!({"termsToken": token, "note": "terms token given on the command line"}),
        )
        .map_err(store_error)
}

/// `--no-wait`: one persisted step at a time until Amazon answered the submit.
async fn until_registered(engine: &RegistrationEngine, id: &str) -> CliResult<Outcome> {
    loop {
        let reg = engine.step(id).await.map_err(engine_error)?;
        if reg.account.is_some() || reg.state.is_final() {
            return Ok(Ok(reg));
        }
    }
}

/// Ctrl-C leaves the registration as stored (every transition is saved first), so it
/// can be resumed; say how.
async fn interruptible(
    id: &str,
    run: impl std::future::Future<Output = Result<Registration, EngineError>>,
) -> CliResult<Outcome> {
    tokio::select! {
        r = run => r.map(Ok).map_err(engine_error),
        _ = tokio::signal::ctrl_c() => {
            eprintln!("Interrupted. Continue with `ads-onboard-cli resume {id}`.");
            Ok(Err(EXIT_INTERRUPTED))
        }
    }
}

/// `run`: the registration, or the exit code when interrupted.
type Outcome = Result<Registration, u8>;

fn finish(outcome: Outcome, no_wait: bool) -> CliResult<u8> {
    let reg = match outcome {
        Ok(reg) => reg,
        Err(code) => return Ok(code),
    };
    let code = exit_code(&reg, no_wait);
    if reg.state == RegistrationState::Rejected {
        let field = reg.field_errors.first().map(|f| f.field.clone());
        let message = reg
            .last_error
            .clone()
            .unwrap_or_else(|| "Amazon refused the registration details".into());
        print_json(&result_json(&reg))?;
        return Err(CliError {
            code: "REJECTED",
            ..CliError::bad_input(field.as_deref(), format!("{message}. {}", reg.next_step()))
        });
    }
    if reg.state == RegistrationState::TimedOut {
        eprintln!(
            "Amazon has not finished yet. Continue later with `ads-onboard-cli resume {}`; it picks up where it stopped and never registers twice.",
            reg.id
        );
    } else {
        eprintln!("{}", reg.next_step());
    }
    print_json(&result_json(&reg))?;
    Ok(code)
}

fn exit_code(reg: &Registration, no_wait: bool) -> u8 {
    match reg.state {
        RegistrationState::Created => EXIT_OK,
        RegistrationState::Disabled => EXIT_DISABLED,
        RegistrationState::Rejected => EXIT_BAD_INPUT,
        _ if no_wait && reg.account.is_some() => EXIT_OK,
        RegistrationState::TimedOut => match reg.resume_state {
            Some(RegistrationState::PartiallyCreated) => {
                exit_for_unfinished(Some(&AccountStatus::PartiallyCreated))
            }
            _ => EXIT_PENDING_TIMEOUT,
        },
        _ => exit_for_unfinished(reg.account.as_ref().and_then(|a| a.status.as_ref())),
    }
}

/// The account (with alternateIds and per-country profiles), or what there is so far.
fn result_json(reg: &Registration) -> Value {
    let mut v = match &reg.account {
        Some(a) => account_view(a, Some(&reg.id)),
        None => json!({ "registrationId": reg.id }),
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("registrationState".into(), json!(reg.state));
        if let Some(t) = reg.terms.as_ref().filter(|_| reg.account.is_none()) {
            o.insert("termsToken".into(), json!(t.terms_token));
            o.insert("termsUrl".into(), json!(t.terms_url));
        }
        if !reg.field_errors.is_empty() {
            o.insert("fieldErrors".into(), json!(reg.field_errors));
        }
    }
    v
}

/// Turns engine events into stderr lines; the termsUrl gets its own line and is opened.
fn spawn_printer(mut events: Events, open_browser: bool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut progress = Progress::new();
        let mut shown_url: Option<String> = None;
        while let Some(ev) = events.recv().await {
            if ev.kind == "termsUrl" {
                if let Some(url) = ev.terms_url.as_deref().filter(|u| !u.is_empty()) {
                    if shown_url.as_deref() != Some(url) {
                        shown_url = Some(url.to_string());
                        progress.line("Accept the Amazon Ads Agreement at this address:");
                        progress.line(url);
                        if open_browser {
                            if let Err(e) = browser::open(url) {
                                progress.line(&format!(
                                    "Could not open a browser ({e}); open the address above yourself."
                                ));
                            }
                        }
                    }
                }
            }
            progress.update(ev.message.clone());
        }
        progress.finish();
    })
}

/// The registration to resume: by registration ID or ads account ID, else the newest
/// one that is not finished.
fn find_resumable(store: &Store, id: Option<&str>) -> CliResult<Registration> {
    let all = store.list().map_err(store_error)?;
    let reg = match id.map(str::trim) {
        Some(id) => all
            .into_iter()
            .find(|r| r.id == id || r.account_id() == Some(id))
            .ok_or_else(|| {
                CliError::bad_input(
                    Some("ID"),
                    format!("No registration {id:?} in this data folder (see `ads-onboard-cli history`)."),
                )
            })?,
        None => all.into_iter().find(resumable).ok_or_else(|| {
            CliError::with_code(
                "NOTHING_TO_RESUME",
                "There is no unfinished registration to resume (see `ads-onboard-cli history`).",
            )
        })?,
    };
    Ok(reg)
}

fn resumable(r: &Registration) -> bool {
    match r.state {
        RegistrationState::Created => !r.profiles_settled,
        RegistrationState::Disabled | RegistrationState::Rejected => false,
        _ => true,
    }
}

/// JSON or CSV by extension, else by the first character; `-` is stdin.
pub fn read_details(path: &Path) -> CliResult<RegistrationDetails> {
    let field = Some("--from");
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            CliError::bad_input(field, format!("cannot read {}: {e}", path.display()))
        })?
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    let is_json = match ext.as_deref() {
        Some("json") => true,
        Some("csv") => false,
        _ => matches!(first, Some('{') | Some('[')),
    };
    let parsed = if is_json {
        import_json(&text)
    } else {
        import_csv(&text)
    };
    let mut list = parsed.map_err(|e| import_error(path, e))?;
    if list.len() > 1 {
        return Err(CliError::bad_input(
            field,
            format!(
                "{} holds {} registrations; `register` takes one at a time (run it once per registration).",
                path.display(),
                list.len()
            ),
        ));
    }
    Ok(list.remove(0))
}

fn import_error(path: &Path, e: ImportError) -> CliError {
    CliError::bad_input(Some("--from"), format!("{}: {e}", path.display()))
}

fn store_error(e: ads_onboard_core::store::StoreError) -> CliError {
    CliError::with_code("STORE", e.to_string())
}

fn engine_error(e: EngineError) -> CliError {
    match e {
        EngineError::Api(a) => CliError::from(a),
        EngineError::Invalid(errors) => {
            let field = errors.first().map(|f| f.field.clone());
            CliError::bad_input(field.as_deref(), EngineError::Invalid(errors).to_string())
        }
        EngineError::Store(s) => store_error(s),
        other => CliError::with_code("REGISTRATION", other.to_string()),
    }
}
