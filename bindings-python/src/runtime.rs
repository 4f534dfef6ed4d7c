//! How Python waits on a call: blocking with the GIL released on the calling
//! thread's own runtime (sync API, `workos_dsync::runtime::block_on`), or through an
//! asyncio future of a call spawned on the process's shared runtime.
//!
//! After `os.fork()` the child has the parent's memory but not its threads, so
//! the parent's runtime is dead there: it is detected by the core's fork
//! generation and replaced.
//!
//! Every call holds a [`Counted`] while it runs, so [`in_flight_calls`]
//! counts the calls in flight and tests can see that a cancelled call really
//! ended instead of running on unobserved.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

use crate::asyncio_bridge::{settle, Delivery};
use crate::errors;

/// How often a blocking call looks for Ctrl-C: well under the half second
/// a user waits before pressing it again.
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// The fork generation the shared runtime was built in
/// (`workos_dsync::runtime::fork_generation`, cheaper than a pid), and the runtime.
static RUNTIME: Mutex<Option<(u64, Arc<Runtime>)>> = Mutex::new(None);

/// The calls in flight: the fork generation they were counted in (high 32
/// bits) and their number (low 32 bits), in one word so that a call is
/// counted with one atomic operation and no lock. A count from another
/// generation is a parent's, whose calls died with its threads in this
/// forked child: it reads as 0 and the next call starts a new one.
static CALLS: AtomicU64 = AtomicU64::new(0);

fn generation_bits() -> u64 {
    workos_dsync::runtime::fork_generation() << 32
}

/// Calls (sync or asyncio) started in this process and not yet finished,
/// failed, interrupted or aborted: 0 once a cancelled asyncio call's request
/// has really been dropped. For leak checks in tests, like the uniffi
/// library's ``in_flight_calls()``.
#[pyfunction]
pub fn in_flight_calls() -> u64 {
    let calls = CALLS.load(Ordering::Acquire);
    if calls & !u64::from(u32::MAX) == generation_bits() {
        calls & u64::from(u32::MAX)
    } else {
        0
    }
}

/// One call in flight, for as long as it lives, however the call ends.
struct Counted {
    generation: u64,
}

impl Counted {
    fn new() -> Counted {
        let generation = generation_bits();
        // A parent's count (another generation) is replaced, not added to.
        let _ = CALLS.fetch_update(Ordering::AcqRel, Ordering::Acquire, |calls| {
            Some(if calls & !u64::from(u32::MAX) == generation {
                calls + 1
            } else {
                generation | 1
            })
        });
        Counted { generation }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let generation = self.generation;
        // Only a call of this generation's count leaves it.
        let _ = CALLS.fetch_update(Ordering::AcqRel, Ordering::Acquire, |calls| {
            (calls & !u64::from(u32::MAX) == generation).then(|| calls - 1)
        });
    }
}

/// The shared runtime asyncio calls are spawned on, built on first use and
/// again in a forked child.
fn runtime() -> PyResult<Arc<Runtime>> {
    let pid = workos_dsync::runtime::fork_generation();
    let mut slot = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((owner, rt)) = slot.as_ref() {
        if *owner == pid {
            return Ok(rt.clone());
        }
    }
    if let Some(inherited) = slot.take() {
        // The parent's worker threads do not exist in this child: dropping its
        // runtime would wait on them forever. Leaking it is the only safe choice.
        std::mem::forget(inherited);
    }
    let rt = workos_dsync::runtime::shared()
        .build()
        .map(Arc::new)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the async runtime: {e}")))?;
    *slot = Some((pid, rt.clone()));
    Ok(rt)
}

/// Runs `fut` to completion with the GIL released, so other Python threads
/// run meanwhile, while checking for signals: Ctrl-C raises
/// `KeyboardInterrupt` here within [`SIGNAL_CHECK_INTERVAL`] and drops the
/// request.
pub fn wait<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = Result<T, workos_dsync::Error>> + Send,
    T: Send,
{
    let counted = Counted::new();
    // Boxed once here rather than moved, by value, through every layer of
    // `block_on` (a measurable memcpy per call: bench/README.md).
    let mut fut = Box::pin(fut);
    // On this thread's own runtime: the request, its connection's I/O and the
    // signal checks never hand off to another thread (workos_dsync::runtime::block_on).
    let outcome = py.detach(|| {
        workos_dsync::runtime::block_on(async {
            let mut ticks = signal_ticks();
            let outcome = loop {
                tokio::select! {
                    biased;
                    result = &mut fut => break Ok(result),
                    _ = ticks.tick() => {
                        // Signal handlers run on the main thread only; elsewhere this is a no-op.
                        if let Some(Err(interrupt)) = Python::try_attach(|py| py.check_signals()) {
                            break Err(interrupt);
                        }
                    }
                }
            };
            keep_signal_ticks(ticks);
            outcome
        })
    });
    drop(counted);
    match outcome {
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(e))) | Err(e) => Err(errors::to_py(py, e)),
        Ok(Err(interrupt)) => Err(interrupt),
    }
}

