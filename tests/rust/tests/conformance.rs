//! Plays every scenario of `tests/conformance/` through the Rust core against
//! the mock server over real HTTP on 127.0.0.1. The format is documented in
//! `tests/README.md`; each scenario is one test, so cargo reports them one by one.
//! The keys a scenario may use are `tests/conformance-keys.json`'s, shared by
//! every language's runner; any other key fails the scenario.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use futures_util::StreamExt;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{json, Map, Value};
use workos_dsync::{Client, Error, ListParams, RequestOptions};
use workos_dsync_mock::{MockConfig, MockServer};

/// The sections of `tests/conformance-keys.json`, each the keys allowed in one
/// part of a scenario. A missing section is an error, never "anything goes".
const SECTIONS: [&str; 9] = [
    "scenario", "setup", "client", "call", "options", "params", "expect", "error", "request",
];

static KEYS: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();

fn load_keys(path: &Path) -> HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the allowed keys {}: {e}", path.display()));
    let all: Map<String, Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a JSON object: {e}", path.display()));
    SECTIONS
        .iter()
        .map(|&section| {
            let keys = all
                .get(section)
                .and_then(Value::as_array)
                .and_then(|a| a.iter().map(|k| k.as_str().map(str::to_owned)).collect())
                .unwrap_or_else(|| {
                    panic!(
                        "{} has no section {section:?} (an array of key names)",
                        path.display()
                    )
                });
            (section.to_owned(), keys)
        })
        .collect()
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    KEYS.set(load_keys(&root.join("conformance-keys.json")))
        .expect("keys are loaded once");
    let dir = root.join("conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 40,
        "expected at least 40 scenarios, found {}",
        files.len()
    );
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(name, move || run_file(&path).map_err(Failed::from))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn run_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let scenario: Value = serde_json::from_str(&text).map_err(|e| format!("bad JSON: {e}"))?;
    if !scenario.is_object() {
        return Err("a scenario must be a JSON object".into());
    }
    check_keys(&scenario, "scenario", "the scenario")?;
    let stem = path.file_stem().unwrap().to_string_lossy();
    if scenario["name"] != *stem {
        return Err(format!("`name` must be {stem:?}"));
    }
    // One mock per scenario: scenarios run in parallel, and a delayed fault
    // still sleeping from one scenario cannot touch another.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(run(&scenario))
}

struct Admin {
    http: reqwest::Client,
    url: String,
}

impl Admin {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}/__mock/{path}", self.url));
        if let Some(body) = body {
            req = req
                .header("content-type", "application/json")
                .body(serde_json::to_vec(body).unwrap());
        }
        let resp = req
            .send()
            .await
            .map_err(|e| format!("admin {method} {path}: {e}"))?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!(
                "admin {method} {path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        serde_json::from_slice(&bytes).map_err(|e| format!("admin {path} answered non-JSON: {e}"))
    }
}

async fn run(scenario: &Value) -> Result<(), String> {
    let server = MockServer::start(MockConfig::default())
        .await
        .map_err(|e| format!("mock did not start: {e}"))?;
    // reqwest is built without a default crypto provider; install ring as the core does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let admin = Admin {
        http: reqwest::Client::new(),
        url: server.url().to_owned(),
    };
    let setup = &scenario["setup"];
    check_keys(setup, "setup", "setup")?;
    let reset = setup.get("reset").cloned().unwrap_or(json!({"count": 0}));
    admin
        .call(reqwest::Method::POST, "reset", Some(&reset))
        .await?;
    if let Some(dirs) = setup.get("directories") {
        admin
            .call(reqwest::Method::POST, "directories", Some(dirs))
            .await?;
    }
    if let Some(faults) = setup.get("faults") {
        admin
            .call(reqwest::Method::POST, "faults", Some(faults))
            .await?;
    }
    admin
        .call(reqwest::Method::DELETE, "requests", None)
        .await?;

    let client = build_client(&setup["client"], &server)?;
    let outcome = perform(&client, &scenario["call"]).await?;
    let log = admin.call(reqwest::Method::GET, "requests", None).await?;
    let log = log.as_array().ok_or("request log is not an array")?;
    let dirs_after = admin
        .call(reqwest::Method::GET, "directories", None)
        .await?;
    check(&scenario["expect"], &outcome, log, &dirs_after)
}

