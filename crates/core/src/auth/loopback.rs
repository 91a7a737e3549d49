//! The loopback redirect listener (RFC 8252 §7.3): binds 127.0.0.1 / ::1 only, on the
//! redirect URI's port, lives only as long as one sign-in, answers only the callback
//! path and hands each callback to the waiting sign-in, which decides the page shown.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::{pages, AuthError, CancelToken};

/// What one sign-in's listener may cost, whoever connects to it.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The listener closes this long after it binds, awaited or not.
    pub lifetime: Duration,
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// Browsers open speculative connections that never send anything; each connection
    /// must deliver its request head within this.
    pub idle: Duration,
    /// A request head larger than this is not a browser following a redirect.
    pub max_head: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            lifetime: Duration::from_secs(15 * 60),
            max_connections: 16,
            idle: Duration::from_secs(30),
            max_head: 16 * 1024,
        }
    }
}

/// The bound sockets, shared with the task that closes them at the deadline. Taken (and
/// so closed) by whichever comes first: the deadline or dropping the listener.
type Sockets = Arc<Mutex<Option<Vec<TcpListener>>>>;

/// One request to the callback path: its query parameters and a way to answer it.
pub struct Callback {
    pub params: Vec<(String, String)>,
    reply: oneshot::Sender<(String, oneshot::Sender<()>)>,
}

impl Callback {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sends the HTML page shown in the browser tab and waits (briefly) until it is
    /// written, so a process that exits right after signing in still shows the page.
    pub async fn respond(self, html: String) {
        let (written, done) = oneshot::channel();
        if self.reply.send((html, written)).is_ok() {
            let _ = tokio::time::timeout(Duration::from_secs(2), done).await;
        }
    }
}

pub struct LoopbackListener {
    port: u16,
    redirect_uri: String,
    path: String,
    tx: mpsc::Sender<Callback>,
    rx: mpsc::Receiver<Callback>,
    /// Closed at once when the listener is dropped, and at the deadline by a task.
    sockets: Sockets,
    deadline: Instant,
    limits: Limits,
    slots: Arc<Semaphore>,
    /// Tells idle browser connections to go away once the sign-in is over.
    closing: CancelToken,
}

impl LoopbackListener {
    /// Binds the redirect URI's port on loopback for `limits.lifetime`. Must run inside
    /// a tokio runtime.
    pub fn bind(redirect_uri: &str, limits: Limits) -> Result<LoopbackListener, AuthError> {
        let listener_err = |reason: String| AuthError::Listener {
            redirect_uri: redirect_uri.to_string(),
            reason,
        };
        let url = url::Url::parse(redirect_uri)
            .map_err(|e| listener_err(format!("not a valid URL ({e})")))?;
        if url.scheme() != "http" {
            return Err(listener_err(
                "a loopback redirect URI must start with http://".into(),
            ));
        }
        let port = url.port_or_known_default().unwrap_or(80);
        let addrs: Vec<(IpAddr, bool)> = match url.host() {
            Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => vec![
                (Ipv4Addr::LOCALHOST.into(), true),
                (Ipv6Addr::LOCALHOST.into(), false),
            ],
            Some(url::Host::Ipv4(ip)) if ip.is_loopback() => vec![(ip.into(), true)],
            Some(url::Host::Ipv6(ip)) if ip.is_loopback() => vec![(ip.into(), true)],
            _ => {
                return Err(listener_err(
                    "it is not a loopback address (localhost, 127.0.0.1 or [::1]); finish the sign-in by pasting the address Amazon redirected to".into(),
                ))
            }
        };
        let path = url.path().to_string();
        let (tx, rx) = mpsc::channel(8);
        let mut sockets = Vec::new();
        let closing = CancelToken::new();
        let mut bound_port = port;
        for (ip, required) in addrs {
            match bind_one(SocketAddr::new(ip, port)) {
                Ok(l) => {
                    bound_port = l.local_addr().map(|a| a.port()).unwrap_or(port);
                    tracing::debug!(addr = %SocketAddr::new(ip, bound_port), "sign-in listener bound");
                    sockets.push(l);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                    return Err(AuthError::PortInUse {
                        port,
                        redirect_uri: redirect_uri.to_string(),
                    })
                }
                // ::1 may simply not exist (IPv6 disabled); 127.0.0.1 is then enough.
                Err(e) if !required => {
                    tracing::debug!(%ip, error = %e, "optional loopback address not bound")
                }
                Err(e) => return Err(listener_err(e.to_string())),
            }
        }
        let deadline = Instant::now() + limits.lifetime;
        let sockets: Sockets = Arc::new(Mutex::new(Some(sockets)));
        // A sign-in that is started and never awaited must not hold the port for good.
        tokio::spawn({
            let (sockets, closing) = (sockets.clone(), closing.clone());
            async move {
                tokio::select! {
                    _ = tokio::time::sleep_until(deadline) => {
                        tracing::debug!("sign-in listener closed at its deadline");
                        take_sockets(&sockets);
                    }
                    _ = closing.cancelled() => {}
                }
            }
        });
        Ok(LoopbackListener {
            port: bound_port,
            redirect_uri: redirect_uri.to_string(),
            path,
            tx,
            rx,
            sockets,
            deadline,
            slots: Arc::new(Semaphore::new(limits.max_connections.max(1))),
            limits,
            closing,
        })
    }

