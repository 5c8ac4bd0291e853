//! Test support: a static file server for the built book and a minimal WebDriver client
//! that drives Debian's chromium through chromedriver (no browser download, no async).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod axe;

use serde_json::{Value, json};

/// Copies the folder `from` to `to`, recursively (a book to break on purpose in a test).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The built book, when the test command provides it.
pub fn book_dir() -> Option<PathBuf> {
    std::env::var_os("LABS_BOOK_DIR")
        .map(PathBuf::from)
        .filter(|p| p.join("index.html").exists())
}

/// Serves `dir` on a loopback port until the process ends. Returns the base URL.
pub fn serve(dir: &Path) -> String {
    serve_stalling(dir, None)
}

/// Serves `dir`, but answers requests for paths ending in `stall.0` only after `stall.1` (a
/// download that hangs on a slow or broken network).
pub fn serve_stalling(dir: &Path, stall: Option<(&'static str, Duration)>) -> String {
    serve_with(dir, stall, false)
}

/// Serves `dir` with the caching headers of a typical static host (GitHub Pages sends
/// `Cache-Control: max-age=600` and `Last-Modified`), so a second visit is a warm one.
pub fn serve_cached(dir: &Path) -> String {
    serve_with(dir, None, true)
}

fn serve_with(dir: &Path, stall: Option<(&'static str, Duration)>, cached: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || handle(stream, &dir, stall, cached));
        }
    });
    format!("http://{addr}/")
}