/// Fails on a key that `section` of `tests/conformance-keys.json` does not allow.
fn check_keys(obj: &Value, section: &str, what: &str) -> Result<(), String> {
    let allowed = &KEYS.get().expect("keys loaded in main")[section];
    match obj {
        Value::Null => Ok(()),
        Value::Object(map) => match map.keys().find(|k| !allowed.contains(k)) {
            Some(k) => Err(format!("unknown key {k:?} in {what}")),
            None => Ok(()),
        },
        _ => Err(format!("{what} must be an object")),
    }
}

fn build_client(opts: &Value, server: &MockServer) -> Result<Client, String> {
    check_keys(opts, "client", "setup.client")?;
    let mut b = Client::builder()
        .api_key(opts["api_key"].as_str().unwrap_or(server.api_key()))
        .base_url(opts["base_url"].as_str().unwrap_or(server.url()));
    if let Some(n) = opts["max_retries"].as_u64() {
        b = b.max_retries(n as u32);
    }
    if let Some(ms) = opts["timeout_ms"].as_u64() {
        b = b.timeout(Duration::from_millis(ms));
    }
    Ok(b.build())
}

/// What the call produced: a wire-shape result or an error, plus for
/// `list_all` how many items came before the error.
struct Outcome {
    result: Result<Value, Error>,
    items: Option<Vec<Value>>,
}

async fn perform(client: &Client, call: &Value) -> Result<Outcome, String> {
    check_keys(call, "call", "call")?;
    let options = request_options(&call["options"])?;
    let api = client.directory_sync().with_options(options.as_ref());
    let id = || call["id"].as_str().ok_or("call.id must be a string");
    Ok(match call["op"].as_str() {
        Some("get") => Outcome {
            result: api.get_directory(id()?).await.map(|d| wire(&d)),
            items: None,
        },
        Some("delete") => Outcome {
            result: api.delete_directory(id()?).await.map(|()| Value::Null),
            items: None,
        },
        Some("list") => Outcome {
            result: match params(&call["params"])? {
                Ok(p) => api.list_directories_with(p).await.map(|l| wire(&l)),
                Err(e) => Err(e),
            },
            items: None,
        },
        Some("list_all") => {
            let mut items = Vec::new();
            let result = match params(&call["params"])? {
                Err(e) => Err(e),
                Ok(p) => {
                    let mut stream = api.list_directories_with(p).into_stream();
                    loop {
                        match stream.next().await {
                            Some(Ok(d)) => items.push(wire(&d)),
                            Some(Err(e)) => break Err(e),
                            None => break Ok(Value::Array(items.clone())),
                        }
                    }
                }
            };
            Outcome {
                result,
                items: Some(items),
            }
        }
        other => return Err(format!("unknown op {other:?}")),
    })
}

fn wire(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).expect("models serialize")
}

/// Scenario params to core params. The order goes through `FromStr` so an
/// unknown order is the core's `invalid_argument`, as it is in every binding.
fn params(p: &Value) -> Result<Result<ListParams, Error>, String> {
    check_keys(p, "params", "call.params")?;
    let s = |k: &str| p[k].as_str().map(str::to_owned);
    let order = match p["order"].as_str() {
        None => None,
        Some(o) => match o.parse() {
            Ok(o) => Some(o),
            Err(e) => return Ok(Err(e)),
        },
    };
    Ok(Ok(ListParams {
        organization_id: s("organization_id"),
        search: s("search"),
        domain: s("domain"),
        limit: p["limit"].as_i64(),
        before: s("before"),
        after: s("after"),
        order,
    }))
}

