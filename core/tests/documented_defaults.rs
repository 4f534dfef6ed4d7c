//! Every default the documentation states is the core's constant.
//!
//! The defaults live once, in the core: `DEFAULT_BASE_URL`,
//! `DEFAULT_MAX_RETRIES`, `DEFAULT_TIMEOUT`, `AUTO_PAGING_LIMIT` and
//! `API_DEFAULT_LIMIT`. The command line's help is built from them (and
//! tested in `cli/src/args.rs`), the core's own docs link them, and the
//! uniffi doc comments become the generated Swift and Kotlin. Everything else
//! that states one in prose is read here:
//!
//! - each statement a rule below recognises must give the constant's value;
//! - each file must still state the defaults it is listed with, so that a
//!   reworded sentence cannot drop out of the check unnoticed;
//! - any other number or URL given as a default ("default 5", "(7 by
//!   default)", "defaults (https://...") fails the test until a rule covers it.

use std::path::Path;

use workos_dsync::{
    API_DEFAULT_LIMIT, AUTO_PAGING_LIMIT, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fact {
    /// `DEFAULT_MAX_RETRIES`.
    Retries,
    /// `DEFAULT_TIMEOUT` in seconds.
    TimeoutSecs,
    /// `DEFAULT_TIMEOUT` in milliseconds.
    TimeoutMillis,
    /// `DEFAULT_BASE_URL`.
    BaseUrl,
    /// `AUTO_PAGING_LIMIT`.
    WalkPageSize,
    /// `API_DEFAULT_LIMIT`.
    ApiPageSize,
}

use Fact::*;

impl Fact {
    fn value(self) -> String {
        match self {
            Retries => DEFAULT_MAX_RETRIES.to_string(),
            TimeoutSecs => DEFAULT_TIMEOUT.as_secs().to_string(),
            TimeoutMillis => DEFAULT_TIMEOUT.as_millis().to_string(),
            BaseUrl => DEFAULT_BASE_URL.to_lowercase(),
            WalkPageSize => AUTO_PAGING_LIMIT.to_string(),
            ApiPageSize => API_DEFAULT_LIMIT.to_string(),
        }
    }

    fn is_url(self) -> bool {
        self == BaseUrl
    }
}

/// Where a value sits: right after `before`, or right before `after`, in
/// normalised text (lower case, no comment markers or backticks, one space
/// between words).
enum Anchor {
    Before(&'static str),
    After(&'static str),
}

use Anchor::*;

/// How the documentation states each default.
const RULES: &[(Fact, Anchor)] = &[
    (Retries, After(" retries")),
    (Retries, After(" by default")),
    (Retries, After(" times by default")),
    (Retries, Before("timeouts (default ")),
    (Retries, Before("request (default ")),
    (
        Retries,
        Before("retries after the first attempt | the argument | "),
    ),
    (Retries, Before("the client's default, ")),
    (TimeoutSecs, After(" s per attempt")),
    (TimeoutSecs, Before("end of the body | the argument | ")),
    (TimeoutMillis, Before("milliseconds (default ")),
    (BaseUrl, Before("the defaults (")),
    (BaseUrl, Before("default: workos_base_url, then ")),
    (BaseUrl, Before("default ")),
    (BaseUrl, Before("base url ")),
    (BaseUrl, Before("workos_base_url, else ")),
    (BaseUrl, Before("(ignored when blank) | ")),
    (WalkPageSize, After(" a page unless")),
    (WalkPageSize, After(" directories a page")),
    (WalkPageSize, Before("caller's limit, or ")),
    (ApiPageSize, Before("the api's own page size, ")),
    (ApiPageSize, Before("api's own default (")),
    (ApiPageSize, Before("the api's default is ")),
];

/// The documents that state defaults, and which each must state. `true`:
/// the file may be absent.
const DOCS: &[(&str, &[Fact], bool)] = &[
    (
        "README.md",
        &[Retries, TimeoutSecs, BaseUrl, WalkPageSize, ApiPageSize],
        false,
    ),
    (
        "CONTRACT.md",
        &[Retries, TimeoutSecs, BaseUrl, WalkPageSize, ApiPageSize],
        true,
    ),
    ("tests/README.md", &[Retries], false),
    ("core/src/lib.rs", &[], false),
    ("core/src/client.rs", &[], false),
    ("core/src/options.rs", &[], false),
    ("core/src/directory_sync.rs", &[WalkPageSize], false),
    ("cli/src/args.rs", &[], false),
    (
        "bindings-node/index.d.ts",
        &[Retries, TimeoutMillis, BaseUrl],
        false,
    ),
    ("bindings-node/index.js", &[], false),
    ("bindings-node/README.md", &[], false),
    (
        "bindings-python/src/client.rs",
        &[Retries, TimeoutSecs, BaseUrl, WalkPageSize],
        false,
    ),
    (
        "bindings-python/python/workos_dsync/_native.pyi",
        &[],
        false,
    ),
    ("bindings-python/README.md", &[], false),
    (
        "bindings-swift/src/client.rs",
        &[Retries, TimeoutMillis, BaseUrl, WalkPageSize],
        false,
    ),
    (
        "bindings-swift/Sources/WorkOSDSync/WorkOSDSync.swift",
        &[Retries, TimeoutMillis, BaseUrl],
        false,
    ),
    (
        "bindings-swift/Sources/WorkOSDSync/DirectorySequence.swift",
        &[WalkPageSize],
        false,
    ),
    (
        "bindings-swift/Sources/WorkOSDSync/Cancellation.swift",
        &[],
        false,
    ),
    (
        "bindings-swift/Examples/QuickStart/Sources/QuickStart/main.swift",
        &[BaseUrl],
        false,
    ),
    (
        "bindings-kotlin/src/main/kotlin/dev/workosdsync/workos_dsync_uniffi.kt",
        &[Retries, TimeoutMillis, BaseUrl],
        false,
    ),
    (
        "bindings-kotlin/src/main/kotlin/dev/workosdsync/Flows.kt",
        &[WalkPageSize],
        false,
    ),
    (
        "bindings-kotlin/src/main/kotlin/dev/workosdsync/Java.kt",
        &[Retries, TimeoutSecs, BaseUrl, WalkPageSize],
        false,
    ),
];

/// Lower case, comment markers and backticks gone, lines joined with one space.
fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.trim();
        for marker in ["///", "//!", "//", "/**", "/*", "*/", "*", "#"] {
            if let Some(rest) = line.strip_prefix(marker) {
                line = rest;
                break;
            }
        }
        let line = line.trim_end_matches("*/");
        for word in line.split_whitespace() {
            out.push(' ');
            out.push_str(&word.replace('`', "").to_lowercase());
        }
    }
    out
}

const TOKEN_END: &[char] = &[')', ',', ';', '|', ']'];

/// The value starting at `at`: up to a space or closing punctuation, without a
/// sentence's final full stop.
fn token_after(text: &str, at: usize) -> (usize, &str) {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || TOKEN_END.contains(&c))
        .unwrap_or(rest.len());
    (at, rest[..end].trim_end_matches('.'))
}

