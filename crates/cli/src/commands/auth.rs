//! `sign-in`, `sign-out`, `whoami`.

use ads_onboard_core::auth::PasteHandle;
use serde_json::json;
use std::io::BufRead;
use std::time::Duration;

use super::print_json;
use crate::cli::{GlobalArgs, SignInArgs, SignOutArgs};
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::open::{open, Open};

const BROWSER_PAGE_GRACE: Duration = Duration::from_millis(250);

pub async fn sign_in(global: &GlobalArgs, args: SignInArgs) -> CliResult<u8> {
    let how = Open {
        region: args.region,
        sign_in_timeout: Some(Duration::from_secs_f64(args.timeout)),
        browser: !args.no_browser,
    };
    let (ob, printer) = open(global, how).await?;
    if let Some(w) = ob.app_info().storage_warning {
        eprintln!("warning: {w}");
    }
    // The CLI process ends, so the sign-in is always kept (in the keychain or the file).
    let started = ob.start_sign_in(ob.setup().settings.region, true).await?;
    eprintln!(
        "Waiting for Amazon's answer at {}. If your browser runs on another machine, paste the address it was redirected to here and press Enter.",
        started.redirect_uri
    );
    forward_pasted_lines(started.paste);
    let on_interrupt = ob.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel_sign_in();
        }
    });
    let result = ob.wait_sign_in().await;
    // The browser's "signed in" page is written by a listener task after the wait ends;
    // this process ends right after, so give that task a moment to finish the page.
    tokio::time::sleep(BROWSER_PAGE_GRACE).await;
    printer.stop().await;
    let user = result?;
    if user.has_consumer_email() {
        eprintln!("note: Amazon usually refuses business registrations made with a personal email address; sign in with a work address to register a business.");
    }
    print_json(&user)?;
    Ok(EXIT_OK)
}

/// Lines typed on stdin (an SSH user pasting the redirected address) finish the sign-in;
/// a plain thread so a stdin that never closes cannot hold the process open.
fn forward_pasted_lines(paste: PasteHandle) {
    let handle = tokio::runtime::Handle::current();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            let line = line.trim().to_string();
            if line.is_empty() {
                continue;
            }
            if !handle.block_on(paste.submit(line)) {
                break;
            }
        }
    });
}

pub async fn sign_out(global: &GlobalArgs, args: SignOutArgs) -> CliResult<u8> {
    let (ob, printer) = open(global, Open::default()).await?;
    printer.stop().await;
    let targets: Vec<Option<String>> = if args.all {
        ob.users()
            .users
            .into_iter()
            .map(|u| Some(u.user_id))
            .collect()
    } else {
        vec![args.user]
    };
    let mut signed_out = Vec::new();
    for id in targets {
        let notice = ob.sign_out(id.as_deref()).map_err(|e| match e {
            ads_onboard_core::onboarding::Error::Auth(
                ads_onboard_core::auth::AuthError::SignInRequired,
            ) => CliError::with_code(
                "SIGN_IN_REQUIRED",
                "Nobody is signed in, so there is nothing to sign out.",
            ),
            other => other.into(),
        })?;
        eprintln!("{}", notice.message);
        signed_out.push(notice.user);
    }
    print_json(&json!({ "signedOut": signed_out }))?;
    Ok(EXIT_OK)
}

pub async fn whoami(global: &GlobalArgs) -> CliResult<u8> {
    let (ob, printer) = open(global, Open::default()).await?;
    printer.stop().await;
    let users = ob.users();
    let Some(user) = users.current else {
        return Err(CliError::with_code(
            "SIGN_IN_REQUIRED",
            "Nobody is signed in. Run `ads-onboard-cli sign-in`.",
        ));
    };
    let setup = ob.setup();
    print_json(&json!({
        "user": user,
        "otherUsers": users.users.into_iter().filter(|u| u.user_id != user.user_id).collect::<Vec<_>>(),
        "sandbox": setup.uses_sandbox(),
        "clientId": setup.auth()?.client_id(),
        "region": setup.settings.region,
    }))?;
    Ok(EXIT_OK)
}