    /// When the listener closes (set when it binds).
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The next request to the callback path; None once the listener has closed.
    /// Connections are accepted only while this is awaited and fewer than
    /// `max_connections` are being served; meanwhile the kernel queues them.
    pub async fn next_callback(&mut self) -> Option<Callback> {
        loop {
            let permit = tokio::select! {
                cb = self.rx.recv() => return cb,
                p = self.slots.clone().acquire_owned() => p.ok()?,
            };
            tokio::select! {
                cb = self.rx.recv() => return cb,
                accepted = accept_any(&self.sockets) => match accepted {
                    Some(Ok(stream)) => {
                        tokio::spawn(serve(stream, Conn {
                            path: self.path.clone(),
                            tx: self.tx.clone(),
                            closing: self.closing.clone(),
                            limits: self.limits.clone(),
                            _permit: permit,
                        }));
                    }
                    Some(Err(e)) => {
                        tracing::debug!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    None => return None,
                },
            }
        }
    }
}

impl Drop for LoopbackListener {
    fn drop(&mut self) {
        // The port is free when this returns; a connection writing its final page
        // finishes it, idle ones are told to go away.
        take_sockets(&self.sockets);
        self.closing.cancel();
    }
}

fn take_sockets(sockets: &Sockets) {
    drop(sockets.lock().unwrap_or_else(|p| p.into_inner()).take());
}

fn bind_one(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // Lets a retry rebind the fixed port while old connections sit in TIME_WAIT; on Unix
    // it still refuses a port another socket listens on. (On Windows it would not.)
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(16)
}

/// The next connection on any socket; None once the sockets are closed. The lock is
/// held only while polling, so the deadline task can close them at any time.
async fn accept_any(sockets: &Sockets) -> Option<std::io::Result<TcpStream>> {
    std::future::poll_fn(|cx| {
        let guard = sockets.lock().unwrap_or_else(|p| p.into_inner());
        let Some(sockets) = guard.as_ref() else {
            return Poll::Ready(None);
        };
        for s in sockets {
            if let Poll::Ready(r) = s.poll_accept(cx) {
                return Poll::Ready(Some(r.map(|(stream, _)| stream)));
            }
        }
        Poll::Pending
    })
    .await
}

/// What a connection task needs; its permit frees a slot when the task ends.
struct Conn {
    path: String,
    tx: mpsc::Sender<Callback>,
    closing: CancelToken,
    limits: Limits,
    _permit: OwnedSemaphorePermit,
}

async fn serve(mut stream: TcpStream, conn: Conn) {
    let Conn {
        path, tx, closing, ..
    } = &conn;
    let target = tokio::select! {
        r = tokio::time::timeout(conn.limits.idle, read_target(&mut stream, conn.limits.max_head)) => r,
        _ = closing.cancelled() => return,
    };
    let Ok(Ok(Some(target))) = target else {
        tracing::debug!("sign-in listener dropped an idle, oversized or unreadable request");
        return;
    };
    let (req_path, query) = target.split_once('?').unwrap_or((&target, ""));
    if req_path != path.as_str() {
        tracing::debug!(path = %req_path, "stray request to sign-in listener");
        let _ = write_response(&mut stream, 404, &pages::not_found_page()).await;
        return;
    }
    let params = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let (reply, answer) = oneshot::channel();
    let html = if tx.send(Callback { params, reply }).await.is_ok() {
        answer.await.ok()
    } else {
        None
    };
    let (status, html, written) = match html {
        Some((h, written)) => (200, h, Some(written)),
        None => (
            410,
            pages::failure_page(&AuthError::Other(
                "This sign-in is no longer in progress. Start it again from Ads Onboard.".into(),
            )),
            None,
        ),
    };
    let _ = write_response(&mut stream, status, &html).await;
    if let Some(written) = written {
        let _ = written.send(());
    }
}

/// Reads the request head and returns the target of a GET (None for anything else).
async fn read_target(stream: &mut TcpStream, max_head: usize) -> std::io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > max_head {
            write_response(stream, 431, &pages::not_found_page()).await?;
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Ok(Some(target.to_string())),
        (Some(_), Some(_)) => {
            write_response(stream, 405, &pages::not_found_page()).await?;
            Ok(None)
        }
        _ => Ok(None),
    }
}