/// The value ending at `at`: back to a space or opening bracket.
fn token_before(text: &str, at: usize) -> (usize, &str) {
    let head = &text[..at];
    let start = head
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '[')
        .map_or(0, |i| i + 1);
    (start, &head[start..])
}

/// Digits, maybe with a decimal point: not `60);` at the end of a line of code.
fn is_number(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn is_url(token: &str) -> bool {
    token.starts_with("http://") || token.starts_with("https://")
}

/// A statement of a default: where its value starts, and the value.
#[derive(Debug)]
struct Found {
    at: usize,
    value: String,
    fact: Fact,
}

/// The statements the rules recognise in `text`.
fn recognised(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for &(fact, ref anchor) in RULES {
        let (pattern, before) = match anchor {
            Before(p) => (*p, true),
            After(p) => (*p, false),
        };
        for (i, _) in text.match_indices(pattern) {
            let (at, token) = if before {
                token_after(text, i + pattern.len())
            } else {
                token_before(text, i)
            };
            let kind_fits = if fact.is_url() {
                is_url(token)
            } else {
                is_number(token)
            };
            if kind_fits {
                found.push(Found {
                    at,
                    value: token.to_owned(),
                    fact,
                });
            }
        }
    }
    found
}

/// Every number or URL the text gives as a default, in the phrasings
/// "default N", "default: N", "default is N", "defaults (N", "default (N",
/// "N by default", "N times by default": where each value starts.
fn stated_defaults(text: &str) -> Vec<(usize, String)> {
    let mut stated = Vec::new();
    for (i, _) in text.match_indices("default") {
        let mut at = i + "default".len();
        for filler in ["s", ":", " is", " ("] {
            if text[at..].starts_with(filler) {
                at += filler.len();
            }
        }
        if !text[at..].starts_with(' ') && !text[..at].ends_with('(') {
            continue;
        }
        let at = at + usize::from(text[at..].starts_with(' '));
        let at = at + usize::from(text[at..].starts_with('('));
        let (at, token) = token_after(text, at);
        if is_number(token) || is_url(token) {
            stated.push((at, token.to_owned()));
        }
    }
    for suffix in [" by default", " times by default"] {
        for (i, _) in text.match_indices(suffix) {
            let (at, token) = token_before(text, i);
            if is_number(token) {
                stated.push((at, token.to_owned()));
            }
        }
    }
    stated
}

/// What is wrong with the defaults `text` states; `required` are the facts
/// it must state.
fn problems(name: &str, text: &str, required: &[Fact]) -> Vec<String> {
    let text = normalise(text);
    let found = recognised(&text);
    let context = |at: usize| {
        let start = text[..at]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let end = text[at..]
            .char_indices()
            .nth(40)
            .map_or(text.len(), |(i, _)| at + i);
        format!("\"…{}…\"", &text[start..end])
    };
    let mut problems = Vec::new();
    for f in &found {
        let want = f.fact.value();
        if f.value != want {
            problems.push(format!(
                "{name}: states {} where the core's {:?} is {want}: {}",
                f.value,
                f.fact,
                context(f.at)
            ));
        }
    }
    for fact in required {
        if !found.iter().any(|f| f.fact == *fact) {
            problems.push(format!(
                "{name}: no longer states the default {fact:?} in a way this test recognises \
                 (reworded? update RULES, or DOCS if it was dropped on purpose)"
            ));
        }
    }
    for (at, value) in stated_defaults(&text) {
        if !found.iter().any(|f| f.at == at) {
            problems.push(format!(
                "{name}: states the default {value}, which no rule checks (add one to RULES): {}",
                context(at)
            ));
        }
    }
    problems
}

#[test]
fn every_documented_default_is_the_cores() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = Vec::new();
    for (file, required, optional) in DOCS {
        let text = match std::fs::read_to_string(root.join(file)) {
            Ok(text) => text,
            Err(_) if *optional => continue,
            Err(e) => panic!("{file}: {e}"),
        };
        all.extend(problems(file, &text, required));
    }
    assert!(all.is_empty(), "\n{}\n", all.join("\n"));
}

