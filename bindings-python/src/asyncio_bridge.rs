//! Handing results from runtime threads to an asyncio event loop.
//!
//! The obvious way, `loop.call_soon_threadsafe(...)` from the runtime thread,
//! makes that thread take the GIL (and create a Python thread state) for every
//! call. Instead each loop gets a [`LoopBridge`]: finished calls queue a
//! closure and, when the queue was empty, write one byte to a pipe the loop
//! watches with `add_reader`; the loop's own thread then runs every queued
//! closure under the GIL it already holds. Runtime threads never touch Python,
//! and a burst of completions costs one wake-up. Loops that refuse weak
//! references or readers fall back to `call_soon_threadsafe`.

use std::cell::RefCell;
use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::{Arc, Mutex, Weak};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyWeakrefReference;
use workos_dsync::runtime::Handoff;

/// Work to run on the loop's thread: converts a result and settles its future.
pub type Completion = Box<dyn for<'py> FnOnce(Python<'py>) + Send>;

/// Sets an asyncio future's result or exception, unless it is already done
/// (cancelled while the request was in flight), first removing the done
/// callback `unneeded` if one is given.
pub fn settle(
    future: &Bound<'_, PyAny>,
    value: PyResult<Py<PyAny>>,
    unneeded: Option<&Bound<'_, PyAny>>,
) {
    let py = future.py();
    let outcome = (|| -> PyResult<()> {
        if future.call_method0(intern!(py, "done"))?.is_truthy()? {
            return Ok(());
        }
        if let Some(callback) = unneeded {
            future.call_method1(intern!(py, "remove_done_callback"), (callback,))?;
        }
        match value {
            Ok(v) => future.call_method1(intern!(py, "set_result"), (v,))?,
            Err(e) => future.call_method1(intern!(py, "set_exception"), (e.into_value(py),))?,
        };
        Ok(())
    })();
    if let Err(e) = outcome {
        e.write_unraisable(py, Some(future));
    }
}

struct Inner {
    queue: Handoff<Completion>,
    read: OwnedFd,
    write: OwnedFd,
}

impl Inner {
    fn push(&self, completion: Completion) {
        if self.queue.push(completion) {
            // The pipe stays open as long as this Inner lives, so the fd cannot
            // have been reused. A full pipe (EAGAIN) already means "wake up".
            let mut pipe = ManuallyDrop::new(unsafe { File::from_raw_fd(self.write.as_raw_fd()) });
            let _ = pipe.write(&[1]);
        }
    }
}

/// The completion queue of one event loop (see the module docs).
#[pyclass(frozen)]
pub struct LoopBridge {
    inner: Arc<Inner>,
}

