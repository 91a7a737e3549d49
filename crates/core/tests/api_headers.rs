//! Exactly what goes on the wire for each operation: the spec's media types, the client
//! ID, bearer auth and the product's User-Agent. A recording server captures requests.

mod common;

use ads_onboard_core::api::billing::AdvertiserMarketplace;
use ads_onboard_core::api::profiles::ProfileFilter;
use ads_onboard_core::api::{ApiClient, USER_AGENT};
use ads_onboard_core::config::{self, Endpoints, Region};
use common::{business, fast_options, StaticTokens};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type Seen = Arc<Mutex<Vec<String>>>;

async fn recorder(seen: Seen) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf).to_ascii_lowercase());
                let body = "{}";
                let resp = format!("HTTP/1.1 418 I'm a teapot\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    base
}

fn request<'a>(seen: &'a [String], start: &str) -> &'a str {
    seen.iter()
        .find(|r| r.starts_with(&start.to_ascii_lowercase()))
        .unwrap_or_else(|| panic!("no {start} in {seen:?}"))
}

#[tokio::test]
async fn each_operation_sends_the_spec_media_types_and_identity_headers() {
    let seen: Seen = Arc::default();
    let base = recorder(seen.clone()).await;
    let api = ApiClient::new(
        Endpoints::sandbox(&base),
        Region::Na,
        config::SANDBOX_CLIENT_ID,
        Arc::new(StaticTokens),
        fast_options(),
    )
    .unwrap();
    let _ = api.create_terms_token(None).await;
    let _ = api.get_terms_token("t-1").await;
    let _ = api
        .register_ads_account(&business("Wire").to_request("t-1"))
        .await;
    let _ = api.list_ads_accounts_page(None, 100).await;
    let _ = api.get_ads_account("amzn1.ads-account.g.x").await;
    let _ = api
        .list_profiles(Region::Eu, &ProfileFilter::default())
        .await;
    let ask = AdvertiserMarketplace {
        advertiser_id: "amzn1.ads-account.g.x".into(),
        marketplace_id: "ATVPDKIKX0DER".into(),
        advertiser_type: None,
    };
    let _ = api.billing_statuses(&[ask]).await;
    let seen = seen.lock().unwrap().clone();
    let cases = [
        (
            "POST /termsTokens ",
            Some("application/vnd.GlobalRegistrationService.TermsTokenResource.v1.0+json"),
            "application/vnd.termstokenresource.v1+json",
        ),
        (
            "GET /termsTokens/t-1 ",
            None,
            "application/vnd.termstokenresource.v1+json",
        ),
        (
            "POST /adsAccounts ",
            Some("application/vnd.registeradsaccountresource.v1+json"),
            "application/json",
        ),
        (
            "POST /adsAccounts/list ",
            Some("application/vnd.listaccountsresource.v1+json"),
            "application/vnd.listaccountsresource.v1+json",
        ),
        (
            "GET /adsAccounts/amzn1.ads-account.g.x ",
            None,
            "application/vnd.accountresource.v1+json",
        ),
        ("GET /eu/v2/profiles ", None, "application/json"),
        (
            "POST /billing/statuses ",
            Some("application/vnd.bulkgetbillingstatusrequestbody.v1+json"),
            "application/vnd.bulkgetbillingstatusresponse.v1+json",
        ),
    ];
    for (start, content_type, accept) in cases {
        let r = request(&seen, start);
        assert!(
            r.contains(&format!("\r\naccept: {}\r\n", accept.to_ascii_lowercase())),
            "{start}: {r}"
        );
        if let Some(ct) = content_type {
            assert!(
                r.contains(&format!(
                    "\r\ncontent-type: {}\r\n",
                    ct.to_ascii_lowercase()
                )),
                "{start}: {r}"
            );
        }
        let client_id = format!(
            "\r\namazon-advertising-api-clientid: {}\r\n",
            config::SANDBOX_CLIENT_ID.to_ascii_lowercase()
        );
        assert!(r.contains(&client_id), "{start}: {r}");
        assert!(
            r.contains("\r\nauthorization: bearer atza|static\r\n"),
            "{start}"
        );
        assert!(
            r.contains(&format!(
                "\r\nuser-agent: {}\r\n",
                USER_AGENT.to_ascii_lowercase()
            )),
            "{start}"
        );
    }
    // bulkGetBillingStatus declares no Amazon-Ads-AccountId header, so none is sent.
    assert!(!request(&seen, "POST /billing/statuses ").contains("amazon-ads-accountid"));
    // 418 is a client error: nothing was retried.
    assert_eq!(seen.len(), cases.len());
}
