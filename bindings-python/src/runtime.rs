//! One tokio runtime per process, and the two ways Python waits on it:
//! blocking with the GIL released (sync API) or through an asyncio future.
//!
//! After `os.fork()` the child has the parent's memory but not its threads, so
//! the parent's runtime is dead there: it is detected by pid and replaced.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

use crate::errors;

/// How often a blocking call looks for Ctrl-C: well under the half second
/// a user waits before pressing it again.
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);

static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// The runtime of this process, built on first use and again in a forked child.
pub fn runtime() -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((owner, rt)) = slot.as_ref() {
        if *owner == pid {
            return Ok(rt.clone());
        }
    }
    if let Some((_, inherited)) = slot.take() {
        // The parent's worker threads do not exist in this child: dropping its
        // runtime would wait on them forever. Leaking it is the only safe choice.
        std::mem::forget(inherited);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .thread_name("workos-dsync")
        .enable_all()
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
    let rt = runtime()?;
    let outcome = py.detach(|| {
        rt.block_on(async {
            tokio::pin!(fut);
            let start = tokio::time::Instant::now() + SIGNAL_CHECK_INTERVAL;
            let mut ticks = tokio::time::interval_at(start, SIGNAL_CHECK_INTERVAL);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
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
            }
        })
    });
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(errors::to_py(py, e)),
        Err(interrupt) => Err(interrupt),
    }
}

/// Sets an asyncio future's result unless it is already done (cancelled).
#[pyfunction]
fn _resolve(future: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    if !future.call_method0("done")?.is_truthy()? {
        future.call_method1("set_result", (value,))?;
    }
    Ok(())
}

/// Sets an asyncio future's exception unless it is already done (cancelled).
#[pyfunction]
fn _reject(future: &Bound<'_, PyAny>, error: &Bound<'_, PyAny>) -> PyResult<()> {
    if !future.call_method0("done")?.is_truthy()? {
        future.call_method1("set_exception", (error,))?;
    }
    Ok(())
}

/// Done-callback of an asyncio future: a cancelled future aborts its request.
#[pyclass(frozen)]
struct AbortOnDone(AbortHandle);

#[pymethods]
impl AbortOnDone {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        // A request that completed already makes this a no-op.
        self.0.abort();
    }
}

static RESOLVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static REJECT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Starts `fut` on the runtime and returns an asyncio future of its result
/// (made Python by `convert`). The future belongs to the running event loop;
/// cancelling it aborts the request.
pub fn awaitable<'py, F, T, C>(py: Python<'py>, fut: F, convert: C) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, workos_dsync::Error>> + Send + 'static,
    T: Send + 'static,
    C: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    let rt = runtime()?;
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?;
    let resolve = RESOLVE
        .import(py, "workos_dsync._native", "_resolve")?
        .clone()
        .unbind();
    let reject = REJECT
        .import(py, "workos_dsync._native", "_reject")?
        .clone()
        .unbind();
    let (loop_ref, future_ref) = (event_loop.unbind(), future.clone().unbind());
    let task = rt.spawn(async move {
        let result = fut.await;
        // None when the interpreter is shutting down: nobody is waiting any more.
        let _ = Python::try_attach(move |py| {
            let (callback, value) = match result {
                Ok(v) => match convert(py, v) {
                    Ok(obj) => (resolve, obj),
                    Err(e) => (reject, e.into_value(py).into_any()),
                },
                Err(e) => (reject, errors::to_py(py, e).into_value(py).into_any()),
            };
            // Fails only when the loop is closed, i.e. nobody awaits the result.
            let _ =
                loop_ref.call_method1(py, "call_soon_threadsafe", (callback, future_ref, value));
        });
    });
    future.call_method1("add_done_callback", (AbortOnDone(task.abort_handle()),))?;
    Ok(future)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_resolve, m)?)?;
    m.add_function(wrap_pyfunction!(_reject, m)?)?;
    Ok(())
}
