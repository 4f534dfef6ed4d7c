//! The one multi-thread tokio runtime of the process. Every async call is
//! spawned on it and its handle awaited, so the foreign executor (Swift's
//! cooperative pool, Kotlin's dispatchers) only polls a join handle and never
//! needs a tokio context; dropping that future (a cancelled coroutine or
//! task) aborts the request.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name("workos-dsync")
        .enable_all()
        .build()
        .expect("the tokio runtime starts (threads and timers are available)")
});

static IN_FLIGHT: AtomicU64 = AtomicU64::new(0);

/// Calls started and not yet finished or aborted.
pub fn in_flight() -> u64 {
    IN_FLIGHT.load(Ordering::SeqCst)
}

/// Counts a call while it lives, wherever it ends.
struct Counted;

impl Counted {
    fn new() -> Self {
        IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
        Counted
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Aborts the spawned task when the awaiting future is dropped unfinished.
struct AbortOnDrop(Option<AbortHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            handle.abort();
        }
    }
}

/// Runs `fut` on the shared runtime and waits for it.
pub async fn run<F, T>(fut: F) -> T
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let counted = Counted::new();
    let task = RUNTIME.spawn(async move {
        let _counted = counted;
        fut.await
    });
    let mut guard = AbortOnDrop(Some(task.abort_handle()));
    let result = task.await;
    guard.0 = None;
    match result {
        Ok(value) => value,
        // uniffi's scaffolding catches this and raises it as an internal
        // error in Swift/Kotlin: a panic never unwinds into foreign code.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => unreachable!("a call's task is only aborted by dropping its caller: {e}"),
    }
}
