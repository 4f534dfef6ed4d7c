//! The runtimes calls run on: the calling thread's own, for blocking callers
//! ([`block_on`]), and the shared one async bindings spawn calls on
//! ([`shared`]); plus fork detection for both ([`fork_generation`]).
//!
//! A blocking caller (Python's sync client, for one) waiting on a shared
//! multi-thread runtime pays for a thread hand-off at every step of a
//! request: the runtime's workers do the I/O and wake the caller. Here each
//! calling thread gets a current-thread runtime of its own, and the request,
//! its connection's I/O and its timers all run on that thread; its idle
//! connections are kept for it alone ([`slot`]).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::thread::ThreadId;

use tokio::runtime::{Builder, Runtime};

use crate::Error;

thread_local! {
    /// The [`fork_generation`] the runtime was built in, and the runtime.
    static RUNTIME: RefCell<Option<(u64, Runtime)>> = const { RefCell::new(None) };
    /// Set while [`block_on`] runs a future on this thread.
    static BLOCKING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `fut` to completion on the calling thread, on that thread's own
/// runtime (built on first use, and again in a forked child).
///
/// Fails with `configuration` when called from inside an async runtime,
/// where blocking would stall it.
///
/// ```
/// # fn main() -> Result<(), workos_dsync::Error> {
/// let client = workos_dsync::Client::builder().api_key("sk_test_123").build();
/// let page = workos_dsync::runtime::block_on(async {
///     client.directory_sync().list_directories().limit(0).await
/// })?;
/// assert_eq!(page.unwrap_err().kind(), "invalid_argument");
/// # Ok(()) }
/// ```
pub fn block_on<F: Future>(fut: F) -> Result<F::Output, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Configuration(
            "a blocking call was made from inside an async runtime; await the async API there"
                .into(),
        ));
    }
    RUNTIME.with(|cell| {
        let mut slot = cell.borrow_mut();
        let pid = fork_generation();
        if slot.as_ref().is_some_and(|(owner, _)| *owner != pid) {
            // A forked child: the parent's runtime shares its epoll instance
            // with the parent. Dropping it could disturb the parent; leak it.
            std::mem::forget(slot.take());
        }
        if slot.is_none() {
            let rt = Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Configuration(format!("cannot start a runtime: {e}")))?;
            *slot = Some((pid, rt));
        }
        let (_, rt) = slot.as_ref().expect("just set");
        let _flag = Flag::set();
        Ok(rt.block_on(fut))
    })
}

/// A builder of the multi-thread runtime that async bindings (Python's
/// asyncio client, Node, Swift and Kotlin) spawn their calls on.
///
/// One worker thread: calls are I/O-bound, and with one worker a call's task
/// and its connection's I/O run on the same thread instead of being handed
/// between workers, which costs more CPU than the work itself (see
/// `bench/README.md`). Concurrent calls still overlap their waiting.
pub fn shared() -> Builder {
    let mut builder = Builder::new_multi_thread();
    builder
        .worker_threads(1)
        .thread_name("workos-dsync")
        .enable_all();
    builder
}

/// Results of calls finished on the shared runtime, on their way to the
/// foreign event loop that awaits them (asyncio's, Node's), which is woken
/// once per burst rather than once per result.
///
/// [`push`](Handoff::push) says when the consumer must be woken: only when
/// the queue was empty. A result pushed onto a non-empty queue rides on the
/// wake-up already on its way, because the consumer's drain
/// ([`take`](Handoff::take)) takes everything queued at that moment. A
/// consumer that clears its wake-up signal before it takes loses nothing.
///
/// ```
/// let handoff = workos_dsync::runtime::Handoff::new();
/// assert!(handoff.push(1)); // wake the consumer
/// assert!(!handoff.push(2)); // already woken
/// assert_eq!(handoff.take(), vec![1, 2]);
/// assert!(handoff.push(3)); // empty again: wake it again
/// ```
#[derive(Debug, Default)]
pub struct Handoff<T> {
    queue: std::sync::Mutex<Vec<T>>,
}

impl<T> Handoff<T> {
    pub const fn new() -> Self {
        Handoff {
            queue: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Queues `item`; `true` when the consumer must be woken for it.
    pub fn push(&self, item: T) -> bool {
        let mut queue = self.lock();
        queue.push(item);
        queue.len() == 1
    }

    /// Everything queued, oldest first, leaving the queue empty.
    pub fn take(&self) -> Vec<T> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<T>> {
        // Pushing and taking cannot leave the vector half-changed.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A number that changes in a forked child (and nowhere else), to tell
/// state inherited from the parent from this process's own. Unlike
/// `std::process::id()`, a system call every time, it is one atomic load.
pub fn fork_generation() -> u64 {
    #[cfg(unix)]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Once;
        static GENERATION: AtomicU64 = AtomicU64::new(0);
        static WATCH: Once = Once::new();
        extern "C" fn forked() {
            GENERATION.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the handler only touches an atomic, which is async-signal-safe.
        WATCH.call_once(|| unsafe {
            libc::pthread_atfork(None, None, Some(forked));
        });
        GENERATION.load(Ordering::Relaxed)
    }
    #[cfg(not(unix))]
    {
        0
    }
}

/// The pool slot of this thread's calls: its own while [`block_on`] runs
/// here, `None` (shared) otherwise.
pub(crate) fn slot() -> Option<ThreadId> {
    BLOCKING
        .with(Cell::get)
        .then(|| std::thread::current().id())
}

/// Sets the flag, and clears it however `block_on` ends (a panic included).
struct Flag;

impl Flag {
    fn set() -> Flag {
        BLOCKING.with(|b| b.set(true));
        Flag
    }
}

impl Drop for Flag {
    fn drop(&mut self) {
        BLOCKING.with(|b| b.set(false));
    }
}
