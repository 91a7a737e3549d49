//! A fault-injecting HTTP/1.1 proxy between the app and the sandbox. It records every
//! request with its timing (the sandbox only counts them), can drop a connection before
//! the request reaches the server, can answer 429 with a fractional `Retry-After`, and
//! keeps the app's base URL stable while the sandbox behind it restarts on a new port.
//! One request per connection: it forces `Connection: close` both ways.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

#[derive(Debug, Clone)]
pub enum ProxyFaultKind {
    /// Close the client connection without forwarding: the server surely did nothing.
    DropBeforeForward,
    /// Answer 429 with this `Retry-After` (sent as fractional seconds).
    Throttle(Duration),
}

#[derive(Debug, Clone)]
pub struct ProxyFault {
    pub method: Option<&'static str>,
    /// Prefix of the path (query excluded); empty matches everything.
    pub path_prefix: String,
    pub count: u32,
    pub kind: ProxyFaultKind,
}

/// One request as the proxy saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub at: Instant,
    pub answered_at: Instant,
    pub method: String,
    pub path: String,
    /// None: no answer reached the client (dropped, upstream down or silent).
    pub status: Option<u16>,
    pub retry_after: Option<Duration>,
    /// Which fault the proxy itself applied, if any.
    pub injected: Option<&'static str>,
}

#[derive(Default)]
struct Shared {
    upstream: Option<SocketAddr>,
    faults: Vec<ProxyFault>,
    hits: Vec<Hit>,
}

pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared {
            upstream: Some(upstream),
            ..Shared::default()
        }));
        let s = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = handle(conn, s).await;
                });
            }
        });
        Proxy { addr, shared, task }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `None` while the server is down: connections are then dropped unanswered.
    pub fn set_upstream(&self, upstream: Option<SocketAddr>) {
        self.shared.lock().unwrap().upstream = upstream;
    }

    pub fn add_fault(&self, f: ProxyFault) {
        self.shared.lock().unwrap().faults.push(f);
    }

    /// Clears the armed faults and returns how many units never fired.
    pub fn clear_faults(&self) -> u32 {
        let mut s = self.shared.lock().unwrap();
        let left = s.faults.iter().map(|f| f.count).sum();
        s.faults.clear();
        left
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.shared.lock().unwrap().hits.clone()
    }
}

fn take_fault(shared: &Mutex<Shared>, method: &str, path: &str) -> Option<ProxyFaultKind> {
    let mut s = shared.lock().unwrap();
    let i = s.faults.iter().position(|f| {
        f.method.is_none_or(|m| m == method) && path.starts_with(f.path_prefix.as_str())
    })?;
    let kind = s.faults[i].kind.clone();
    s.faults[i].count -= 1;
    if s.faults[i].count == 0 {
        s.faults.remove(i);
    }
    Some(kind)
}

struct Request {
    method: String,
    path: String,
    /// Head with `Connection: close` forced, then the body.
    bytes: Vec<u8>,
}

async fn handle(mut client: TcpStream, shared: Arc<Mutex<Shared>>) -> std::io::Result<()> {
    let Some(req) = read_request(&mut client).await? else {
        return Ok(());
    };
    let at = Instant::now();
    let mut hit = Hit {
        at,
        answered_at: at,
        method: req.method.clone(),
        path: req.path.clone(),
        status: None,
        retry_after: None,
        injected: None,
    };
    let record = |mut hit: Hit| {
        hit.answered_at = Instant::now();
        shared.lock().unwrap().hits.push(hit);
    };
    match take_fault(&shared, &req.method, &req.path) {
        Some(ProxyFaultKind::DropBeforeForward) => {
            hit.injected = Some("drop-before-forward");
            record(hit);
            return Ok(());
        }
        Some(ProxyFaultKind::Throttle(ra)) => {
            let body = r#"{"code":"429","details":"Too Many Requests"}"#;
            let head = format!(
                "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: {:.3}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                ra.as_secs_f64(),
                body.len()
            );
            hit.injected = Some("throttle");
            hit.status = Some(429);
            hit.retry_after = Some(ra);
            record(hit);
            client.write_all(head.as_bytes()).await?;
            client.write_all(body.as_bytes()).await?;
            return client.shutdown().await;
        }
        None => {}
    }
    let upstream = shared.lock().unwrap().upstream;
    let Some(upstream) = upstream else {
        hit.injected = Some("server-down");
        record(hit);
        return Ok(());
    };
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        hit.injected = Some("server-down");
        record(hit);
        return Ok(());
    };
    server.write_all(&req.bytes).await?;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), server.read_to_end(&mut answer)).await;
    if !matches!(read, Ok(Ok(_))) || answer.is_empty() {
        record(hit);
        return Ok(());
    }
    let (status, retry_after) = parse_status(&answer);
    hit.status = status;
    hit.retry_after = retry_after;
    record(hit);
    client.write_all(&answer).await?;
    client.shutdown().await
}

async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return Ok(None);
        }
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_string();
    let mut length = 0usize;
    let mut out = format!("{first}\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("connection:") || lower.starts_with("keep-alive:") {
            continue;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("connection: close\r\n\r\n");
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&body);
    Ok(Some(Request {
        method,
        path,
        bytes,
    }))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_status(answer: &[u8]) -> (Option<u16>, Option<Duration>) {
    let end = find(answer, b"\r\n\r\n").unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok());
    let retry_after = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("retry-after"))
        .and_then(|(_, v)| v.trim().parse::<f64>().ok())
        .map(Duration::from_secs_f64);
    (status, retry_after)
}