fn handle(mut stream: TcpStream, dir: &Path, stall: Option<(&str, Duration)>, cached: bool) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers.
    let mut h = String::new();
    while reader.read_line(&mut h).map(|n| n > 2).unwrap_or(false) {
        h.clear();
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if let Some((suffix, wait)) = stall
        && path.ends_with(suffix)
    {
        std::thread::sleep(wait);
    }
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let safe = file
        .canonicalize()
        .ok()
        .filter(|f| f.starts_with(dir.canonicalize().unwrap_or_default()));
    let (status, body, ctype) = match safe.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, b)) => {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            let ctype = match ext {
                "html" => "text/html; charset=utf-8",
                "js" => "text/javascript",
                "css" => "text/css",
                "wasm" => "application/wasm",
                "json" => "application/json",
                "svg" => "image/svg+xml",
                "woff2" => "font/woff2",
                "png" => "image/png",
                _ => "application/octet-stream",
            };
            ("200 OK", b, ctype)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let caching = if cached {
        "Cache-Control: max-age=600\r\nLast-Modified: Sun, 06 Dec 2026 00:00:00 GMT\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{caching}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// A chromedriver process and one browser session.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9515)
}

impl Browser {
    /// Starts headless chromium. `javascript = false` starts it with scripts disabled.
    pub fn start(javascript: bool) -> Browser {
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start /usr/bin/chromedriver (cargo xtask test installs it)");
        let base = format!("http://127.0.0.1:{port}/");
        let t = Instant::now();
        while ureq::get(&format!("{base}status")).call().is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile =
            std::env::temp_dir().join(format!("labs-chromium-{}-{port}", std::process::id()));
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            _profile: profile,
        };
        let v = b.post("session", &caps);
        b.session = v["sessionId"].as_str().expect("session id").to_string();
        b
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let url = if path == "session" {
            format!("{}session", self.base)
        } else {
            format!("{}session/{}/{path}", self.base, self.session)
        };
        let mut resp = ureq::post(&url)
            .config()
            .http_status_as_error(false)
            .build()
            .send_json(body)
            .unwrap_or_else(|e| panic!("webdriver {path}: {e}"));
        let v: Value = resp.body_mut().read_json().unwrap_or(Value::Null);
        if let Some(err) = v["value"]["error"].as_str() {
            panic!("webdriver {path}: {err}: {}", v["value"]["message"]);
        }
        v["value"].clone()
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`), for
    /// what WebDriver cannot do: scripts that run before a page's own, heap metrics, print emulation.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.post("goog/cdp/execute", &json!({ "cmd": cmd, "params": params }))
    }

    pub fn goto(&self, url: &str) {
        self.post("url", &json!({ "url": url }));
    }

    /// Runs a script in the page and returns its result.
    pub fn js(&self, script: &str) -> Value {
        self.post("execute/sync", &json!({ "script": script, "args": [] }))
    }

    /// Waits until a script returns true.
    pub fn wait(&self, script: &str, what: &str) {
        self.wait_up_to(script, what, Duration::from_secs(15));
    }

    /// [`Browser::wait`] with a limit of its own, for waits longer than a page's start.
    pub fn wait_up_to(&self, script: &str, what: &str, limit: Duration) {
        let t = Instant::now();
        loop {
            if self.js(script) == Value::Bool(true) {
                return;
            }
            assert!(t.elapsed() < limit, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn find(&self, css: &str) -> String {
        let v = self.post("element", &json!({ "using": "css selector", "value": css }));
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    /// A real click, as a student would.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.js(&format!(
            "document.querySelector({}).scrollIntoView({{block:'center'}})",
            json!(css)
        ));
        self.post(&format!("element/{id}/click"), &json!({}));
    }

    /// Types keys into an element (WebDriver key codes, e.g. "\u{E010}" for End).
    pub fn keys(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.post(&format!("element/{id}/value"), &json!({ "text": text }));
    }

    /// Whether the element is rendered (CSS `checkVisibility`, which needs scripts on).
    pub fn visible(&self, css: &str) -> bool {
        self.js(&format!(
            "const e = document.querySelector({}); return !!e && e.checkVisibility();",
            json!(css)
        )) == Value::Bool(true)
    }

    /// WebDriver's own "is displayed" (works with page scripts disabled).
    pub fn displayed(&self, css: &str) -> bool {
        let id = self.find(css);
        let url = format!(
            "{}session/{}/element/{id}/displayed",
            self.base, self.session
        );
        let mut r = ureq::get(&url).call().expect("displayed");
        let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
        v["value"] == Value::Bool(true)
    }

    /// Resizes the browser window (CSS pixels), e.g. to a phone's width.
    pub fn set_window(&self, width: u32, height: u32) {
        self.post("window/rect", &json!({ "width": width, "height": height }));
    }

    /// Saves a PNG of the viewport to `path`, for a person to look at.
    pub fn screenshot(&self, path: &Path) {
        let url = format!("{}session/{}/screenshot", self.base, self.session);
        let mut r = ureq::get(&url).call().expect("screenshot");
        let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
        let png = base64_decode(v["value"].as_str().unwrap_or(""));
        std::fs::write(path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// Opens a new tab in the same browser (same profile, same localStorage) and switches to
    /// it; returns its handle.
    pub fn new_tab(&self) -> String {
        let v = self.post("window/new", &json!({ "type": "tab" }));
        let handle = v["handle"].as_str().expect("a window handle").to_string();
        self.switch_to(&handle);
        handle
    }

    /// The handle of the tab commands go to now.
    pub fn tab(&self) -> String {
        let url = format!("{}session/{}/window", self.base, self.session);
        let mut r = ureq::get(&url).call().expect("window handle");
        let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
        v["value"].as_str().expect("a window handle").to_string()
    }

    /// Sends the following commands to another tab.
    pub fn switch_to(&self, handle: &str) {
        self.post("window", &json!({ "handle": handle }));
    }

    pub fn refresh(&self) {
        self.post("refresh", &json!({}));
    }

    /// Browser console messages at level SEVERE since the last call.
    pub fn console_errors(&self) -> Vec<String> {
        let v = self.post("se/log", &json!({ "type": "browser" }));
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Decodes standard base64 (WebDriver screenshots); invalid characters are skipped.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Reads a whole file to a string, for tests.
pub fn read(p: &Path) -> String {
    let mut s = String::new();
    std::fs::File::open(p)
        .and_then(|mut f| f.read_to_string(&mut s))
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    s
}

impl Browser {
    /// Runs an asynchronous script in the page (it calls its last argument with the result)
    /// and returns that result.
    pub fn js_async(&self, script: &str) -> Value {
        self.post("execute/async", &json!({ "script": script, "args": [] }))
    }

    /// Clears the origin's localStorage and sessionStorage from the page now open (nothing
    /// when no page of an origin is open). Followed by a navigation, it gives a lab page a
    /// fresh context, as a new browser profile would: the widgets write storage only when the
    /// student acts, never on unload.
    pub fn clear_storage(&self) {
        self.js("try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}");
    }
}

/// axe-core's browser bundle, when the test command provides it (`LABS_AXE_JS`, set by
/// `cargo xtask test`, which downloads it once).
pub fn axe_js() -> Option<String> {
    let path = std::env::var_os("LABS_AXE_JS")?;
    std::fs::read_to_string(path).ok()
}
