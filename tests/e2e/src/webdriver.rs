//! The W3C WebDriver calls the tests use.

use crate::http::request;
use crate::Result;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// WebDriver's codes for the keys the tests press.
pub mod keys {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = " ";
    pub const LEFT: &str = "\u{E012}";
    pub const UP: &str = "\u{E013}";
    pub const RIGHT: &str = "\u{E014}";
    pub const DOWN: &str = "\u{E015}";
    pub const SHIFT: &str = "\u{E008}";
}

pub struct Session {
    port: u16,
    id: String,
}

#[derive(Clone)]
pub struct Element {
    port: u16,
    session: String,
    id: String,
}

fn call(port: u16, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
    let (status, v) = request(port, method, path, body.as_ref())?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if status >= 400 {
        return Err(format!("{method} {path} -> {status}: {value}"));
    }
    Ok(value)
}

impl Session {
    /// Opens the app: tauri-driver launches `application` through WebKitWebDriver.
    pub fn start(port: u16, application: &str) -> Result<Session> {
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}});
        let v = call(port, "POST", "/session", Some(caps))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no sessionId in {v}"))?
            .to_string();
        Ok(Session { port, id })
    }

    fn path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.id)
    }

    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        call(
            self.port,
            "POST",
            &self.path("/execute/sync"),
            Some(json!({"script": script, "args": args})),
        )
    }

    pub fn find(&self, css: &str) -> Result<Element> {
        let v = call(
            self.port,
            "POST",
            &self.path("/element"),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        let id = v[ELEMENT_KEY]
            .as_str()
            .ok_or_else(|| format!("no element for {css}: {v}"))?;
        Ok(Element {
            port: self.port,
            session: self.id.clone(),
            id: id.to_string(),
        })
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = call(
            self.port,
            "POST",
            &self.path("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|id| Element {
                port: self.port,
                session: self.id.clone(),
                id: id.to_string(),
            })
            .collect())
    }

    /// Polls `script` (a JS expression body returning a value) until it returns truthy.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Result<Value> {
        let start = Instant::now();
        let mut last = Value::Null;
        while start.elapsed() < timeout {
            match self.execute(script, vec![]) {
                Ok(v) if !matches!(v, Value::Null | Value::Bool(false)) && v != json!("") => {
                    return Ok(v)
                }
                Ok(v) => last = v,
                Err(e) => last = json!(e),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("timed out waiting for {what}; last: {last}"))
    }

    /// Presses keys as the user would, one after another, on whatever has focus (W3C
    /// actions: real key events, so a form's default actions happen too). Keys are
    /// characters or the WebDriver codes in [`keys`].
    pub fn press(&self, keys: &[&str]) -> Result<()> {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        call(self.port, "POST", &self.path("/actions"), Some(body))?;
        call(self.port, "DELETE", &self.path("/actions"), None).map(|_| ())
    }

    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        use base64::Engine;
        let v = call(self.port, "GET", &self.path("/screenshot"), None)?;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())
    }

    pub fn end(self) -> Result<()> {
        call(self.port, "DELETE", &self.path(""), None).map(|_| ())
    }
}

impl Element {
    fn path(&self, rest: &str) -> String {
        format!("/session/{}/element/{}{rest}", self.session, self.id)
    }

    pub fn click(&self) -> Result<()> {
        call(self.port, "POST", &self.path("/click"), Some(json!({}))).map(|_| ())
    }

    pub fn text(&self) -> Result<String> {
        let v = call(self.port, "GET", &self.path("/text"), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub fn displayed(&self) -> Result<bool> {
        let v = call(self.port, "GET", &self.path("/displayed"), None)?;
        Ok(v.as_bool().unwrap_or(false))
    }

    pub fn send_keys(&self, text: &str) -> Result<()> {
        call(
            self.port,
            "POST",
            &self.path("/value"),
            Some(json!({"text": text})),
        )
        .map(|_| ())
    }

    pub fn clear(&self) -> Result<()> {
        call(self.port, "POST", &self.path("/clear"), Some(json!({}))).map(|_| ())
    }
}