fn check(
    expect: &Value,
    outcome: &Outcome,
    log: &[Value],
    dirs_after: &Value,
) -> Result<(), String> {
    check_keys(expect, "expect", "expect")?;
    let e = expect.as_object().ok_or("expect must be an object")?;
    match (&outcome.result, e.get("error")) {
        (Ok(v), Some(want)) => return Err(format!("expected error {want}, got result {v}")),
        (Err(err), None) => return Err(format!("expected success, got error {err}")),
        (Err(err), Some(want)) => check_error(want, err)?,
        (Ok(result), None) => check_result(e, result)?,
    }
    if let Some(n) = e.get("items_before_error") {
        let got = outcome.items.as_ref().map(Vec::len);
        if got != n.as_u64().map(|n| n as usize) {
            return Err(format!("items_before_error: expected {n}, got {got:?}"));
        }
    }
    let count = e.get("request_count").and_then(Value::as_u64).or_else(|| {
        e.get("requests")
            .and_then(Value::as_array)
            .map(|a| a.len() as u64)
    });
    if let Some(count) = count {
        if log.len() as u64 != count {
            return Err(format!(
                "expected {count} requests, the mock logged {}: {log:#?}",
                log.len()
            ));
        }
    }
    for (i, want) in e
        .get("requests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        check_request(i, want, &log[i])?;
    }
    if let Some(n) = e.get("mock_directory_count") {
        let got = dirs_after.as_array().map(Vec::len).unwrap_or(0);
        if n.as_u64() != Some(got as u64) {
            return Err(format!("mock_directory_count: expected {n}, got {got}"));
        }
    }
    Ok(())
}

