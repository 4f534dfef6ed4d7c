//! What the mock received, for tests to assert on: method, path, query,
//! whether the key was right, the User-Agent, the status answered and the
//! random fault, if any.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::query;

/// How many entries the log keeps; older ones are dropped first.
pub const CAPACITY: usize = 100_000;

/// One received request.
#[derive(Debug)]
pub struct LogEntry {
    /// The request method.
    pub method: hyper::Method,
    /// The path as received, still percent-encoded.
    pub path: String,
    /// The raw query string.
    pub query: Option<String>,
    /// Whether the request carried the right API key.
    pub authorized: bool,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// The kind of random fault that hit the request, if one did.
    pub random_fault: Option<&'static str>,
    /// Every header but `Authorization`: lower-case name and value.
    pub headers: Vec<(String, String)>,
    /// The status answered; 0 until then, and for ever when the connection
    /// was dropped, so that requests show up in the log while they are
    /// still being delayed.
    status: AtomicU16,
}

impl LogEntry {
    /// An entry with no status yet.
    pub fn new(
        method: hyper::Method,
        path: String,
        query: Option<String>,
        authorized: bool,
        user_agent: Option<String>,
    ) -> Self {
        LogEntry {
            method,
            path,
            query,
            authorized,
            user_agent,
            random_fault: None,
            headers: Vec::new(),
            status: AtomicU16::new(0),
        }
    }

    /// Records the status that was answered.
    pub fn set_status(&self, status: u16) {
        self.status.store(status, Ordering::Relaxed);
    }

    /// The status answered, if any.
    pub fn status(&self) -> Option<u16> {
        match self.status.load(Ordering::Relaxed) {
            0 => None,
            status => Some(status),
        }
    }
}

struct QueryParams<'a>(&'a str);

impl Serialize for QueryParams<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let params = query::parse(self.0);
        let mut map = serializer.serialize_map(Some(params.len()))?;
        for (key, value) in &params {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Headers as one JSON object.
struct Headers<'a>(&'a [(String, String)]);

impl Serialize for Headers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl Serialize for LogEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("LogEntry", 9)?;
        s.serialize_field("method", self.method.as_str())?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("query", &self.query)?;
        s.serialize_field(
            "query_params",
            &QueryParams(self.query.as_deref().unwrap_or("")),
        )?;
        s.serialize_field("authorized", &self.authorized)?;
        s.serialize_field("user_agent", &self.user_agent)?;
        s.serialize_field("status", &self.status())?;
        s.serialize_field("random_fault", &self.random_fault)?;
        s.serialize_field("headers", &Headers(&self.headers))?;
        s.end()
    }
}

/// The latest [`CAPACITY`] requests, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<Arc<LogEntry>>>,
}

impl RequestLog {
    fn entries(&self) -> std::sync::MutexGuard<'_, VecDeque<Arc<LogEntry>>> {
        // A panic elsewhere cannot leave a VecDeque half-updated in a way
        // that matters here, so a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends an entry; the caller keeps it to set the status later.
    pub fn push(&self, entry: LogEntry) -> Arc<LogEntry> {
        let entry = Arc::new(entry);
        let mut entries = self.entries();
        if entries.len() >= CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry.clone());
        entry
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.entries().clear();
    }

    /// The entries as a JSON array, serialised outside the lock.
    pub fn to_json(&self) -> Vec<u8> {
        let entries: Vec<Arc<LogEntry>> = self.entries().iter().cloned().collect();
        let entries: Vec<&LogEntry> = entries.iter().map(|e| &**e).collect();
        serde_json::to_vec(&entries).unwrap_or_else(|_| b"[]".to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> LogEntry {
        LogEntry::new(hyper::Method::GET, path.into(), None, true, None)
    }

    #[test]
    fn serialises_as_documented() {
        let log = RequestLog::default();
        let mut with_headers = LogEntry::new(
            hyper::Method::GET,
            "/directories".into(),
            Some("limit=10&search=a+b%21".into()),
            true,
            Some("ua/1".into()),
        );
        with_headers.headers = vec![
            ("user-agent".into(), "ua/1".into()),
            ("x-trace".into(), "a, b".into()),
        ];
        let first = log.push(with_headers);
        first.set_status(200);
        log.push(entry("/x"));
        let json: serde_json::Value = serde_json::from_slice(&log.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"method":"GET","path":"/directories","query":"limit=10&search=a+b%21",
                 "query_params":{"limit":"10","search":"a b!"},
                 "authorized":true,"user_agent":"ua/1","status":200,"random_fault":null,
                 "headers":{"user-agent":"ua/1","x-trace":"a, b"}},
                {"method":"GET","path":"/x","query":null,"query_params":{},
                 "authorized":true,"user_agent":null,"status":null,"random_fault":null,"headers":{}}
            ])
        );
    }

    #[test]
    fn keeps_the_latest_entries() {
        let log = RequestLog::default();
        for i in 0..CAPACITY + 5 {
            log.push(entry(&format!("/{i}")));
        }
        let entries = log.entries();
        assert_eq!(entries.len(), CAPACITY);
        assert_eq!(entries.front().unwrap().path, "/5");
        assert_eq!(entries.back().unwrap().path, format!("/{}", CAPACITY + 4));
    }
}