async fn write_response(stream: &mut TcpStream, status: u16, html: &str) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Gone",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        html.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(html.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A listener on an ephemeral port, served by a task for as long as the test runs.
    fn serving(limits: Limits) -> (u16, tokio::task::JoinHandle<()>) {
        let mut l = LoopbackListener::bind("http://127.0.0.1:0/callback", limits).unwrap();
        let port = l.port();
        let task = tokio::spawn(async move { while l.next_callback().await.is_some() {} });
        (port, task)
    }

    async fn connect(port: u16) -> TcpStream {
        TcpStream::connect(("127.0.0.1", port)).await.unwrap()
    }

    /// Everything the listener sends until it closes, or the error that ended it.
    async fn answer(stream: &mut TcpStream) -> std::io::Result<String> {
        let mut out = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out))
            .await
            .expect("the listener neither answered nor closed the connection")?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    #[tokio::test]
    async fn an_idle_connection_is_closed_after_its_timeout() {
        let idle = Duration::from_millis(300);
        let (port, task) = serving(Limits {
            idle,
            ..Limits::default()
        });
        let started = std::time::Instant::now();
        let mut quiet = connect(port).await;
        assert_eq!(
            answer(&mut quiet).await.unwrap(),
            "",
            "closed without a word"
        );
        assert!(started.elapsed() >= idle - Duration::from_millis(50));
        // A connection that trickles its head in is bounded by the same timeout.
        let mut slow = connect(port).await;
        slow.write_all(b"GET /callback?state=x HTTP/1.1\r\n")
            .await
            .unwrap();
        assert_eq!(answer(&mut slow).await.unwrap(), "");
        task.abort();
    }

    #[tokio::test]
    async fn an_oversized_request_head_is_refused() {
        let (port, task) = serving(Limits::default());
        let max = Limits::default().max_head;
        let mut big = connect(port).await;
        let mut head = b"GET /favicon.ico HTTP/1.1\r\nX-Pad: ".to_vec();
        head.resize(max + 4096, b'a');
        // The listener may stop reading (and reset) before all of it is written.
        let _ = big.write_all(&head).await;
        match answer(&mut big).await {
            Ok(text) => assert!(text.starts_with("HTTP/1.1 431 "), "{text}"),
            Err(e) => assert!(
                matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
                ),
                "{e}"
            ),
        }
        // A head just under the limit is still read and answered.
        let mut fits = connect(port).await;
        let mut head = b"GET /favicon.ico HTTP/1.1\r\nX-Pad: ".to_vec();
        head.resize(max - 1024, b'a');
        head.extend_from_slice(b"\r\n\r\n");
        fits.write_all(&head).await.unwrap();
        let text = answer(&mut fits).await.unwrap();
        assert!(text.starts_with("HTTP/1.1 404 "), "{text}");
        task.abort();
    }

    #[tokio::test]
    async fn connections_beyond_the_cap_wait_for_a_free_slot() {
        let (port, task) = serving(Limits {
            max_connections: 2,
            ..Limits::default()
        });
        let first_idle = connect(port).await;
        let _second_idle = connect(port).await;
        let mut third = connect(port).await;
        third
            .write_all(b"GET /favicon.ico HTTP/1.1\r\n\r\n")
            .await
            .unwrap();
        let mut byte = [0u8; 1];
        let early = tokio::time::timeout(Duration::from_millis(400), third.read(&mut byte)).await;
        assert!(early.is_err(), "served beyond the cap of 2 connections");
        // One slot frees up: the waiting connection is served.
        drop(first_idle);
        let mut rest = answer(&mut third).await.unwrap();
        rest.insert(0, byte[0] as char);
        assert!(rest.contains("404 Not Found"), "{rest}");
        task.abort();
    }

    #[tokio::test]
    async fn the_port_is_freed_at_the_deadline_even_if_never_awaited() {
        let mut l = LoopbackListener::bind(
            "http://127.0.0.1:0/callback",
            Limits {
                lifetime: Duration::from_millis(150),
                ..Limits::default()
            },
        )
        .unwrap();
        let port = l.port();
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the port is still open after the deadline"
        );
        assert!(l.next_callback().await.is_none());
    }

    #[tokio::test]
    async fn dropping_the_listener_frees_the_port_at_once() {
        let l = LoopbackListener::bind("http://127.0.0.1:0/callback", Limits::default()).unwrap();
        let port = l.port();
        drop(l);
        std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    }

    #[tokio::test]
    async fn refuses_non_loopback_and_non_http_redirects() {
        for uri in [
            "https://localhost:1/callback",
            "http://example.com:8080/callback",
            "http://0.0.0.0:8080/callback",
        ] {
            assert!(matches!(
                LoopbackListener::bind(uri, Limits::default()),
                Err(AuthError::Listener { .. })
            ));
        }
    }
}
