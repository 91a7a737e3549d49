//! A full run (sign-in, register, export, history, a failed refresh) in a fresh data
//! folder with every trace event captured; then every file left in the folder, every log
//! line, the exports, the history, the progress events, the error messages and the Debug
//! output of the token-holding types are searched for the authorization code, the access
//! tokens, the refresh token and the client secret that were used. Only the user-only
//! secrets file (the keychain's fallback) may hold the refresh token and client secret.

use ads_onboard_core::api::{ApiClient, ApiOptions, RetryPolicy};
use ads_onboard_core::auth::{
    save_client_secret, Auth, AuthOptions, CancelToken, Keychain, Secret,
};
use ads_onboard_core::config::{Endpoints, Region, Settings};
use ads_onboard_core::export::{self, ExportedAccount};
use ads_onboard_core::registration::{RegistrationEngine, RegistrationState, Timings};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::SandboxConfig;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CLIENT_ID: &str = "amzn1.application-oa2-client.1eakc0ffee1eakc0ffee1eakc0ffee00";
const CLIENT_SECRET: &str = "amzn1.oa2-cs.v1.leak-test-5b8e0c7d9a4f4e21b6c3d2a1f0e9d8c7";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_or_secret_is_left_in_any_artefact_of_a_full_run() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("this test binary installs the only subscriber");

    let dir = std::env::temp_dir().join(format!(
        "ao-leaks-{}-{:x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}/callback");
    let mut cfg = SandboxConfig::for_tests();
    cfg.client_id = CLIENT_ID.into();
    cfg.client_secret = CLIENT_SECRET.into();
    cfg.allowed_return_urls = vec![redirect_uri.clone()];
    cfg.auto_accept_terms = Some(Duration::from_millis(5));
    let sandbox = ads_onboard_sandbox::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let endpoints = Endpoints::sandbox(&sandbox.base_url());

    // Settings as a configured (non-sandbox) LwA client: the secret is entered once and
    // kept in the secure store.
    let settings = Settings {
        client_id: Some(CLIENT_ID.into()),
        redirect_uri: redirect_uri.clone(),
        ..Settings::default()
    };
    let store = Arc::new(Keychain::file(&dir));
    save_client_secret(&store, CLIENT_ID, &Secret::new(CLIENT_SECRET)).unwrap();
    let auth = Auth::new(
        settings,
        endpoints.clone(),
        None,
        &dir,
        store,
        AuthOptions::default(),
    )
    .unwrap();

    let mut secrets: Vec<String> = vec![CLIENT_SECRET.into()];
    // Sign in through the loopback listener; note the code the browser carried.
    let sign_in = auth.start_sign_in(true).unwrap();
    let no_redirects = ads_onboard_core::http::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let to_app = no_redirects
        .get(sign_in.authorize_url())
        .send()
        .await
        .unwrap();
    let target = to_app.headers()["location"].to_str().unwrap().to_string();
    let code = url::Url::parse(&target)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    secrets.push(code);
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    assert!(reqwest::get(&target).await.unwrap().status().is_success());
    let user = waiting.await.unwrap().unwrap();
    let tokens = auth.tokens().unwrap();
    secrets.push(tokens.access_token().await.unwrap());
    let credentials = files_under(&dir)
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("credentials"))
        })
        .expect("the user-only secrets file");
    let stored: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(&credentials).unwrap()).unwrap();
    let refresh: Vec<String> = stored
        .values()
        .filter(|v| v.as_str() != CLIENT_SECRET)
        .cloned()
        .collect();
    assert_eq!(refresh.len(), 1, "one refresh token stored");
    secrets.extend(refresh.clone());

    // Register, with tokens expiring mid-flow so refreshed tokens pass through too.
    let api = ApiClient::new(
        endpoints.clone(),
        Region::Na,
        CLIENT_ID,
        tokens.clone(),
        ApiOptions {
            retry: RetryPolicy::fast(),
            ..ApiOptions::default()
        },
    )
    .unwrap();
    let (registrations, _) = Store::open(&dir).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let engine = RegistrationEngine::new(api.clone(), registrations.clone(), Timings::fast())
        .with_progress(tx);
    let reg = engine
        .create(ads_onboard_core::details::RegistrationDetails {
            account_name: Some("Leak Audit".into()),
            country_code: Some("US".into()),
            association: ads_onboard_core::api::accounts::Association::Business(
                ads_onboard_core::api::accounts::Business {
                    name: "Leak Audit LLC".into(),
                    phone: "555-555-0100".into(),
                    website_url: "www.havenhotel.com".into(),
                    address_line1: "450 W 33rd St.".into(),
                    address_line2: String::new(),
                    city: "New York".into(),
                    state: "NY".into(),
                    zip_code: "10001".into(),
                    country_code: "US".into(),
                },
            ),
        })
        .unwrap();
    sandbox.control().expire_access_tokens();
    let done = engine.run(&reg.id).await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    secrets.push(tokens.access_token().await.unwrap());
    drop(engine);
    let mut events = String::new();
    while let Ok(ev) = rx.try_recv() {
        events.push_str(&serde_json::to_string(&ev).unwrap());
    }
    assert!(
        events.contains("accountStatus"),
        "progress events were captured"
    );

    // Export and history, written where a user would keep them.
    let exported: Vec<ExportedAccount> = vec![
        export::with_billing(&api, done.account.as_ref().unwrap(), None).await,
        ExportedAccount::from_registration(&done, &BTreeMap::new()).unwrap(),
    ];
    std::fs::write(dir.join("export.csv"), export::to_csv(&exported).unwrap()).unwrap();
    std::fs::write(dir.join("export.json"), export::to_json(&exported).unwrap()).unwrap();
    let history = serde_json::to_string(&registrations.history(&reg.id).unwrap()).unwrap();
    let listed = serde_json::to_string(&registrations.list().unwrap()).unwrap();
    assert!(history.contains("submitted"), "history was read");

    // Failures: a refresh refused after the secret changed at Amazon, an API call without a
    // usable token. Their messages reach the UI.
    sandbox
        .control()
        .update_config(|c| c.client_secret = "rotated".into());
    sandbox.control().expire_access_tokens();
    let current = tokens.access_token().await.unwrap_or_default();
    let refresh_error = tokens
        .refresh_after_unauthorized(&current)
        .await
        .unwrap_err()
        .to_string();
    let api_error = api
        .list_ads_accounts()
        .await
        .map(|_| ())
        .unwrap_err()
        .to_string();
    let debug = format!(
        "{auth:?} {:?} {api:?} {done:?} {:?}",
        auth.session_for(&user.user_id).unwrap(),
        Secret::new(CLIENT_SECRET)
    );
    // The search finds what is there: the refresh token is in the secrets file until sign-out.
    assert!(contains(&std::fs::read(&credentials).unwrap(), &refresh[0]));
    auth.sign_out(&user.user_id).unwrap();
    drop(registrations);

    let secrets: Vec<String> = secrets.into_iter().filter(|s| s.len() >= 8).collect();
    assert!(
        secrets.len() >= 5,
        "code, two access tokens, refresh token, client secret"
    );
    let logged = log.0.lock().unwrap().clone();
    assert!(
        contains(&logged, "refreshing access token"),
        "the capture saw our events"
    );
    let mut texts: Vec<(String, Vec<u8>)> = vec![
        ("log".into(), logged),
        ("progress events".into(), events.into_bytes()),
        ("history".into(), history.into_bytes()),
        ("registrations".into(), listed.into_bytes()),
        ("refresh error".into(), refresh_error.into_bytes()),
        ("api error".into(), api_error.into_bytes()),
        ("debug output".into(), debug.into_bytes()),
    ];
    let files = files_under(&dir);
    assert!(
        files
            .iter()
            .any(|p| p.to_string_lossy().contains(".sqlite")),
        "{files:?}"
    );
    for f in &files {
        if f != &credentials {
            texts.push((f.display().to_string(), std::fs::read(f).unwrap()));
        }
    }
    for (what, bytes) in &texts {
        for s in &secrets {
            assert!(
                !contains(bytes, s),
                "a secret ({}…) leaked into {what}",
                &s[..6]
            );
        }
    }
    // The secrets file: user-only, and never an access token or code in it. (Sign-out
    // removed the refresh token; the client secret stays for the next sign-in.)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&credentials)
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "secrets file is user-only");
    }
    let kept = std::fs::read(&credentials).unwrap();
    for s in secrets.iter().filter(|s| s.as_str() != CLIENT_SECRET) {
        assert!(
            !contains(&kept, s),
            "only the client secret remains after sign-out"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
