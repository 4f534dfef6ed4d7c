//! The one multi-thread tokio runtime of the process (the core's
//! `runtime::shared()`). Every async call is
//! spawned on it and its handle awaited, so the foreign executor (Swift's
//! cooperative pool, Kotlin's dispatchers) only polls a join handle and never
//! needs a tokio context.
//!
//! Two ways to abort a call, because the two generated languages differ:
//! Kotlin's uniffi code drops the Rust future when its coroutine is cancelled
//! (`AbortOnDrop` below), while Swift's keeps polling it to completion and
//! never tells Rust that the `Task` was cancelled. Swift calls therefore carry
//! a [`CancelToken`] that the hand-written Swift layer fires from
//! `withTaskCancellationHandler`.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::task::Poll;

use tokio::sync::Notify;

use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    workos_dsync::runtime::shared()
        // In a JVM, its threads wake coroutines through JNA callbacks (see `jvm`).
        .on_thread_start(crate::jvm::attach)
        .on_thread_stop(crate::jvm::detach)
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

/// Cancels the calls it was passed to, from any thread.
///
/// Swift's `getDirectory(id:)` and friends make one per call and fire it when
/// their `Task` is cancelled; a call given a token that is already cancelled
/// sends nothing.
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelToken {
    cancelled: AtomicBool,
    notify: Notify,
}

#[uniffi::export]
impl CancelToken {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Aborts the calls using this token: each fails at once with a
    /// `Connection` error saying it was cancelled, and its request is dropped.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Whether `cancel()` has been called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

impl CancelToken {
    async fn cancelled(&self) {
        loop {
            // Created before the check, so a cancel() in between still wakes it.
            let notified = self.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// What a call gives when its token cancels it.
pub fn cancelled_error() -> workos_dsync::Error {
    workos_dsync::Error::Connection("the call was cancelled".into())
}

/// Runs `fut` on the shared runtime and waits for it, or for `cancel`.
pub async fn run<F, T>(fut: F, cancel: Option<Arc<CancelToken>>) -> Result<T, workos_dsync::Error>
where
    F: Future<Output = Result<T, workos_dsync::Error>> + Send + 'static,
    T: Send + 'static,
{
    if cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
        return Err(cancelled_error());
    }
    let counted = Counted::new();
    let task = RUNTIME.spawn(async move {
        let _counted = counted;
        fut.await
    });
    let mut guard = AbortOnDrop(Some(task.abort_handle()));
    let mut task = pin!(task);
    let result = match cancel {
        None => task.await,
        Some(token) => {
            let mut cancelled = pin!(token.cancelled());
            let first = std::future::poll_fn(|cx| {
                if let Poll::Ready(r) = task.as_mut().poll(cx) {
                    return Poll::Ready(Some(r));
                }
                cancelled.as_mut().poll(cx).map(|()| None)
            })
            .await;
            match first {
                Some(r) => r,
                // `guard` aborts the task as it goes out of scope.
                None => return Err(cancelled_error()),
            }
        }
    };
    guard.0 = None;
    match result {
        Ok(value) => value,
        // uniffi's scaffolding catches this and raises it as an internal
        // error in Swift/Kotlin: a panic never unwinds into foreign code.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => unreachable!("a call's task is only aborted by dropping its caller: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_aborts_a_call_in_flight_and_one_cancelled_first_starts_nothing() {
        let token = CancelToken::new();
        let canceller = {
            let token = token.clone();
            std::thread::spawn(move || {
                // Poll until the call is running, then cancel it from this thread.
                while in_flight() == 0 {
                    std::thread::yield_now();
                }
                token.cancel();
            })
        };
        let never = std::future::pending::<Result<(), workos_dsync::Error>>();
        let result = RUNTIME.block_on(run(never, Some(token.clone())));
        canceller.join().unwrap();
        assert_eq!(result.unwrap_err().kind(), "connection");
        while in_flight() != 0 {
            std::thread::yield_now();
        }

        let started = Arc::new(AtomicBool::new(false));
        let flag = started.clone();
        let result = RUNTIME.block_on(run(
            async move {
                flag.store(true, Ordering::SeqCst);
                Ok(())
            },
            Some(token),
        ));
        assert!(result.is_err());
        assert!(
            !started.load(Ordering::SeqCst),
            "a cancelled token still ran the call"
        );
    }
}
