//! The wire of `praxis serve`: HTTP/1.1 over TCP, request heads read with httparse. Each
//! connection has a thread of its own for as long as it lives, and every wait on a client
//! is bounded (docs/contract.md, "Watch mode"): a head that comes too slowly, or not at
//! all, and an answer the client does not read, end the connection after a short time.
//! A client can hold its own connection, and nothing else: no pool, lock or queue that
//! other requests wait for.
//!
//! (tiny_http, used before, read each connection on a thread of a pool that could leave a
//! new connection queued behind connections that never finish — its `TaskPool` counts a
//! thread as waiting until it has taken its task, so a second connection accepted at that
//! moment waited for a thread to be free — and it set no timeout on any read or write.)

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a request head may take to arrive whole, from its first byte, or from the
/// opening of the connection for the first request.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a kept-alive connection may stay silent between two requests.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one write of an answer may wait for a client that does not read it.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; a new one beyond them is answered 503 and closed.
pub const MAX_CONNECTIONS: usize = 1024;
/// The largest request head: request line and headers.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// After a last answer, how long unread input is drained before closing (closing with
/// unread input resets the connection, which can destroy the answer on its way).
const LINGER: Duration = Duration::from_millis(500);

/// A request, as much of it as praxis needs: its method and target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
}

/// A response before it is written: plain data, so that it can be tested.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_owned()),
                // Pages change under the author's hands: the browser must always ask.
                ("Cache-Control", "no-store".to_owned()),
                ("X-Content-Type-Options", "nosniff".to_owned()),
            ],
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status line and headers, with the body's length, and `Connection: close` when
    /// the connection ends after it.
    fn head(&self, close: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            // Values are ASCII we made or checked; one that is not is left out.
            if value
                .bytes()
                .all(|b| b == b'\t' || (b' '..0x7f).contains(&b))
            {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// What to do with a request.
pub enum Answer {
    Reply(Reply),
    /// The connection is handed over whole (a stream of events): nothing more is read
    /// from it. Its writes still time out after [`WRITE_TIMEOUT`].
    Hand(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

/// Accepts the connections of `listener` on a thread of its own, each served on a thread
/// of its own by `handler`, until the process ends.
pub fn spawn(listener: TcpListener, handler: Handler) -> io::Result<()> {
    std::thread::Builder::new()
        .name("praxis-accept".into())
        .spawn(move || accept(&listener, &handler))
        .map(drop)
}

fn accept(listener: &TcpListener, handler: &Handler) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            // Out of descriptors, or a connection reset before it was taken: the listener
            // is still there; the next accept may succeed once descriptors are free.
            Err(e) => {
                if e.kind() != io::ErrorKind::ConnectionAborted {
                    std::thread::sleep(Duration::from_millis(20));
                }
                continue;
            }
        };
        // A reply's head and body go in two writes: without this, the body would wait for
        // the client's delayed acknowledgement (~40 ms per request on a kept-alive one).
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let count = Count(Arc::clone(&open));
        let handler = Arc::clone(handler);
        // If no thread can be made, the closure is dropped: the connection closes, and
        // its count goes down.
        let _ = std::thread::Builder::new()
            .name("praxis-http".into())
            .spawn(move || {
                let _count = count;
                connection(stream, &handler);
            });
    }
}

/// The number of open connections, one less when a connection's thread ends.
struct Count(Arc<AtomicUsize>);

impl Drop for Count {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let reply = Reply::text(503, "too many connections\n").with_header("Retry-After", "1");
    let _ = write_reply(&mut stream, &reply, false, true);
}

/// Serves the requests of one connection, one after the other, until it closes, times
/// out or asks for something this server does not do.
fn connection(mut stream: TcpStream, handler: &Handler) {
    // Bytes read and not used yet: a pipelined request may follow a head.
    let mut pending: Vec<u8> = Vec::with_capacity(1024);
    let mut wait = HEAD_TIMEOUT;
    loop {
        let end = match read_head(&mut stream, &mut pending, wait) {
            Ok(Some(end)) => end,
            Ok(None) => return,
            Err(status) => {
                let reply = Reply::text(status, "bad request\n");
                let _ = write_reply(&mut stream, &reply, false, true);
                linger(stream);
                return;
            }
        };
        let head = match parse(&pending[..end]) {
            Ok(head) => head,
            Err(status) => {
                let reply = Reply::text(status, "bad request\n");
                let _ = write_reply(&mut stream, &reply, false, true);
                linger(stream);
                return;
            }
        };
        pending.drain(..end);
        // A body is never read (praxis answers GET and HEAD): the connection ends after
        // the answer, rather than reading what the client sends.
        let close = head.close || head.body;
        let head_only = head.request.method == "HEAD";
        let answer = std::panic::catch_unwind(AssertUnwindSafe(|| handler(&head.request)))
            .unwrap_or_else(|_| Answer::Reply(Reply::text(500, "internal error\n")));
        match answer {
            Answer::Reply(reply) => {
                if write_reply(&mut stream, &reply, head_only, close).is_err() {
                    return;
                }
            }
            Answer::Hand(take) => {
                take(stream);
                return;
            }
        }
        if close {
            linger(stream);
            return;
        }
        wait = IDLE_TIMEOUT;
    }
}

/// Reads until `pending` holds a whole request head; returns its length, `None` when the
/// client closed, stayed silent for `wait`, or took more than [`HEAD_TIMEOUT`] to send a
/// head once it started; `Err` holds the status of a head too large.
fn read_head(
    stream: &mut TcpStream,
    pending: &mut Vec<u8>,
    wait: Duration,
) -> Result<Option<usize>, u16> {
    let mut deadline = Instant::now()
        + if pending.is_empty() {
            wait
        } else {
            HEAD_TIMEOUT
        };
    let mut started = !pending.is_empty();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(pending) {
            return Ok(Some(end));
        }
        if pending.len() > MAX_HEAD {
            return Err(431);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Ok(None);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                pending.extend_from_slice(&chunk[..n]);
                if !started {
                    started = true;
                    deadline = Instant::now() + HEAD_TIMEOUT;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // Timed out (WouldBlock on Linux), or reset.
            Err(_) => return Ok(None),
        }
    }
}

/// Where the head in `bytes` ends: after its first empty line (CRLF or a bare LF, which
/// httparse accepts too).
fn head_end(bytes: &[u8]) -> Option<usize> {
    // Empty lines before a request line are skipped by httparse, as RFC 9112 allows.
    let start = bytes
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(bytes.len());
    let mut from = start;
    while let Some(at) = memchr::memchr(b'\n', &bytes[from..]) {
        let at = from + at;
        match &bytes[at + 1..] {
            [b'\n', ..] => return Some(at + 2),
            [b'\r', b'\n', ..] => return Some(at + 3),
            _ => from = at + 1,
        }
    }
    None
}

/// A parsed head: the request, and what the connection must do after it.
struct Head {
    request: Request,
    /// The client asked to close, or speaks HTTP/1.0 without keep-alive.
    close: bool,
    /// A body follows (Content-Length above 0, or Transfer-Encoding).
    body: bool,
}

fn parse(bytes: &[u8]) -> Result<Head, u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(400),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(httparse::Error::Version) => return Err(505),
        Err(_) => return Err(400),
    }
    let (Some(method), Some(target), Some(version)) =
        (request.method, request.path, request.version)
    else {
        return Err(400);
    };
    let tokens = |name: &str| -> Vec<String> {
        request
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .flat_map(|h| {
                String::from_utf8_lossy(h.value)
                    .split(',')
                    .map(|t| t.trim().to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let connection = tokens("connection");
    let close = if version == 0 {
        !connection.iter().any(|t| t == "keep-alive")
    } else {
        connection.iter().any(|t| t == "close")
    };
    let lengths = tokens("content-length");
    let mut body = !tokens("transfer-encoding").is_empty();
    for length in &lengths {
        match length.parse::<u64>() {
            Ok(n) => body |= n > 0,
            Err(_) => return Err(400),
        }
    }
    Ok(Head {
        request: Request {
            method: method.to_owned(),
            target: target.to_owned(),
        },
        close,
        body,
    })
}

fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    stream.write_all(&reply.head(close))?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

/// Closes the connection after its last answer: no more writes, then what the client
/// still sends is read and dropped for a moment, so that closing does not reset the
/// connection before the client has read the answer.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0u8; 4096];
    let mut drained = 0usize;
    while drained < (1 << 20) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_ends_at_its_first_empty_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET"), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: x\n\n"), Some(24));
        assert_eq!(head_end(b"\r\n\r\nGET / HTTP/1.1\r\n\r\n"), Some(22));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\nX-Half: abc"), None);
    }

    #[test]
    fn heads_say_whether_the_connection_goes_on() {
        let head = parse(b"GET /a/ HTTP/1.1\r\nHost: x\r\n\r\n").ok().unwrap();
        assert_eq!(head.request.target, "/a/");
        assert!(!head.close && !head.body);
        let head = parse(b"GET / HTTP/1.0\r\n\r\n").ok().unwrap();
        assert!(head.close);
        let head = parse(b"GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n")
            .ok()
            .unwrap();
        assert!(head.close);
        let head = parse(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n")
            .ok()
            .unwrap();
        assert!(head.body);
        let head = parse(b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            .ok()
            .unwrap();
        assert!(head.body);
    }

    #[test]
    fn malformed_heads_get_their_status() {
        assert_eq!(parse(b"garbage\r\n\r\n").err(), Some(400));
        assert_eq!(parse(b"GET / HTTP/9.9\r\n\r\n").err(), Some(505));
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nno colon here\r\n\r\n").err(),
            Some(400)
        );
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n").err(),
            Some(400)
        );
    }

    #[test]
    fn a_reply_says_its_length_and_leaves_out_unsafe_values() {
        let reply = Reply::text(404, "nope\n").with_header("Location", "/a\r\nX: y");
        let head = String::from_utf8(reply.head(true)).unwrap();
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
        assert!(head.contains("Content-Length: 5\r\nConnection: close\r\n\r\n"));
        assert!(!head.contains("Location"), "{head}");
    }
}