#[test]
fn a_different_number_fails() {
    let ok = "/**\n * Retries of a failed request: 408, 429, timeouts (default 3).\n * Per-attempt timeout in milliseconds (default 60000).\n */";
    assert_eq!(
        problems("ok", ok, &[Retries, TimeoutMillis]),
        Vec::<String>::new()
    );
    for (wrong, what) in [
        (
            "timeouts (default 5).",
            "states 5 where the core's Retries is 3",
        ),
        (
            "Retries (7 by default)",
            "states 7 where the core's Retries is 3",
        ),
        ("in milliseconds (default 30000)", "states 30000"),
        (
            "the defaults\n/// (``https://api.example.com``, 3 retries, 60 s per attempt)",
            "states https://api.example.com",
        ),
        (
            "the defaults (https://api.workos.com, 4 retries, 60 s per attempt)",
            "states 4",
        ),
        (
            "the defaults (https://api.workos.com, 3 retries, 90 s per attempt)",
            "states 90",
        ),
        (
            "fetched lazily (50 a page unless a limit was given)",
            "states 50",
        ),
        ("the API's own page size, 20.", "states 20"),
        ("Per-attempt timeout (default 30 s).", "no rule checks"),
        ("The page size defaults: 25 a page.", "no rule checks"),
    ] {
        let problems = problems("doc", wrong, &[]);
        assert!(
            problems.iter().any(|p| p.contains(what)),
            "{wrong:?}: {problems:?}"
        );
    }
    let dropped = problems("doc", "Retries of a failed request.", &[Retries]);
    assert!(
        dropped[0].contains("no longer states the default Retries"),
        "{dropped:?}"
    );
}
