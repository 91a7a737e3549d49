//! Hostile and broken answers from a tiny raw TCP server (what a misconfigured proxy, a
//! captive portal or a failing load balancer sends): each becomes a clear error, never a
//! panic, and the next call on the same client works.

use ads_onboard_core::api::{ApiClient, ApiError, ApiOptions, RetryPolicy};
use ads_onboard_core::auth::{AccessTokens, AuthError, BoxFuture};
use ads_onboard_core::config::{Endpoints, Region};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

enum Reply {
    Raw(Vec<u8>),
    /// Read the request and never answer.
    Stall,
    /// Headers promise `len` bytes of JSON; the body is written in full (or cut short).
    Big {
        len: usize,
        chunked: bool,
    },
}

const GOOD: &str = r#"{"adsAccount":{"adsAccountId":"amzn1.ads-account.g.ok","status":"CREATED"}}"#;

fn http(status: &str, headers: &[&str], body: &[u8]) -> Reply {
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str("connection: close\r\n\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    Reply::Raw(out)
}

struct RawServer {
    base: String,
    queue: Arc<Mutex<VecDeque<Reply>>>,
}

impl RawServer {
    async fn start() -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let queue: Arc<Mutex<VecDeque<Reply>>> = Arc::default();
        let q = queue.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let reply = q.lock().unwrap().pop_front();
                tokio::spawn(serve(conn, reply));
            }
        });
        RawServer { base, queue }
    }

    fn next(&self, r: Reply) {
        self.queue.lock().unwrap().push_back(r);
    }
}

async fn serve(mut conn: TcpStream, reply: Option<Reply>) {
    let mut buf = vec![0u8; 16 * 1024];
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    let reply = reply.unwrap_or_else(|| {
        http(
            "200 OK",
            &["content-type: application/vnd.accountresource.v1+json"],
            GOOD.as_bytes(),
        )
    });
    match reply {
        Reply::Raw(bytes) => {
            let _ = conn.write_all(&bytes).await;
        }
        Reply::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Reply::Big { len, chunked } => {
            let head = if chunked {
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_string()
            } else {
                format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n")
            };
            if conn.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let block = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < len {
                let n = block.len().min(len - sent);
                let ok = if chunked {
                    let mut c = format!("{n:x}\r\n").into_bytes();
                    c.extend_from_slice(&block[..n]);
                    c.extend_from_slice(b"\r\n");
                    conn.write_all(&c).await
                } else {
                    conn.write_all(&block[..n]).await
                };
                if ok.is_err() {
                    return;
                }
                sent += n;
            }
            if chunked {
                let _ = conn.write_all(b"0\r\n\r\n").await;
            }
        }
    }
    let _ = conn.shutdown().await;
}

struct FixedToken;

impl AccessTokens for FixedToken {
    fn access_token(&self) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(async { Ok("Atza|hostile-test".to_string()) })
    }
    fn refresh_after_unauthorized<'a>(
        &'a self,
        _: &'a str,
    ) -> BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(async { Err(AuthError::SignInRequired) })
    }
}

fn client(base: &str) -> ApiClient {
    ApiClient::new(
        Endpoints::sandbox(base),
        Region::Na,
        "amzn1.application-oa2-client.test",
        Arc::new(FixedToken),
        ApiOptions {
            timeout: Duration::from_millis(400),
            connect_timeout: Duration::from_millis(400),
            retry: RetryPolicy {
                max_retries: 0,
                ..RetryPolicy::fast()
            },
            ..ApiOptions::default()
        },
    )
    .unwrap()
}

/// Sends one hostile answer, checks the error, then checks the client still works.
async fn survives(server: &RawServer, api: &ApiClient, reply: Reply) -> ApiError {
    server.next(reply);
    let err = api
        .get_ads_account("amzn1.ads-account.g.ok")
        .await
        .expect_err("a hostile answer is an error");
    let msg = err.to_string();
    assert!(
        !msg.is_empty() && msg.len() < 2_000,
        "clear and short: {msg}"
    );
    assert!(!msg.contains("Atza|"), "no token in errors: {msg}");
    let again = api.get_ads_account("amzn1.ads-account.g.ok").await.unwrap();
    assert_eq!(again.ads_account_id, "amzn1.ads-account.g.ok");
    err
}

#[tokio::test]
async fn an_html_page_from_a_proxy_is_a_decode_error() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let html = b"<!DOCTYPE html><html><body><h1>Sign in to the corporate proxy</h1></body></html>";
    let err = survives(&s, &api, http("200 OK", &["content-type: text/html"], html)).await;
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_502_html_error_page_is_a_server_error_with_its_title() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let html = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let err = survives(
        &s,
        &api,
        http("502 Bad Gateway", &["content-type: text/html"], html),
    )
    .await;
    assert!(matches!(err, ApiError::Server(_)), "{err:?}");
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn invalid_utf8_and_truncated_json_are_decode_errors() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let err = survives(
        &s,
        &api,
        http(
            "200 OK",
            &["content-type: application/json"],
            b"{\"adsAccount\":\xff\xfe\x80}",
        ),
    )
    .await;
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    let cut = &GOOD.as_bytes()[..GOOD.len() / 2];
    let err = survives(
        &s,
        &api,
        http("200 OK", &["content-type: application/json"], cut),
    )
    .await;
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_network_error() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let mut raw =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n"
            .to_vec();
    raw.extend_from_slice(&GOOD.as_bytes()[..20]);
    let err = survives(&s, &api, Reply::Raw(raw)).await;
    assert!(err.outcome_unknown(), "{err:?}");
}

