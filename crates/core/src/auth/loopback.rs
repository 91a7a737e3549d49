//! The loopback redirect listener (RFC 8252 §7.3): binds 127.0.0.1 / ::1 only, on the
//! redirect URI's port, lives only as long as one sign-in, answers only the callback
//! path and hands each callback to the waiting sign-in, which decides the page shown.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{mpsc, oneshot};

use super::{pages, AuthError, CancelToken};

/// Requests larger than this are not a browser following a redirect.
const MAX_REQUEST: usize = 16 * 1024;
/// Browsers open speculative connections that never send anything; drop them after this.
const IDLE_CONNECTION: Duration = Duration::from_secs(30);

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
    /// Owned here (not by a task) so dropping the listener frees the port at once.
    sockets: Vec<TcpListener>,
    /// Tells idle browser connections to go away once the sign-in is over.
    closing: CancelToken,
}

impl LoopbackListener {
    /// Binds the redirect URI's port on loopback. Must run inside a tokio runtime.
    pub fn bind(redirect_uri: &str) -> Result<LoopbackListener, AuthError> {
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
        Ok(LoopbackListener {
            port: bound_port,
            redirect_uri: redirect_uri.to_string(),
            path,
            tx,
            rx,
            sockets,
            closing,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The next request to the callback path. Connections are accepted only while this
    /// is awaited; meanwhile the kernel queues them.
    pub async fn next_callback(&mut self) -> Option<Callback> {
        loop {
            tokio::select! {
                cb = self.rx.recv() => return cb,
                accepted = accept_any(&self.sockets) => match accepted {
                    Ok(stream) => {
                        tokio::spawn(serve(
                            stream,
                            self.path.clone(),
                            self.tx.clone(),
                            self.closing.clone(),
                        ));
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                },
            }
        }
    }
}

impl Drop for LoopbackListener {
    fn drop(&mut self) {
        // The sockets close with this struct; a connection writing its final page
        // finishes it, idle ones are told to go away.
        self.closing.cancel();
    }
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

async fn accept_any(sockets: &[TcpListener]) -> std::io::Result<TcpStream> {
    match sockets {
        [a] => a.accept().await.map(|(s, _)| s),
        [a, b, ..] => tokio::select! {
            r = a.accept() => r.map(|(s, _)| s),
            r = b.accept() => r.map(|(s, _)| s),
        },
        [] => std::future::pending().await,
    }
}

async fn serve(
    mut stream: TcpStream,
    path: String,
    tx: mpsc::Sender<Callback>,
    closing: CancelToken,
) {
    let target = tokio::select! {
        r = tokio::time::timeout(IDLE_CONNECTION, read_target(&mut stream)) => r,
        _ = closing.cancelled() => return,
    };
    let Ok(Ok(Some(target))) = target else {
        return;
    };
    let (req_path, query) = target.split_once('?').unwrap_or((&target, ""));
    if req_path != path {
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
async fn read_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > MAX_REQUEST {
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

    #[tokio::test]
    async fn refuses_non_loopback_and_non_http_redirects() {
        for uri in [
            "https://localhost:1/callback",
            "http://example.com:8080/callback",
            "http://0.0.0.0:8080/callback",
        ] {
            assert!(matches!(
                LoopbackListener::bind(uri),
                Err(AuthError::Listener { .. })
            ));
        }
    }
}