thread_local! {
    /// This thread's signal-check ticker between blocking calls, with the
    /// fork generation of the runtime its timer belongs to.
    static SIGNAL_TICKS: std::cell::Cell<Option<(u64, tokio::time::Interval)>> =
        const { std::cell::Cell::new(None) };
}

/// The ticker a blocking call checks for signals by, first due one
/// [`SIGNAL_CHECK_INTERVAL`] from now. Call from inside
/// `workos_dsync::runtime::block_on`, and hand it back with
/// [`keep_signal_ticks`]. Kept per thread rather than made per call: a new
/// timer is registered in, and removed from, tokio's timer wheel each time,
/// while resetting a live one only moves its deadline later
/// (bench/README.md). A timer belongs to the runtime it was made on, so a
/// forked child, which has a new runtime, makes a new one.
fn signal_ticks() -> tokio::time::Interval {
    match SIGNAL_TICKS.take() {
        Some((made_in, mut ticks)) if made_in == workos_dsync::runtime::fork_generation() => {
            ticks.reset();
            ticks
        }
        _ => {
            let start = tokio::time::Instant::now() + SIGNAL_CHECK_INTERVAL;
            let mut ticks = tokio::time::interval_at(start, SIGNAL_CHECK_INTERVAL);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            ticks
        }
    }
}

/// Keeps `ticks` for this thread's next blocking call.
fn keep_signal_ticks(ticks: tokio::time::Interval) {
    SIGNAL_TICKS.set(Some((workos_dsync::runtime::fork_generation(), ticks)));
}

/// Done-callback of an asyncio future: a cancelled future aborts its
/// request. Set once the request's task exists, which is before the future
/// can be cancelled: both happen on the loop's thread.
#[pyclass(frozen)]
struct AbortOnDone(OnceLock<AbortHandle>);

#[pymethods]
impl AbortOnDone {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        // A request that completed already makes this a no-op.
        if let Some(task) = self.0.get() {
            task.abort();
        }
    }
}

/// Starts `fut` on the runtime and returns an asyncio future of its result
/// (made Python by `convert`, on the loop's thread). The future belongs to the
/// running event loop; cancelling it aborts the request.
pub fn awaitable<'py, F, T, C>(py: Python<'py>, fut: F, convert: C) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, workos_dsync::Error>> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    let rt = runtime()?;
    let counted = Counted::new();
    // Looked up once, not imported per call (a measurable share of a call:
    // bench/README.md); the method names below are interned for the same reason.
    static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let event_loop = GET_RUNNING_LOOP
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
        })?
        .bind(py)
        .call0()?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let delivery = Delivery::for_loop(py, &event_loop)?;
    let future_ref = future.clone().unbind();
    // The abort callback is made before the task, which removes it from the
    // future before settling it: left there, asyncio would schedule it as a
    // callback of its own for every call that ends normally (a loop turn's
    // worth of Python, bench/README.md), only for it to do nothing.
    let abort = Bound::new(py, AbortOnDone(OnceLock::new()))?;
    let abort_ref = abort.clone().unbind();
    let task = rt.spawn(async move {
        let result = fut.await;
        // Uncounted before Python can see the result; an abort drops it with the future.
        drop(counted);
        delivery.send(Box::new(move |py| {
            let value = result
                .map_err(|e| errors::to_py(py, e))
                .and_then(|v| convert(py, v));
            settle(
                future_ref.bind(py),
                value,
                Some(abort_ref.bind(py).as_any()),
            );
        }));
    });
    let _ = abort.get().0.set(task.abort_handle());
    future.call_method1(intern!(py, "add_done_callback"), (abort,))?;
    Ok(future)
}