#[pymethods]
impl LoopBridge {
    /// The loop's reader callback: runs everything queued, on the loop's thread.
    fn _drain(&self, py: Python<'_>) {
        // Read the wake-up bytes before taking the queue: a completion queued
        // in between then finds the queue empty and writes a fresh byte.
        let mut pipe = ManuallyDrop::new(unsafe { File::from_raw_fd(self.inner.read.as_raw_fd()) });
        let mut buf = [0u8; 256];
        loop {
            match pipe.read(&mut buf) {
                Ok(n) if n == buf.len() => continue,
                Ok(_) => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        for completion in self.inner.queue.take() {
            completion(py);
        }
    }
}

static BRIDGES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

thread_local! {
    /// The loop this thread last delivered to and its bridge, both weakly:
    /// the bridge's pipe must close with its loop (see `make_bridge`).
    static LAST_BRIDGE: RefCell<Option<(Py<PyWeakrefReference>, Weak<Inner>)>> =
        const { RefCell::new(None) };
}

/// How a finished call reaches its loop.
pub struct Delivery(Route);

enum Route {
    Bridge(Arc<Inner>),
    /// For loops that cannot have a bridge.
    Threadsafe(Py<PyAny>),
}

impl Delivery {
    /// The bridge of `event_loop`, made on its first call.
    pub fn for_loop(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Delivery> {
        // Most programs run one loop per thread: the last one is checked
        // first, which skips the dictionary's Python-level lookup.
        let last = LAST_BRIDGE.with(|last| {
            let last = last.borrow();
            let (weak_loop, inner) = last.as_ref()?;
            let alive = weak_loop.bind(py).upgrade()?;
            alive.is(event_loop).then(|| inner.upgrade()).flatten()
        });
        if let Some(inner) = last {
            return Ok(Delivery(Route::Bridge(inner)));
        }
        let delivery = Self::from_dictionary(py, event_loop)?;
        if let Route::Bridge(inner) = &delivery.0 {
            if let Ok(weak) = PyWeakrefReference::new(event_loop) {
                let remembered = (weak.unbind(), Arc::downgrade(inner));
                LAST_BRIDGE.with(|last| *last.borrow_mut() = Some(remembered));
            }
        }
        Ok(delivery)
    }

    /// The bridge of `event_loop` from the dictionary of every loop's bridge.
    fn from_dictionary(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Delivery> {
        let bridges = BRIDGES
            .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
                Ok(py
                    .import("weakref")?
                    .getattr("WeakKeyDictionary")?
                    .call0()?
                    .unbind())
            })?
            .bind(py);
        if let Ok(bridge) = bridges.get_item(event_loop) {
            if let Ok(bridge) = bridge.cast::<LoopBridge>() {
                return Ok(Delivery(Route::Bridge(bridge.get().inner.clone())));
            }
        }
        match make_bridge(py, event_loop) {
            Ok(bridge) => {
                let inner = bridge.get().inner.clone();
                if bridges.set_item(event_loop, bridge).is_ok() {
                    return Ok(Delivery(Route::Bridge(inner)));
                }
                let _ = event_loop.call_method1("remove_reader", (inner.read.as_raw_fd(),));
                Ok(Delivery(Route::Threadsafe(event_loop.clone().unbind())))
            }
            Err(_) => Ok(Delivery(Route::Threadsafe(event_loop.clone().unbind()))),
        }
    }

    /// Called on a runtime thread when the call is over.
    pub fn send(self, completion: Completion) {
        match self.0 {
            Route::Bridge(inner) => inner.push(completion),
            Route::Threadsafe(event_loop) => {
                // None when the interpreter is shutting down: nobody waits any more.
                let _ = Python::try_attach(move |py| {
                    let pending = PendingCompletion(Mutex::new(Some(completion)));
                    // Fails only when the loop is closed, i.e. nobody awaits the result.
                    let _ = event_loop.call_method1(py, "call_soon_threadsafe", (pending,));
                });
            }
        }
    }
}

fn make_bridge<'py>(
    py: Python<'py>,
    event_loop: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, LoopBridge>> {
    let os = py.import("os")?;
    let (read, write): (i32, i32) = os.call_method0("pipe")?.extract()?;
    // SAFETY: os.pipe() just created these descriptors and nothing else owns them.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(read), OwnedFd::from_raw_fd(write)) };
    os.call_method1("set_blocking", (read.as_raw_fd(), false))?;
    os.call_method1("set_blocking", (write.as_raw_fd(), false))?;
    let bridge = Bound::new(
        py,
        LoopBridge {
            inner: Arc::new(Inner {
                queue: Handoff::new(),
                read,
                write,
            }),
        },
    )?;
    let fd = bridge.get().inner.read.as_raw_fd();
    event_loop.call_method1("add_reader", (fd, bridge.getattr("_drain")?))?;
    Ok(bridge)
}

/// A completion handed to `call_soon_threadsafe` (the fallback path).
#[pyclass(frozen)]
struct PendingCompletion(Mutex<Option<Completion>>);

#[pymethods]
impl PendingCompletion {
    fn __call__(&self, py: Python<'_>) {
        let completion = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(completion) = completion {
            completion(py);
        }
    }
}
