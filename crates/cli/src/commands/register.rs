//! `terms [--wait]`, `register --from FILE` and `resume [ID]`: core's agreement and
//! registration calls, with their progress on stderr and the result on stdout.

use ads_onboard_core::api::terms::TermsToken;
use ads_onboard_core::details::{read_file, RegistrationDetails};
use ads_onboard_core::onboarding::{Error, Onboarding};
use ads_onboard_core::registration::{EngineError, Registration, RegistrationState};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

use super::print_json;
use super::status::{account_view, exit_for_unfinished};
use crate::cli::{GlobalArgs, RegisterArgs, ResumeArgs, TermsArgs};
use crate::error::{
    CliError, CliResult, EXIT_BAD_INPUT, EXIT_DISABLED, EXIT_OK, EXIT_PENDING_TIMEOUT,
};
use crate::open::{open, Open};

/// Exit status after Ctrl-C (128 + SIGINT), as shells expect.
const EXIT_INTERRUPTED: u8 = 130;

pub async fn terms(global: &GlobalArgs, args: TermsArgs) -> CliResult<u8> {
    let how = Open {
        browser: args.open,
        ..Open::default()
    };
    let (ob, printer) = open(global, how).await?;
    let started = ob.start_agreement().await;
    let waited = match (&started, args.wait) {
        (Ok(_), true) => Some(
            ob.wait_agreement(Duration::from_secs_f64(args.timeout))
                .await,
        ),
        _ => None,
    };
    printer.stop().await;
    let agreement = match waited {
        Some(w) => w.map_err(terms_error)?,
        None => started?,
    };
    print_json(&json!({
        "termsToken": agreement.terms_token,
        "termsUrl": agreement.terms_url,
        "termsTokenStatus": agreement.status,
    }))?;
    Ok(EXIT_OK)
}

fn terms_error(e: Error) -> CliError {
    match e {
        Error::Registration(EngineError::TermsNotAccepted {
            ref terms_token, ..
        }) => CliError::with_code(
            "TERMS_NOT_ACCEPTED",
            format!("{e} With this tool: pass --terms-token {terms_token} to `register`."),
        ),
        other => other.into(),
    }
}

pub async fn register(global: &GlobalArgs, args: RegisterArgs) -> CliResult<u8> {
    let details = read_details(&args.from)?;
    let errors = details.validate();
    if let Some(first) = errors.first() {
        let field = first.field.clone();
        return Err(CliError::bad_input(
            Some(&field),
            Error::Invalid(errors).to_string(),
        ));
    }
    let token = args.terms_token.as_deref().map(str::trim);
    if token == Some("") {
        return Err(CliError::bad_input(
            Some("--terms-token"),
            "--terms-token is empty",
        ));
    }
    let how = Open {
        browser: !args.no_browser,
        ..Open::default()
    };
    let (ob, printer) = open(global, how).await?;
    let terms = token.map(|t| TermsToken {
        terms_token: t.to_string(),
        terms_url: String::new(),
    });
    let reg = ob.start_registration(details, terms).await?;
    let id = reg.id.clone();
    eprintln!("Registration {id} started (continue it later with `ads-onboard-cli resume {id}`).");
    let limit = args.timeout.map(Duration::from_secs_f64);
    let outcome = match args.no_wait {
        true => ob.run_until_submitted(&id).await.map(Some),
        false => interruptible(&ob, &id, limit).await,
    };
    printer.stop().await;
    finish(outcome?, args.no_wait)
}

pub async fn resume(global: &GlobalArgs, args: ResumeArgs) -> CliResult<u8> {
    let how = Open {
        browser: !args.no_browser,
        ..Open::default()
    };
    let (ob, printer) = open(global, how).await?;
    let reg = ob
        .resumable(args.id.as_deref())
        .map_err(|e| match (e, &args.id) {
            (Error::NotFound(m), Some(_)) => {
                CliError::bad_input(Some("ID"), format!("{m} See `ads-onboard-cli history`."))
            }
            (Error::NotFound(m), None) => CliError::with_code(
                "NOTHING_TO_RESUME",
                format!("{m} See `ads-onboard-cli history`."),
            ),
            (other, _) => other.into(),
        })?;
    eprintln!("Resuming registration {} ({}).", reg.id, reg.state);
    let limit = args.timeout.map(Duration::from_secs_f64);
    let outcome = interruptible(&ob, &reg.id, limit).await;
    printer.stop().await;
    finish(outcome?, false)
}

/// Ctrl-C leaves the registration as stored (every transition is saved first), so it
/// can be resumed; say how. None when interrupted.
async fn interruptible(
    ob: &Onboarding,
    id: &str,
    limit: Option<Duration>,
) -> Result<Option<Registration>, Error> {
    tokio::select! {
        r = ob.run_registration(id, limit) => r.map(Some),
        _ = tokio::signal::ctrl_c() => {
            eprintln!("Interrupted. Continue with `ads-onboard-cli resume {id}`.");
            Ok(None)
        }
    }
}

fn finish(outcome: Option<Registration>, no_wait: bool) -> CliResult<u8> {
    let Some(reg) = outcome else {
        return Ok(EXIT_INTERRUPTED);
    };
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
    eprintln!("{}", reg.next_step());
    print_json(&result_json(&reg))?;
    Ok(exit_code(&reg, no_wait))
}

fn exit_code(reg: &Registration, no_wait: bool) -> u8 {
    match reg.state {
        RegistrationState::Created => EXIT_OK,
        RegistrationState::Disabled => EXIT_DISABLED,
        RegistrationState::Rejected => EXIT_BAD_INPUT,
        _ if no_wait && reg.account.is_some() => EXIT_OK,
        RegistrationState::TimedOut => match reg.resume_state {
            Some(RegistrationState::PartiallyCreated) => exit_for_unfinished(Some(
                &ads_onboard_core::api::accounts::AccountStatus::PartiallyCreated,
            )),
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

/// One registration from a JSON or CSV file (`-` is stdin), read as the app reads them.
fn read_details(path: &Path) -> CliResult<RegistrationDetails> {
    let field = Some("--from");
    let mut list = read_file(path)
        .map_err(|e| CliError::bad_input(field, format!("{}: {e}", path.display())))?;
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
