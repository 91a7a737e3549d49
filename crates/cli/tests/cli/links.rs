//! Links from Amazon's answers go through core's one link policy: a `termsUrl` on a
//! host outside it is printed for the user to judge, never handed to the browser.

use super::common::{json, Env};

#[test]
fn a_terms_url_outside_the_policy_is_shown_not_opened() {
    let env = Env::new("foreign-terms", |c| {
        c.terms_url_base = Some("https://amazon.com.evil.example".into())
    });
    env.sign_in();
    let out = env
        .cli()
        .args(["terms", "--open"])
        .env("BROWSER", env.accepting_browser())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let url = json(&out.stdout)["termsUrl"].as_str().unwrap().to_string();
    assert!(url.starts_with("https://amazon.com.evil.example/"), "{url}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().any(|l| l == url),
        "the link is shown alone on a line: {stderr}"
    );
    assert!(
        stderr.contains("Not opened"),
        "and why it was not opened: {stderr}"
    );
    assert!(
        env.opened().is_empty(),
        "the browser never saw it: {:?}",
        env.opened()
    );

    // The same when a registration creates its own agreement.
    let details = env.write("haven.json", super::common::HAVEN_HOTEL);
    let out = env
        .cli()
        .args(["register", "--timeout", "0.3", "--from"])
        .arg(&details)
        .env("BROWSER", env.accepting_browser())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(12),
        "it waits for an agreement nobody can open"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("https://amazon.com.evil.example/terms/agreement/"),
        "{stderr}"
    );
    assert!(env.opened().is_empty(), "{:?}", env.opened());
}
