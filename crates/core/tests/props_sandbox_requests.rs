//! The embedded sandbox listens on loopback, so any local program can send it anything.
//! Property test (fixed seed): hostile bodies, media types and path segments on every
//! endpoint get a 4xx answer, never a 5xx, a dropped connection or a dead server.

use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::sync::OnceLock;

struct Target {
    rt: tokio::runtime::Runtime,
    sandbox: RunningSandbox,
    token: String,
    http: reqwest::Client,
}

fn target() -> &'static Target {
    static T: OnceLock<Target> = OnceLock::new();
    T.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (sandbox, token, http) = rt.block_on(async {
            let sandbox = ads_onboard_sandbox::start(
                SandboxConfig::for_tests(),
                "127.0.0.1:0".parse().unwrap(),
            )
            .await
            .unwrap();
            let base = sandbox.base_url();
            let http = ads_onboard_core::http::client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let r = http
                .get(format!("{base}/ap/oa"))
                .query(&[
                    ("client_id", ads_onboard_sandbox::DEFAULT_CLIENT_ID),
                    ("response_type", "code"),
                    ("scope", "advertising::campaign_management"),
                    ("redirect_uri", ads_onboard_sandbox::DEFAULT_RETURN_URL),
                    ("state", "s"),
                ])
                .send()
                .await
                .unwrap();
            let loc = r.headers()["location"].to_str().unwrap().to_string();
            let code = url::Url::parse(&loc)
                .unwrap()
                .query_pairs()
                .find(|(k, _)| k == "code")
                .unwrap()
                .1
                .into_owned();
            let v: serde_json::Value = http
                .post(format!("{base}/auth/o2/token"))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("redirect_uri", ads_onboard_sandbox::DEFAULT_RETURN_URL),
                    ("client_id", ads_onboard_sandbox::DEFAULT_CLIENT_ID),
                    ("client_secret", ads_onboard_sandbox::DEFAULT_CLIENT_SECRET),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            (
                sandbox,
                v["access_token"].as_str().unwrap().to_string(),
                http,
            )
        });
        Target {
            rt,
            sandbox,
            token,
            http,
        }
    })
}

const POSTS: &[&str] = &[
    "/termsTokens",
    "/adsAccounts",
    "/adsAccounts/list",
    "/billing/statuses",
    "/eu/adsAccounts",
    "/auth/o2/token",
    "/ap/oa",
];

const MEDIA: &[&str] = &[
    "application/json",
    "application/vnd.registeradsaccountresource.v1+json",
    "application/vnd.listaccountsresource.v1+json",
    "application/vnd.termstokenresource.v1+json",
    "application/x-www-form-urlencoded",
    "text/html",
    "",
    "application/json; charset=utf-16",
];

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        ".{0,200}".prop_map(String::into_bytes),
        (".{0,40}", ".{0,40}").prop_map(|(k, v)| serde_json::to_vec(&serde_json::json!({k: v})).unwrap()),
        Just(br#"{"associations":[{"business":{}}],"termsToken":null}"#.to_vec()),
        Just(br#"{"accountName":"x","associations":[{"amazonSeller":{"sellerCentralAccount":"' OR 1=1 --"}}]}"#.to_vec()),
        Just(br#"{"advertiserMarketplaces":[{"advertiserId":"","marketplaceId":"\u0000"}]}"#.to_vec()),
        Just(b"grant_type=refresh_token&refresh_token=%FF%FE&client_id=".to_vec()),
        Just(vec![b'['; 50_000]),
    ]
}

proptest! {
    #![proptest_config(Config { cases: 160, rng_seed: RngSeed::Fixed(0x0AD5_0003), failure_persistence: None, ..Config::default() })]

    #[test]
    fn hostile_posts_get_4xx_never_5xx(path in prop::sample::select(POSTS), media in prop::sample::select(MEDIA), body in body(), signed in any::<bool>()) {
        let t = target();
        let status = t.rt.block_on(async {
            let mut req = t.http.post(format!("{}{path}", t.sandbox.base_url())).body(body);
            if !media.is_empty() {
                req = req.header("content-type", media);
            }
            if signed {
                req = req
                    .bearer_auth(&t.token)
                    .header("Amazon-Advertising-API-ClientId", ads_onboard_sandbox::DEFAULT_CLIENT_ID);
            }
            req.send().await.map(|r| r.status().as_u16())
        });
        let status = status.map_err(|e| TestCaseError::fail(format!("no answer: {e:?}")))?;
        prop_assert!(status < 500, "{path} {media:?} answered {status}");
    }

    #[test]
    fn hostile_path_segments_get_4xx_never_5xx(seg in "[^/?#]{1,80}", which in 0usize..4) {
        let t = target();
        let seg: String = url::form_urlencoded::byte_serialize(seg.as_bytes()).collect();
        let path = match which {
            0 => format!("/termsTokens/{seg}"),
            1 => format!("/adsAccounts/{seg}"),
            2 => format!("/v2/profiles/{seg}"),
            _ => format!("/v2/profiles?profileTypeFilter={seg}&accessLevel={seg}"),
        };
        let status = t.rt.block_on(async {
            t.http
                .get(format!("{}{path}", t.sandbox.base_url()))
                .bearer_auth(&t.token)
                .header("Amazon-Advertising-API-ClientId", ads_onboard_sandbox::DEFAULT_CLIENT_ID)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
        let status = status.map_err(|e| TestCaseError::fail(format!("no answer: {e:?}")))?;
        prop_assert!(status < 500, "{path} answered {status}");
    }
}
