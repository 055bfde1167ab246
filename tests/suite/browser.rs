//! A real browser for the tests that need one (live reload, search, print): headless
//! Chromium driven over the DevTools protocol, so a test sees what a reader would see.
//!
//! Browser rule: without Chromium, tests fail under CI=true and elsewhere print a loud
//! SKIPPED line and pass.

use serde_json::{Value, json};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// Longest wait for one DevTools answer; a hung browser fails the test instead of hanging it.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// The Chromium to drive: `PRAXIS_CHROMIUM`, else the first browser on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PRAXIS_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name))
        })
        .find(|p| p.is_file())
}

/// A browser with one blank page, or `None` (after a loud SKIPPED) when Chromium is not
/// installed; under CI=true a missing Chromium fails the test.
pub fn launch_or_skip(test: &str) -> Option<Browser> {
    match find_chromium() {
        Some(path) => Some(Browser::launch(&path)),
        None if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "chromium not installed: browser tests must run in CI (apt-get install chromium)"
            )
        }
        None => {
            // Straight to stderr: the test harness captures `eprintln!` of passing tests.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: chromium not installed — {test} did not run ***\n"
            );
            None
        }
    }
}

impl Browser {
    pub fn launch(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("temporary profile folder");
        let child = Command::new(chromium)
            .args(praxis::print::HEADLESS_FLAGS)
            .args([
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
                "about:blank",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromium.display()));
        // Chromium writes the port it chose, and the browser's endpoint, into this file.
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    break (port.to_owned(), path.to_owned());
                }
            }
            assert!(
                started.elapsed() < ANSWER_TIMEOUT,
                "chromium did not open its DevTools port"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("DevTools port");
        stream.set_read_timeout(Some(ANSWER_TIMEOUT)).unwrap();
        let url = format!("ws://127.0.0.1:{port}{path}");
        let (ws, _) = tungstenite::client(url.as_str(), stream)
            .unwrap_or_else(|e| panic!("DevTools handshake: {e}"));
        let mut browser = Browser {
            child,
            ws,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_owned();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_owned();
        browser
    }

    /// Sends one DevTools command (to the page once attached) and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params)
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.ws
            .send(Message::text(message.to_string()))
            .map_err(|e| e.to_string())?;
        loop {
            let reply = self.ws.read().map_err(|e| e.to_string())?;
            let Ok(text) = reply.to_text() else { continue };
            let Ok(value) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            // Events (no id) and answers to other commands are not ours.
            if value["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(error) = value.get("error") {
                return Err(error.to_string());
            }
            return Ok(value["result"].clone());
        }
    }

    /// The value of a JavaScript expression in the page; `Err` when it threw, or when
    /// the page was between two documents.
    pub fn eval(&mut self, js: &str) -> Result<Value, String> {
        let result = self.try_call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(exception.to_string());
        }
        Ok(result["result"]["value"].clone())
    }

    /// Waits until `js` is truthy in the page; panics with `what` after `timeout`.
    pub fn wait_for(&mut self, js: &str, timeout: Duration, what: &str) {
        let started = Instant::now();
        loop {
            if self.eval(js).is_ok_and(|v| truthy(&v)) {
                return;
            }
            if started.elapsed() > timeout {
                let text = self.eval("document.body && document.body.innerText");
                panic!("timed out after {timeout:?} waiting for {what}; the page shows: {text:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Marks the current document, so that `wait_for_new_document` can tell when another
    /// has replaced it (a navigation, a reload).
    pub fn mark_document(&mut self) {
        let _ = self.eval("window.__praxisTestOld = true");
    }

    pub fn wait_for_new_document(&mut self, timeout: Duration) {
        self.wait_for(
            "!window.__praxisTestOld && document.readyState === 'complete'",
            timeout,
            "a new document to load",
        );
    }

    /// Opens `url` and waits until its document has loaded.
    /// Opens a page of `praxis serve` at `url` and waits until it listens for reloads,
    /// so that a save made next is not made before it.
    pub fn open_live(&mut self, url: &str, timeout: Duration) {
        self.navigate(url);
        self.wait_for("window.praxisLive === true", timeout, "the reload stream");
    }

    pub fn navigate(&mut self, url: &str) {
        self.mark_document();
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for_new_document(ANSWER_TIMEOUT);
    }

    pub fn text(&mut self) -> String {
        self.eval("document.body ? document.body.innerText : ''")
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Closes the browser (dropping it does the same).
    pub fn close(self) {}
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.session.clear();
        let _ = self.try_call_quiet();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Asks the browser to quit, without waiting for an answer that may never come.
    fn try_call_quiet(&mut self) -> Result<(), tungstenite::Error> {
        self.next_id += 1;
        let message = json!({"id": self.next_id, "method": "Browser.close", "params": {}});
        self.ws.send(Message::text(message.to_string()))
    }
}
