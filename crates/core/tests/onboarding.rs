//! The one layer both front ends call, over real loopback HTTP: the whole flow through
//! `Onboarding`, the agreement's watch handed to the registration (the token is never
//! asked about twice), the built-in sandbox started from the settings, one progress
//! stream, settings validated once, and the link policy.

mod common;

use std::sync::Arc;
use std::time::Duration;

use ads_onboard_core::api::terms::TermsToken;
use ads_onboard_core::config::{Region, Settings, SettingsInput, Source};
use ads_onboard_core::onboarding::{
    ExportFormat, LinkPurpose, Onboarding, Options, Progress, ProgressStream, SandboxStarter,
    SignInPhase,
};
use ads_onboard_core::registration::RegistrationState;
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};
use ads_onboard_test_support::free_port;
use common::{business, TempDir};
use serde_json::json;

fn browser() -> reqwest::Client {
    ads_onboard_core::http::client_builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A data folder whose settings use a free loopback return URL and fast checks.
fn data_folder(tag: &str, tweak: impl FnOnce(&mut Settings)) -> (TempDir, String) {
    // Hermetic: tokens in the data folder's 0600 file, not the machine's keychain.
    std::env::set_var("ADS_ONBOARD_INSECURE_STORAGE", "1");
    let dir = TempDir::new(tag);
    let redirect = format!("http://127.0.0.1:{}/callback", free_port());
    let mut s = Settings {
        redirect_uri: redirect.clone(),
        poll_interval_ms: 20,
        terms_poll_interval_ms: 20,
        ..Settings::default()
    };
    tweak(&mut s);
    s.save(dir.path()).unwrap();
    (dir, redirect)
}

async fn sandbox(redirect: &str, tweak: impl FnOnce(&mut SandboxConfig)) -> RunningSandbox {
    let mut cfg = SandboxConfig::for_tests();
    cfg.allowed_return_urls = vec![redirect.to_string()];
    tweak(&mut cfg);
    ads_onboard_sandbox::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn quiet() -> Options {
    Options {
        open_browser: false,
        ..Options::default()
    }
}

/// Signs in like the user's browser would (the sandbox approves at once).
async fn sign_in(ob: &Onboarding) {
    let started = ob.start_sign_in(Region::Na, true).await.unwrap();
    let page = browser().get(&started.url).send().await.unwrap();
    assert!(page.status().is_success(), "{}", page.status());
    ob.wait_sign_in().await.unwrap();
}

fn drain(stream: &mut ProgressStream) -> Vec<Progress> {
    std::iter::from_fn(|| stream.try_recv().ok()).collect()
}

fn term_checks(sb: &RunningSandbox) -> u64 {
    sb.control()
        .audit()
        .requests_by_method
        .iter()
        .filter(|(k, _)| k.starts_with("GET /termsTokens/"))
        .map(|(_, n)| n)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_flow_through_one_layer_with_one_progress_stream() {
    let (dir, redirect) = data_folder("layer-flow", |_| {});
    let sb = sandbox(&redirect, |c| {
        c.auto_accept_terms = Some(Duration::from_millis(50))
    })
    .await;
    let options = Options {
        overrides: ads_onboard_core::config::Overrides {
            sandbox_url: Some(sb.base_url()),
            ..Default::default()
        },
        ..quiet()
    };
    let (ob, mut stream) = Onboarding::open(dir.path(), options).await.unwrap();
    assert_eq!(ob.setup().source, Source::SandboxAt(sb.base_url()));

    sign_in(&ob).await;
    let agreement = ob.start_agreement().await.unwrap();
    let accepted = ob.wait_agreement(Duration::from_secs(10)).await.unwrap();
    assert!(accepted.accepted);
    let checks = term_checks(&sb);
    let terms = TermsToken {
        terms_token: agreement.terms_token.clone(),
        terms_url: agreement.terms_url.clone(),
    };
    let reg = ob
        .start_registration(business("Layer Co"), Some(terms))
        .await
        .unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::TermsAccepted,
        "the watch's answer is used"
    );
    let done = ob.run_registration(&reg.id, None).await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    assert_eq!(
        term_checks(&sb),
        checks,
        "nobody asked about the token again"
    );

    let id = done.account_id().unwrap().to_string();
    let csv = ob
        .export(std::slice::from_ref(&done.id), ExportFormat::Csv)
        .await
        .unwrap();
    assert!(csv.text.contains(&id), "{}", csv.text);
    assert_eq!(csv.file_name, "Layer-Co.csv");
    let by_account = ob
        .export(std::slice::from_ref(&id), ExportFormat::Json)
        .await
        .unwrap();
    assert_eq!(
        by_account.accounts[0].terms_token.as_deref(),
        Some(agreement.terms_token.as_str())
    );
    let linked = ob.accounts_at_amazon().await.unwrap();
    assert_eq!(linked.unreadable, 0);
    let mine = linked
        .accounts
        .iter()
        .find(|a| a.account.ads_account_id == id)
        .unwrap();
    assert_eq!(mine.registration_id.as_deref(), Some(done.id.as_str()));
    let billing = ob.billing(&done.id).await.unwrap();
    assert_eq!(
        billing.setup_url,
        format!("{}/billing/setup/{id}", sb.base_url()),
        "a business sets billing up on the sandbox's own page"
    );
    assert!(!billing.statuses.is_empty(), "{billing:?}");
    assert!(
        !mine.news(),
        "made here: History shows it once, as the registration"
    );

    let seen = drain(&mut stream);
    let has = |f: &dyn Fn(&Progress) -> bool| seen.iter().any(f);
    assert!(has(
        &|p| matches!(p, Progress::Link(l) if l.purpose == LinkPurpose::SignIn && !l.opened && l.problem.is_none())
    ));
    assert!(has(
        &|p| matches!(p, Progress::SignIn(s) if s.phase == SignInPhase::SignedIn)
    ));
    assert!(has(&|p| matches!(p, Progress::Agreement(a) if a.accepted)));
    assert!(has(
        &|p| matches!(p, Progress::Registration(e) if e.kind == "profiles")
    ));
}

/// With no client ID and nothing else configured, the layer starts the built-in sandbox
/// itself (with the starter the front end gives it), and the flow reaches it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_in_sandbox_starts_when_the_settings_call_for_it() {
    let (dir, _) = data_folder("layer-embedded", |_| {});
    let knobs = json!({"auto_approve": true, "verification_delay_ms": 0, "verification_delay_max_ms": 0, "profile_lag_ms": 0});
    let starter: SandboxStarter = Arc::new(move |mut config: serde_json::Value| {
        for (k, v) in knobs.as_object().unwrap() {
            config[k] = v.clone();
        }
        ads_onboard_sandbox::start_embedded(config)
    });
    let options = Options {
        sandbox: Some(starter),
        ..quiet()
    };
    let (ob, _stream) = Onboarding::open(dir.path(), options).await.unwrap();
    assert_eq!(ob.setup().source, Source::Embedded);
    let base = ob.setup().sandbox_base.clone().unwrap();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(
        dir.path().join("sandbox").is_dir(),
        "its state lives in the data folder"
    );
    sign_in(&ob).await;
    assert!(ob.users().current.is_some());
    // The sandbox's own pages may be opened; another local port may not.
    assert!(ob
        .setup()
        .links
        .check(&format!("{base}/terms/agreement/x"))
        .is_ok());
    assert!(ob.setup().links.check("http://127.0.0.1:1/").is_err());

    // Without a starter (a program with no built-in sandbox), it says what to do.
    let (dir2, _) = data_folder("layer-no-sandbox", |_| {});
    let err = Onboarding::open(dir2.path(), quiet()).await.err().unwrap();
    assert!(err.to_string().contains("ADS_ONBOARD_SANDBOX_URL"), "{err}");
}

/// The window and the CLI reach a sandbox through the endpoint settings alone, and
/// every link they open is checked by the same policy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_from_the_settings_are_used_and_trusted() {
    let port = free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let sb = sandbox(&redirect, |_| {}).await;
    let base = sb.base_url();
    let (dir, _) = data_folder("layer-endpoints", |s| {
        s.redirect_uri = redirect.clone();
        s.auth_url = Some(format!("{base}/ap/oa"));
        s.token_url = Some(format!("{base}/auth/o2/token"));
        s.api_url = Some(base.clone());
    });
    let (ob, _stream) = Onboarding::open(dir.path(), quiet()).await.unwrap();
    assert_eq!(ob.setup().source, Source::Overridden);
    sign_in(&ob).await;
    let agreement = ob.start_agreement().await.unwrap();
    assert!(ob.setup().links.check(&agreement.terms_url).is_ok());
    assert!(ob
        .setup()
        .links
        .check("https://advertising.amazon.com/x")
        .is_ok());
    assert!(ob.open_url("https://evil.example/").is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_validated_once_and_untouched_values_kept() {
    let (dir, redirect) = data_folder("layer-settings", |s| s.legacy_scope = true);
    let sb = sandbox(&redirect, |_| {}).await;
    let options = Options {
        overrides: ads_onboard_core::config::Overrides {
            sandbox_url: Some(sb.base_url()),
            ..Default::default()
        },
        ..quiet()
    };
    let (ob, _stream) = Onboarding::open(dir.path(), options).await.unwrap();
    let bad = SettingsInput {
        client_id: Some("amzn1.application-oa2-client.x".into()),
        poll_interval_ms: Some(300),
        token_url: Some("http://tokens.example.com/auth/o2/token".into()),
        ..Default::default()
    };
    let problems = ob.check_settings(&bad);
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["pollIntervalMs", "tokenUrl"], "{problems:?}");
    let err = ob.save_settings(&bad, None).await.unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let info = ob
        .save_settings(
            &SettingsInput {
                region: Some(Region::Eu),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(info.region, Region::Eu);
    let stored = Settings::load(dir.path()).unwrap().0;
    assert!(
        stored.legacy_scope,
        "a value the screen did not send is kept"
    );
    assert_eq!(stored.redirect_uri, redirect);
    // A secret without the client it belongs to is refused, not stored.
    let err = ob
        .save_settings(&SettingsInput::default(), Some("s3cret".into()))
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "clientId");
}
