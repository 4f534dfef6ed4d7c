//! The `workos-dsync` binary end to end: real processes against the mock
//! server over real HTTP on 127.0.0.1, checked through the mock's request log.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};
use workos_dsync_mock::{MockConfig, MockServer};

const BIN: &str = env!("CARGO_BIN_EXE_workos-dsync");
const SECRET: &str = "sk_test_cli_secret_key";

struct Mock {
    server: MockServer,
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
}

impl Mock {
    fn start(count: usize) -> Mock {
        let server = MockServer::start_in_background(MockConfig {
            count,
            api_key: SECRET.into(),
            ..MockConfig::default()
        })
        .expect("mock starts");
        // reqwest is built without a default crypto provider; the core installs ring.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Mock {
            server,
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            http: reqwest::Client::new(),
        }
    }

    /// Queues a fault (`POST /__mock/faults`).
    fn fault(&self, fault: Value) {
        self.admin("POST", "faults", Some(fault));
    }

    fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/__mock/{path}", self.server.url());
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        self.rt.block_on(async {
            let mut req = self.http.request(method, url);
            if let Some(b) = body {
                req = req.body(b.to_string());
            }
            let bytes = req.send().await.unwrap().bytes().await.unwrap();
            serde_json::from_slice(&bytes).unwrap()
        })
    }

    fn directories(&self) -> Vec<Value> {
        self.admin("GET", "directories", None)
            .as_array()
            .unwrap()
            .clone()
    }

    fn requests(&self) -> Vec<Value> {
        self.admin("GET", "requests", None)
            .as_array()
            .unwrap()
            .clone()
    }

    fn clear_log(&self) {
        self.admin("DELETE", "requests", None);
    }

    /// The CLI configured for this mock through the environment.
    fn cli(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("WORKOS_API_KEY", SECRET)
            .env("WORKOS_BASE_URL", self.server.url())
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::of(self.cli(args).output().unwrap())
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        assert!(
            !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
            "the API key leaked: {}{}",
            run.stdout,
            run.stderr
        );
        run
    }

    fn ok(self) -> Run {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

fn directory(n: u32, name: &str) -> Value {
    json!({
        "object": "directory", "id": format!("directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M{n}"),
        "organization_id": "org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C", "external_key": "kx8DPq2LmN4sT7vW",
        "type": "okta scim v2.0", "state": "linked", "name": name, "domain": "acme-robotics.com",
        "metadata": {"users": {"active": 42, "inactive": 3}, "groups": 5},
        "created_at": format!("2024-03-0{n}T10:00:00.000Z"), "updated_at": "2024-03-09T10:00:00.000Z"
    })
}

#[test]
fn without_a_key_it_lists_demo_data_from_an_embedded_mock() {
    let out = Command::new(BIN)
        .args(["directories", "list"])
        .env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let run = Run::of(out).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("ID "), "{}", run.stdout);
    assert!(lines[0].contains("NAME") && lines[0].contains("GROUPS"));
    assert_eq!(lines.len(), 11, "a header and the API's default page of 10");
    assert!(lines[1].starts_with("directory_"));
    let stderr: Vec<&str> = run.stderr.lines().collect();
    assert!(stderr[0].contains("embedded mock server"), "{}", run.stderr);
}

#[test]
fn a_base_url_without_a_key_is_a_configuration_error() {
    let out = Command::new(BIN)
        .args(["directories", "list", "--base-url", "http://127.0.0.1:9"])
        .env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL")
        .output()
        .unwrap();
    let run = Run::of(out);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("configuration"), "{}", run.stderr);
}