#[tokio::test]
async fn wrong_media_type_with_valid_json_is_read_and_an_empty_body_is_an_error() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    s.next(http(
        "200 OK",
        &["content-type: text/plain"],
        GOOD.as_bytes(),
    ));
    let a = api.get_ads_account("amzn1.ads-account.g.ok").await.unwrap();
    assert_eq!(
        a.ads_account_id, "amzn1.ads-account.g.ok",
        "the spec's JSON is accepted whatever the label"
    );
    let err = survives(
        &s,
        &api,
        http("200 OK", &["content-type: application/json"], b""),
    )
    .await;
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn ten_megabyte_bodies_are_refused_with_and_without_a_length() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    for chunked in [false, true] {
        let err = survives(
            &s,
            &api,
            Reply::Big {
                len: 10 * 1024 * 1024,
                chunked,
            },
        )
        .await;
        assert!(
            matches!(err, ApiError::TooLarge { .. }),
            "chunked {chunked}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_stalled_answer_times_out() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let started = std::time::Instant::now();
    let err = survives(&s, &api, Reply::Stall).await;
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn garbage_that_is_not_http_is_a_network_error() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let err = survives(
        &s,
        &api,
        Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec()),
    )
    .await;
    assert!(matches!(err, ApiError::Network { .. }), "{err:?}");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let s = RawServer::start().await;
    let api = client(&s.base);
    let err = survives(
        &s,
        &api,
        http("302 Found", &["location: http://127.0.0.1:9/steal"], b""),
    )
    .await;
    assert!(matches!(err, ApiError::Http(_)), "{err:?}");
}

#[tokio::test]
async fn a_huge_retry_after_is_capped() {
    let s = RawServer::start().await;
    let mut api = client(&s.base);
    let mut options = api.options().clone();
    options.retry = RetryPolicy {
        max_retries: 1,
        max_retry_after: Duration::from_millis(50),
        ..RetryPolicy::fast()
    };
    api = ApiClient::new(
        Endpoints::sandbox(&s.base),
        Region::Na,
        "amzn1.application-oa2-client.test",
        Arc::new(FixedToken),
        options,
    )
    .unwrap();
    s.next(http(
        "429 Too Many Requests",
        &["retry-after: 99999999999"],
        b"{}",
    ));
    let started = std::time::Instant::now();
    let a = api.get_ads_account("amzn1.ads-account.g.ok").await.unwrap();
    assert_eq!(a.ads_account_id, "amzn1.ads-account.g.ok");
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// The token endpoint is a server too: a hostile `expires_in` must not crash the app.
#[tokio::test]
async fn a_huge_expires_in_from_the_token_endpoint_does_not_panic() {
    use ads_onboard_core::auth::oauth::LwaClient;
    use ads_onboard_core::auth::{Secret, Session};
    let s = RawServer::start().await;
    let body =
        br#"{"access_token":"Atza|huge","token_type":"bearer","expires_in":18446744073709551615}"#;
    s.next(http("200 OK", &["content-type: application/json"], body));
    let client = LwaClient::new(
        "amzn1.application-oa2-client.test",
        &Secret::new("secret"),
        &format!("{}/auth/o2/token", s.base),
        "http://127.0.0.1:1/callback",
    )
    .unwrap();
    let session = Session::new(
        "user",
        client,
        Secret::new("Atzr|refresh"),
        None,
        Duration::from_secs(300),
    );
    let got = tokio::spawn(async move { session.access_token().await }).await;
    assert!(
        !got.as_ref().is_err_and(|e| e.is_panic()),
        "panicked: {got:?}"
    );
}

/// Token answers are bounded like API answers: a 10 MB body is refused, not buffered.
#[tokio::test]
async fn a_ten_megabyte_token_answer_is_refused() {
    use ads_onboard_core::auth::oauth::LwaClient;
    use ads_onboard_core::auth::Secret;
    let s = RawServer::start().await;
    let client = LwaClient::new(
        "amzn1.application-oa2-client.test",
        &Secret::new("secret"),
        &format!("{}/auth/o2/token", s.base),
        "http://127.0.0.1:1/callback",
    )
    .unwrap();
    for chunked in [false, true] {
        s.next(Reply::Big {
            len: 10 * 1024 * 1024,
            chunked,
        });
        let err = client.refresh("Atzr|refresh").await.unwrap_err();
        assert!(err.to_string().contains("larger than"), "{err}");
    }
}
