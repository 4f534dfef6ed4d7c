//! Idle connections, kept for the next request.
//!
//! A connection belongs to the runtime whose reactor registered its socket.
//! Calls made through [`crate::runtime::block_on`] run on the calling
//! thread's own runtime, so their connections are kept apart, per thread;
//! every other call shares the rest.

use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::Duration;

use super::connection::Conn;

/// Servers close idle connections after a while (often 60 s or more); one
/// idle longer than this is dropped rather than tried.
const IDLE_TIMEOUT: Duration = Duration::from_secs(50);
/// At most this many idle connections are kept; the oldest go first.
const MAX_IDLE: usize = 64;

#[derive(Default)]
pub(crate) struct Pool {
    idle: Mutex<Vec<(Option<ThreadId>, Conn)>>,
}

impl Pool {
    /// The most recently used idle connection this caller may use.
    pub(crate) fn take(&self) -> Option<Conn> {
        let slot = crate::runtime::slot();
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        // Expired ones are dropped on the way (after the lock, with `stale`).
        let stale: Vec<_> = extract(&mut idle, |(_, c)| c.idle_since.elapsed() >= IDLE_TIMEOUT);
        let found = idle
            .iter()
            .rposition(|(s, _)| *s == slot)
            .map(|i| idle.remove(i).1);
        drop(idle);
        drop(stale);
        found
    }

    /// Keeps a connection that finished its response cleanly.
    pub(crate) fn put(&self, mut conn: Conn) {
        conn.idle_since = std::time::Instant::now();
        let slot = crate::runtime::slot();
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.push((slot, conn));
        let excess = (idle.len() > MAX_IDLE).then(|| idle.remove(0));
        drop(idle);
        drop(excess);
    }
}

fn extract<T>(v: &mut Vec<T>, mut pred: impl FnMut(&T) -> bool) -> Vec<T> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        if pred(&v[i]) {
            out.push(v.remove(i));
        } else {
            i += 1;
        }
    }
    out
}