#[test]
fn the_table_is_aligned_and_cuts_long_values() {
    let mock = Mock::start(0);
    let long = "An Extraordinarily Long Company Name That Does Not Fit";
    let mut no_metadata = directory(2, "Globex");
    no_metadata.as_object_mut().unwrap().remove("metadata");
    no_metadata.as_object_mut().unwrap().remove("domain");
    mock.admin(
        "POST",
        "directories",
        Some(json!([directory(1, long), no_metadata])),
    );
    let run = mock.run(&["directories", "list", "--order", "asc"]).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    let col = |line: &str, header: &str| {
        let at = lines[0].find(header).unwrap();
        line.chars().skip(at).collect::<String>()
    };
    assert!(col(lines[1], "NAME").starts_with("An Extraordinarily Long"));
    assert!(col(lines[1], "NAME").contains('…'), "{}", lines[1]);
    assert!(!run.stdout.contains(long), "the long name is cut");
    assert!(col(lines[1], "TYPE").starts_with("okta scim v2.0"));
    assert!(col(lines[2], "TYPE").starts_with("okta scim v2.0"));
    assert!(col(lines[2], "DOMAIN").starts_with("- "));
    assert!(lines[1].ends_with("42         3       5"), "{}", lines[1]);
    assert!(lines[2].ends_with('-'));
}

#[test]
fn json_prints_the_api_list_envelope() {
    let mock = Mock::start(15);
    let run = mock.run(&["directories", "list", "--json"]).ok();
    let v = run.json();
    assert_eq!(v["object"], "list");
    assert_eq!(v["data"].as_array().unwrap().len(), 10);
    assert!(v["list_metadata"]["after"].is_string());
    assert!(v["list_metadata"]["before"].is_null());
}

#[test]
fn all_follows_every_page_with_the_filters() {
    let mock = Mock::start(260);
    mock.clear_log();
    let run = mock
        .run(&["directories", "list", "--all", "--limit", "25"])
        .ok();
    assert_eq!(run.stdout.lines().count(), 261, "header + 260 rows");
    assert_eq!(run.stderr, "", "no progress when stderr is not a terminal");
    let log = mock.requests();
    assert_eq!(log.len(), 11);
    assert!(log.iter().all(|r| r["query_params"]["limit"] == "25"));
    assert!(log[1..]
        .iter()
        .all(|r| r["query_params"]["after"].is_string()));

    let run = mock
        .run(&["directories", "list", "--all", "--json", "--order", "asc"])
        .ok();
    let all = run.json();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 260);
    let ids: std::collections::HashSet<_> = all.iter().map(|d| d["id"].clone()).collect();
    assert_eq!(ids.len(), 260);
    assert!(all
        .windows(2)
        .all(|w| w[0]["created_at"].as_str() <= w[1]["created_at"].as_str()));
}

#[test]
fn all_with_json_and_nothing_to_list_is_an_empty_array() {
    let mock = Mock::start(0);
    let run = mock.run(&["directories", "list", "--all", "--json"]).ok();
    assert_eq!(run.json(), json!([]));
    let run = mock.run(&["directories", "list"]).ok();
    assert_eq!(run.stdout.trim(), "No directories.");
}

#[test]
fn every_flag_reaches_the_query_string() {
    let mock = Mock::start(0);
    mock.admin(
        "POST",
        "directories",
        Some(json!([
            directory(1, "A"),
            directory(2, "B"),
            directory(3, "C")
        ])),
    );
    mock.clear_log();
    let (first, last) = (
        "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
        "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M3",
    );
    mock.run(&[
        "directories",
        "list",
        "--organization-id",
        "org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C",
        "--search",
        "Foo & Bar",
        "--domain",
        "acme-robotics.com",
        "--limit",
        "7",
        "--before",
        last,
        "--after",
        first,
        "--order",
        "normal",
    ])
    .ok();
    let log = mock.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0]["query_params"],
        json!({
            "organization_id": "org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C", "search": "Foo & Bar",
            "domain": "acme-robotics.com", "limit": "7", "before": last, "after": first,
            "order": "normal"
        })
    );
    assert!(log[0]["user_agent"].as_str().unwrap().contains(" cli/"));
}

