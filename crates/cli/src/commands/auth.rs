//! `sign-in`, `sign-out`, `whoami`.

use ads_onboard_core::auth::{browser, CancelToken, PasteHandle};
use serde_json::json;
use std::io::BufRead;
use std::time::Duration;

use super::{print_json, sandbox_notice};
use crate::cli::{GlobalArgs, SignInArgs, SignOutArgs};
use crate::context::{Context, Overrides};
use crate::error::{CliError, CliResult, EXIT_OK};

const BROWSER_PAGE_GRACE: Duration = Duration::from_millis(250);

pub async fn sign_in(global: &GlobalArgs, args: SignInArgs) -> CliResult<u8> {
    let ctx = Context::open(
        global,
        Overrides {
            region: args.region,
            sign_in_timeout: Some(Duration::from_secs_f64(args.timeout)),
        },
    )
    .await?;
    sandbox_notice(&ctx);
    if let Some(w) = ctx.auth.storage_warning() {
        eprintln!("warning: {w}");
    }
    // The CLI process ends, so the sign-in is always kept (in the keychain or the file).
    let sign_in = ctx.auth.start_sign_in(true)?;
    eprintln!("Sign in with Amazon at this address:");
    eprintln!("{}", sign_in.authorize_url());
    if !args.no_browser {
        if let Err(e) = browser::open(sign_in.authorize_url()) {
            eprintln!("Could not open a browser ({e}); open the address above yourself.");
        }
    }
    eprintln!(
        "Waiting for Amazon's answer at {}. If your browser runs on another machine, paste the address it was redirected to here and press Enter.",
        sign_in.redirect_uri()
    );
    forward_pasted_lines(sign_in.paste_handle());
    let cancel = CancelToken::new();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let result = sign_in.wait(cancel).await;
    // The browser's "signed in" page is written by a listener task after `wait` returns;
    // this process ends right after, so give that task a moment to finish the page.
    tokio::time::sleep(BROWSER_PAGE_GRACE).await;
    let user = result?;
    eprintln!("Signed in as {}.", user.display_name());
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
    let ctx = Context::open(global, Overrides::default()).await?;
    let targets: Vec<String> = if args.all {
        ctx.auth.users().into_iter().map(|u| u.user_id).collect()
    } else if let Some(id) = args.user {
        vec![id]
    } else {
        match ctx.auth.active_user() {
            Some(u) => vec![u.user_id],
            None => {
                return Err(CliError::with_code(
                    "SIGN_IN_REQUIRED",
                    "Nobody is signed in, so there is nothing to sign out.",
                ))
            }
        }
    };
    let mut notices = Vec::new();
    for id in targets {
        let notice = ctx.auth.sign_out(&id)?;
        eprintln!("{}", notice.message);
        notices.push(notice);
    }
    print_json(&json!({ "signedOut": notices.iter().map(|n| &n.user).collect::<Vec<_>>() }))?;
    Ok(EXIT_OK)
}

pub async fn whoami(global: &GlobalArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    let Some(user) = ctx.auth.active_user() else {
        return Err(CliError::with_code(
            "SIGN_IN_REQUIRED",
            "Nobody is signed in. Run `ads-onboard-cli sign-in`.",
        ));
    };
    print_json(&json!({
        "user": user,
        "otherUsers": ctx.auth.users().into_iter().filter(|u| u.user_id != user.user_id).collect::<Vec<_>>(),
        "sandbox": ctx.auth.uses_sandbox(),
        "clientId": ctx.auth.client_id(),
        "region": ctx.settings.region,
    }))?;
    Ok(EXIT_OK)
}