fn check_result(e: &Map<String, Value>, result: &Value) -> Result<(), String> {
    if let Some(want) = e.get("result") {
        if want != result {
            return Err(format!(
                "result differs\nexpected: {want:#}\n     got: {result:#}"
            ));
        }
    }
    let dirs: Vec<&Value> = match result {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect(),
        _ => Vec::new(),
    };
    if let Some(want) = e.get("result_ids") {
        let got: Vec<&Value> = dirs.iter().map(|d| &d["id"]).collect();
        let want: Vec<&Value> = want
            .as_array()
            .ok_or("result_ids must be an array")?
            .iter()
            .collect();
        if got != want {
            return Err(format!("result_ids: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(n) = e.get("result_count") {
        if n.as_u64() != Some(dirs.len() as u64) {
            return Err(format!("result_count: expected {n}, got {}", dirs.len()));
        }
    }
    if let Some(order) = e.get("result_sorted") {
        let key = |d: &Value| {
            (
                d["created_at"].as_str().unwrap_or("").to_owned(),
                d["id"].as_str().unwrap_or("").to_owned(),
            )
        };
        let mut seen = std::collections::HashSet::new();
        for d in &dirs {
            if !seen.insert(d["id"].to_string()) {
                return Err(format!("id {} repeats", d["id"]));
            }
        }
        for pair in dirs.windows(2) {
            let ok = match order.as_str() {
                Some("asc") => key(pair[0]) < key(pair[1]),
                Some("desc") => key(pair[0]) > key(pair[1]),
                _ => return Err(format!("result_sorted must be asc or desc, not {order}")),
            };
            if !ok {
                return Err(format!(
                    "not sorted {order}: {} then {}",
                    pair[0]["id"], pair[1]["id"]
                ));
            }
        }
    }
    Ok(())
}

fn check_error(want: &Value, err: &Error) -> Result<(), String> {
    check_keys(want, "error", "expect.error")?;
    let fail = |what: &str| Err(format!("error {what}; the error was {err} / {err:?}"));
    if want["kind"] != err.kind() {
        return fail(&format!("kind should be {}", want["kind"]));
    }
    if let Some(s) = want.get("status") {
        if s.as_u64() != err.status().map(u64::from) {
            return fail(&format!("status should be {s}"));
        }
    }
    if let Some(c) = want.get("code") {
        if c.as_str() != err.code() {
            return fail(&format!("code should be {c}"));
        }
    }
    if let Some(m) = want.get("message_contains").and_then(Value::as_str) {
        if !err.message().contains(m) {
            return fail(&format!("message should contain {m:?}"));
        }
    }
    if let Some(r) = want.get("request_id").and_then(Value::as_bool) {
        if r != err.request_id().is_some_and(|id| !id.is_empty()) {
            return fail(&format!("request id presence should be {r}"));
        }
    }
    if let Some(errors) = want.get("errors").and_then(Value::as_array) {
        let got = err.field_errors();
        if got.len() != errors.len() {
            return fail(&format!("should have {} field errors", errors.len()));
        }
        for (w, g) in errors.iter().zip(got) {
            let g = serde_json::to_value(g).unwrap();
            for (k, v) in w.as_object().ok_or("field error must be an object")? {
                if g.get(k) != Some(v) {
                    return fail(&format!("field error {k} should be {v}"));
                }
            }
        }
    }
    if let Some(secs) = want.get("retry_after") {
        if secs.as_u64() != err.retry_after().map(|d| d.as_secs()) {
            return fail(&format!("retry_after should be {secs}s"));
        }
    }
    Ok(())
}

/// `call.options` as the core's per-request options.
fn request_options(o: &Value) -> Result<Option<RequestOptions>, String> {
    if o.is_null() {
        return Ok(None);
    }
    check_keys(o, "options", "call.options")?;
    let text = |k: &str| o[k].as_str().map(str::to_owned);
    let extra_headers = match o.get("extra_headers") {
        None => Vec::new(),
        Some(h) => h
            .as_object()
            .ok_or("call.options.extra_headers must be an object")?
            .iter()
            .map(|(n, v)| (n.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect(),
    };
    Ok(Some(RequestOptions {
        timeout: o["timeout_ms"].as_u64().map(Duration::from_millis),
        max_retries: o["max_retries"].as_u64().map(|n| n as u32),
        extra_headers,
        idempotency_key: text("idempotency_key"),
        base_url: text("base_url"),
    }))
}

fn check_request(i: usize, want: &Value, got: &Value) -> Result<(), String> {
    check_keys(want, "request", "expect.requests[]")?;
    let fail = |what: String| Err(format!("request {i}: {what}; logged {got:#}"));
    for k in ["method", "path"] {
        if want[k] != got[k] {
            return fail(format!("{k} should be {}", want[k]));
        }
    }
    if let Some(q) = want.get("query").and_then(Value::as_object) {
        let actual = got["query_params"].as_object().cloned().unwrap_or_default();
        let same_keys = q.len() == actual.len() && q.keys().all(|k| actual.contains_key(k));
        let same_values = q.iter().all(|(k, v)| v == "*" || actual.get(k) == Some(v));
        if !(same_keys && same_values) {
            return fail(format!("query should be {}", Value::Object(q.clone())));
        }
    }
    if let Some(prefix) = want.get("user_agent_prefix").and_then(Value::as_str) {
        if !got["user_agent"].as_str().unwrap_or("").starts_with(prefix) {
            return fail(format!("user agent should start with {prefix:?}"));
        }
    }
    // Names compare case-insensitively (the log has them in lower case); a
    // null value means the header must be absent.
    if let Some(headers) = want.get("headers") {
        let headers = headers
            .as_object()
            .ok_or("requests[].headers must be an object")?;
        for (name, value) in headers {
            let logged = &got["headers"][name.to_ascii_lowercase()];
            if logged != value {
                return fail(format!("header {name} should be {value}"));
            }
        }
    }
    Ok(())
}