#[test]
fn get_shows_details_or_json() {
    let mock = Mock::start(0);
    mock.admin("POST", "directories", Some(json!([directory(1, "Acme")])));
    let id = "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1";
    let run = mock.run(&["directories", "get", id]).ok();
    assert!(
        run.stdout.contains(&format!("id           {id}")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("users        42 active, 3 inactive"));
    let run = mock.run(&["directories", "get", id, "--json"]).ok();
    assert_eq!(run.json(), directory(1, "Acme"));
}

#[test]
fn api_errors_exit_1_with_one_line_naming_everything() {
    let mock = Mock::start(1);
    let run = mock.run(&["directories", "get", "directory_missing"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    for part in [
        "not_found",
        "HTTP 404",
        "entity_not_found",
        "Directory not found",
        "request id req_",
    ] {
        assert!(run.stderr.contains(part), "{part} missing: {}", run.stderr);
    }

    let mut cmd = mock.cli(&["directories", "list"]);
    cmd.env("WORKOS_API_KEY", "sk_test_wrong");
    let run = Run::of(cmd.output().unwrap());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("authentication (HTTP 401, unauthorized)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("sk_test_wrong"));

    mock.fault(json!({"method": "GET", "path": "/directories", "status": 500, "times": 5}));
    let run = mock.run(&["directories", "list", "--max-retries", "0"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("server (HTTP 500"), "{}", run.stderr);
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let mock = Mock::start(1);
    mock.clear_log();
    // Every case is a `directories` subcommand: its arguments, then the message.
    for (args, message) in [
        (
            vec!["list", "--limit", "0"],
            "`limit` must be between 1 and 100",
        ),
        (
            vec!["list", "--all", "--limit", "101"],
            "`limit` must be between 1 and 100",
        ),
        (vec!["get", ""], "`id` must not be empty"),
        (vec!["delete", "", "--yes"], "`id` must not be empty"),
        (
            vec!["list", "--order", "sideways"],
            "`order` must be one of",
        ),
        (vec!["list", "--timeout", "0"], "longer than zero"),
        // Out of range: the core's invalid_argument, in the command line's names.
        (
            vec!["list", "--timeout", "-1"],
            "invalid_argument: `--timeout` must be a number of seconds from 0",
        ),
        (vec!["list", "--timeout", "1e300ms"], "unknown unit"),
        (
            vec!["list", "--max-retries", "-1"],
            "invalid_argument: `--max-retries` must be an integer from 0 to 4294967295, not -1",
        ),
        (
            vec!["list", "--max-retries", "4294967296"],
            "`--max-retries` must be an integer",
        ),
        (vec!["frobnicate"], "unrecognized subcommand"),
    ] {
        let args = [&["directories"], &args[..]].concat();
        let run = mock.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert!(mock.requests().is_empty());
}

#[test]
fn delete_needs_yes_when_nobody_can_confirm() {
    let mock = Mock::start(3);
    let id = mock.directories()[0]["id"].as_str().unwrap().to_owned();
    mock.clear_log();
    let run = mock.run(&["directories", "delete", &id]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(mock.requests().is_empty());
    assert_eq!(mock.directories().len(), 3);

    let run = mock.run(&["directories", "delete", &id, "--yes"]).ok();
    assert_eq!(run.stdout.trim(), format!("deleted {id}"));
    assert_eq!(mock.directories().len(), 2);
    let run = mock.run(&["directories", "delete", &id, "--yes"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not_found"));
}

/// Runs the CLI on a pseudo-terminal (util-linux `script`), typing `input`.
fn on_terminal(mock: &Mock, args: &str, input: &str) -> Run {
    let command = format!("{BIN} {args}");
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("WORKOS_API_KEY", SECRET)
        .env("WORKOS_BASE_URL", mock.server.url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs the CLI on a pseudo-terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Run::of(child.wait_with_output().unwrap())
}

#[test]
fn delete_asks_on_a_terminal() {
    let mock = Mock::start(3);
    let id = mock.directories()[0]["id"].as_str().unwrap().to_owned();
    let run = on_terminal(&mock, &format!("directories delete {id}"), "n\n");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("This cannot be undone. [y/N]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("not deleted"));
    assert_eq!(mock.directories().len(), 3);

    let run = on_terminal(&mock, &format!("directories delete {id}"), "y\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains(&format!("deleted {id}")));
    assert_eq!(mock.directories().len(), 2);
}

#[test]
fn all_shows_progress_on_a_terminal() {
    let mock = Mock::start(120);
    let run = on_terminal(&mock, "directories list --all --limit 50", "");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("fetched 50 directories"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("120 directories"));
}

#[test]
fn help_never_shows_the_key_from_the_environment() {
    let mock = Mock::start(0);
    let run = mock.run(&["directories", "list", "--help"]).ok();
    assert!(run.stdout.contains("--api-key"));
}

#[test]
fn mock_subcommand_serves_the_api() {
    let (mut child, url) = workos_dsync_mock::cli::spawn_announced(
        Command::new(BIN).args("mock --port 0 --seed 3 --count 5 --api-key sk_test_sub".split(' ')),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args([
            "directories",
            "list",
            "--json",
            "--api-key",
            "sk_test_sub",
            "--base-url",
            &url,
        ])
        .output()
        .unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    let run = Run::of(out).ok();
    assert_eq!(run.json()["data"].as_array().unwrap().len(), 5);
}

/// A name built to attack a terminal: it clears the line and rewrites it to
/// name another directory, breaks the line, hides text, reverses text with a
/// bidi override, and carries a C1 CSI and a tab.
const HOSTILE: &str = "Acme\r\x1b[2KDelete directory directory_01OTHER (Globex\n\x1b[8mhidden\x1b[0m \u{202e}moc.evil\u{202c} \u{2066}x\u{2069} \u{9b}31m\tend\x07";
const HOSTILE_SHOWN: &str = r"Acme\r\x1b[2KDelete directory directory_01OTHER (Globex\n\x1b[8mhidden\x1b[0m \u{202e}moc.evil\u{202c} \u{2066}x\u{2069} \x9b31m\tend\x07";

/// Whether `c` must never reach a terminal raw from server data.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

fn assert_clean(what: &str, text: &str) {
    let bad: Vec<char> = text.chars().filter(|&c| is_hostile(c)).collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}: {text:?}");
}

/// The id of [`hostile_directory`].
const HOSTILE_ID: &str = "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1";

fn hostile_directory() -> Value {
    let mut d = directory(1, HOSTILE);
    d["type"] = json!("okta\u{1b}[8m\u{202e}");
    d["external_key"] = json!("k\r\n\u{1b}]0;title\u{7}");
    d
}

/// A mock holding [`hostile_directory`] only.
fn hostile_mock() -> Mock {
    let mock = Mock::start(0);
    mock.admin("POST", "directories", Some(json!([hostile_directory()])));
    mock
}

#[test]
fn hostile_names_are_escaped_in_the_table_and_the_details() {
    let mock = hostile_mock();
    let id = HOSTILE_ID;

    for args in [
        &["directories", "list"][..],
        &["directories", "list", "--all"][..],
    ] {
        let run = mock.run(args).ok();
        assert_clean("the table", &run.stdout);
        assert_clean("the table's stderr", &run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 2, "a header and one row: {}", run.stdout);
        let at = lines[0].find("NAME").unwrap();
        let name: String = lines[1].chars().skip(at).take(28).collect();
        assert_eq!(name, r"Acme\r\x1b[2KDelete directo…");
        assert!(lines[1].contains(r"okta\x1b[8m\u{202e}"), "{}", lines[1]);
    }

    let run = mock.run(&["directories", "get", id]).ok();
    assert_clean("the details", &run.stdout);
    assert_eq!(run.stdout.lines().count(), 11, "{}", run.stdout);
    assert!(
        run.stdout
            .contains(&format!("name         {HOSTILE_SHOWN}\n")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("type         okta\\x1b[8m\\u{202e}\n"));
    assert!(run
        .stdout
        .contains("external key k\\r\\n\\x1b]0;title\\x07\n"));
}

#[test]
fn json_keeps_hostile_values_exact_and_escaped_as_json() {
    let mock = hostile_mock();
    let id = HOSTILE_ID;
    for args in [
        &["directories", "get", id, "--json"][..],
        &["directories", "list", "--json"][..],
        &["directories", "list", "--all", "--json"][..],
    ] {
        let run = mock.run(args).ok();
        // JSON escapes C0 controls itself; the value must come back exact.
        assert!(
            !run.stdout.chars().any(|c| c < ' ' && c != '\n'),
            "{args:?}: {:?}",
            run.stdout
        );
        let v = run.json();
        let d = if v.is_array() {
            &v[0]
        } else if v["object"] == "list" {
            &v["data"][0]
        } else {
            &v
        };
        assert_eq!(*d, hostile_directory(), "{args:?}");
    }
}

#[test]
fn a_hostile_after_cursor_is_escaped_in_the_hint() {
    let mock = Mock::start(0);
    let after = "directory_01\r\x1b[2Kall done\n\u{202e}x";
    mock.fault(
        json!({"method": "GET", "path": "/directories", "status": 200, "body": {
            "object": "list", "data": [directory(1, "Acme")],
            "list_metadata": {"before": null, "after": after}
        }}),
    );
    let run = mock.run(&["directories", "list"]).ok();
    assert_clean("the hint", &run.stderr);
    assert_eq!(
        run.stderr,
        "more directories follow: --after directory_01\\r\\x1b[2Kall done\\n\\u{202e}x, \
         or --all for every page\n"
    );
}

#[test]
fn the_hint_names_the_cursor_that_continues_the_order() {
    let mock = Mock::start(5);
    let run = mock.run(&["directories", "list", "--limit", "2"]).ok();
    assert!(run
        .stderr
        .starts_with("more directories follow: --after directory_"));
    // `normal` continues with `before`, as the API defines it.
    let run = mock
        .run(&["directories", "list", "--limit", "2", "--order", "normal"])
        .ok();
    assert!(
        run.stderr
            .starts_with("more directories follow: --before directory_"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hostile_error_stays_one_escaped_line() {
    let mock = Mock::start(0);
    let id = "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1";
    mock.fault(json!({
        "method": "GET", "path": format!("/directories/{id}"), "status": 400,
        "body": {
            "message": "Bad\nworkos-dsync: deleted everything\r\x1b[2K\u{1b}]0;pwned\u{7}\u{202e}txt.exe",
            "code": "evil\r\n\u{9b}2J"
        },
        "headers": {"X-Request-ID": "req_01\tforged"}
    }));
    let run = mock.run(&["directories", "get", id]);
    assert_eq!(run.code, 1);
    assert_clean("the error line", &run.stderr);
    assert_eq!(
        run.stderr,
        "workos-dsync: error: bad_request (HTTP 400, evil\\r\\n\\x9b2J): \
         Bad\\nworkos-dsync: deleted everything\\r\\x1b[2K\\x1b]0;pwned\\x07\\u{202e}txt.exe \
         [request id req_01\\tforged]\n"
    );
}

#[test]
fn a_hostile_name_cannot_redraw_the_delete_prompt() {
    let mock = hostile_mock();
    let id = HOSTILE_ID;
    let run = on_terminal(&mock, &format!("directories delete {id}"), "n\n");
    assert_eq!(run.code, 1, "{}", run.stdout);
    // The terminal itself ends lines with CR LF; anything else is the CLI's.
    let shown = run.stdout.replace("\r\n", "\n");
    assert_clean("the prompt", &shown);
    // The typed answer is echoed whenever the terminal gets it, so the prompt
    // is matched up to its end.
    let expected = format!(
        "Delete directory {id} ({HOSTILE_SHOWN}, okta\\x1b[8m\\u{{202e}})? \
         This cannot be undone. [y/N] "
    );
    let prompt = shown
        .lines()
        .find(|l| l.contains("[y/N]"))
        .unwrap_or_else(|| panic!("no prompt: {shown:?}"));
    let at = prompt.find("Delete directory").unwrap();
    assert_eq!(&prompt[at..at + expected.len()], expected);
    assert_eq!(
        shown.matches("Delete directory").count(),
        2,
        "once, with the spoof quoted inside it"
    );
    assert!(shown.contains("not deleted"));
    assert_eq!(mock.directories().len(), 1);
}
