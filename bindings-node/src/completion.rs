//! Promises of async calls, settled on the JS thread through one
//! thread-safe function per env.
//!
//! A call creates its promise on the JS thread and runs on the core's shared
//! runtime; when it finishes, its result is queued and the env's thread-safe
//! function is called (only when the queue was empty: a burst of results
//! wakes the event loop once). On the JS thread, the queue is drained: each
//! result becomes a JS value there, and its promise is resolved.
//!
//! Why not napi-rs's `async fn`: it creates a thread-safe function per call,
//! with a libuv handle to open and close each time, and tracks a borrow of
//! `this` per call, together about a sixth of the instructions of a Node
//! `getDirectory` (bench/README.md). One thread-safe function per env, kept
//! referenced only while calls are in flight (so an idle client never keeps
//! the process alive), does the same work.
//!
//! An env's thread-safe function is finalized when the env is torn down
//! (a worker thread exiting, the process ending). Results that arrive after
//! that are dropped: their promises went with the env.

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::future::Future;
use std::ptr;
use std::rc::Rc;
use std::sync::{Arc, OnceLock, RwLock};

use napi::bindgen_prelude::ToNapiValue;
use napi::{check_status, sys, Error, JsError, Result, Status};
use tokio::runtime::Runtime;
use workos_dsync::runtime::Handoff;

/// A promise of a call, as a JS value: what a method returns.
pub struct Promise(sys::napi_value);

impl ToNapiValue for Promise {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        Ok(val.0)
    }
}

/// Runs `call` on the core's shared runtime and returns a promise of its
/// output, made a JS value on `env`'s thread when it is ready.
///
/// Call on `env`'s JS thread (from a `#[napi]` method).
pub fn spawn<T, F>(env: sys::napi_env, call: F) -> Result<Promise>
where
    F: Future<Output = T> + Send + 'static,
    T: ToNapiValue + Send + 'static,
{
    let rt = runtime()?;
    let queue = Local::of(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    check_status!(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
    queue.started(env)?;
    let mut pending = Pending {
        shared: queue.shared.clone(),
        deferred: Some(Deferred(deferred)),
    };
    rt.spawn(async move {
        let value = call.await;
        // SAFETY: run by `settle` on the env's JS thread, as the trait requires.
        pending.finish(Box::new(move |env| unsafe { T::to_napi_value(env, value) }));
    });
    Ok(Promise(promise))
}

/// How a finished call's result becomes a JS value, on the JS thread.
type Make = Box<dyn FnOnce(sys::napi_env) -> Result<sys::napi_value> + Send>;

/// A call on its way: it settles its promise exactly once, with its result
/// or, if it ends without one (its task panicked), with an error, so that no
/// promise is left pending and no event loop kept alive by it.
struct Pending {
    shared: Arc<Shared>,
    deferred: Option<Deferred>,
}

impl Pending {
    fn finish(&mut self, make: Make) {
        if let Some(deferred) = self.deferred.take() {
            self.shared.push(Completion { deferred, make });
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.finish(Box::new(|_| {
            Err(Error::new(
                Status::GenericFailure,
                "the call ended without a result (a bug in workos-dsync)",
            ))
        }));
    }
}

/// The core's shared runtime, built when the first call starts. It is never
/// shut down: worker threads' envs come and go, and calls of one may still
/// be finishing when another starts.
fn runtime() -> Result<&'static Runtime> {
    static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            workos_dsync::runtime::shared()
                .build()
                .map_err(|e| format!("cannot start the async runtime: {e}"))
        })
        .as_ref()
        .map_err(|e| Error::new(Status::GenericFailure, e.clone()))
}

/// A promise's deferred: created, and used, on its env's JS thread only;
/// it only travels through the runtime with its call's result.
struct Deferred(sys::napi_deferred);

// SAFETY: the pointer is never dereferenced off the JS thread (see above).
unsafe impl Send for Deferred {}

/// A finished call: its promise and how to make its result a JS value.
struct Completion {
    deferred: Deferred,
    make: Make,
}

/// A thread-safe function handle; napi allows calling one from any thread.
#[derive(Clone, Copy)]
struct Tsfn(sys::napi_threadsafe_function);

// SAFETY: napi's thread-safe functions are made to be called from any thread.
unsafe impl Send for Tsfn {}
unsafe impl Sync for Tsfn {}

/// The part of an env's queue that the runtime's threads use.
struct Shared {
    completions: Handoff<Completion>,
    /// `None` once the env's thread-safe function is finalized: calling it
    /// then would touch freed memory, so callers hold this lock (read) for
    /// the duration of a call and the finalizer takes it (write).
    tsfn: RwLock<Option<Tsfn>>,
}

impl Shared {
    fn push(&self, completion: Completion) {
        if self.completions.push(completion) {
            let tsfn = self.tsfn.read().unwrap_or_else(|e| e.into_inner());
            if let Some(Tsfn(tsfn)) = *tsfn {
                // Fails only while the env is being torn down: the result is
                // dropped with its promise.
                unsafe {
                    sys::napi_call_threadsafe_function(
                        tsfn,
                        ptr::null_mut(),
                        sys::ThreadsafeFunctionCallMode::nonblocking,
                    )
                };
            }
        }
    }
}

/// An env's queue, as its JS thread holds it.
struct Local {
    env: sys::napi_env,
    tsfn: Tsfn,
    shared: Arc<Shared>,
    /// Calls started and not yet settled; the thread-safe function keeps the
    /// event loop alive only while this is above 0.
    in_flight: Cell<usize>,
}

thread_local! {
    /// This thread's env's queue. An env belongs to one thread (the main
    /// one, or a worker's), so a thread meets another env only once its
    /// first is gone.
    static LOCAL: RefCell<Option<Rc<Local>>> = const { RefCell::new(None) };
}

impl Local {
    /// `env`'s queue, made on its first call.
    fn of(env: sys::napi_env) -> Result<Rc<Local>> {
        if let Some(local) = LOCAL.with_borrow(|l| l.clone()) {
            if local.env == env {
                return Ok(local);
            }
        }
        let shared = Arc::new(Shared {
            completions: Handoff::new(),
            tsfn: RwLock::new(None),
        });
        let mut name = ptr::null_mut();
        let label = "workos-dsync call";
        check_status!(unsafe {
            sys::napi_create_string_utf8(
                env,
                label.as_ptr().cast(),
                label.len() as isize,
                &mut name,
            )
        })?;
        // The context is a strong reference to `shared`, given back by `finalize`.
        let context = Arc::into_raw(shared.clone()) as *mut c_void;
        let mut tsfn = ptr::null_mut();
        let status = unsafe {
            sys::napi_create_threadsafe_function(
                env,
                ptr::null_mut(),
                ptr::null_mut(),
                name,
                0,
                1,
                context,
                Some(finalize),
                context,
                Some(settle),
                &mut tsfn,
            )
        };
        if status != sys::Status::napi_ok {
            // SAFETY: not handed to napi, so this is still the only use of it.
            drop(unsafe { Arc::from_raw(context as *const Shared) });
            check_status!(status)?;
        }
        // Idle until a call starts.
        check_status!(unsafe { sys::napi_unref_threadsafe_function(env, tsfn) })?;
        *shared.tsfn.write().unwrap_or_else(|e| e.into_inner()) = Some(Tsfn(tsfn));
        let local = Rc::new(Local {
            env,
            tsfn: Tsfn(tsfn),
            shared,
            in_flight: Cell::new(0),
        });
        LOCAL.set(Some(local.clone()));
        Ok(local)
    }

    /// Counts a call in; the first keeps the event loop alive.
    fn started(&self, env: sys::napi_env) -> Result<()> {
        if self.in_flight.get() == 0 {
            check_status!(unsafe { sys::napi_ref_threadsafe_function(env, self.tsfn.0) })?;
        }
        self.in_flight.set(self.in_flight.get() + 1);
        Ok(())
    }

    /// Counts `n` calls out; the last lets the event loop end.
    fn settled(&self, env: sys::napi_env, n: usize) {
        let left = self.in_flight.get().saturating_sub(n);
        self.in_flight.set(left);
        if left == 0 {
            unsafe { sys::napi_unref_threadsafe_function(env, self.tsfn.0) };
        }
    }
}

/// The thread-safe function's callback, on the JS thread: settles every
/// queued call. A null `env` means the env is being torn down.
unsafe extern "C" fn settle(
    env: sys::napi_env,
    _js_callback: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    if env.is_null() || context.is_null() {
        return;
    }
    // SAFETY: `context` is the `Shared` this function was made with, alive
    // until `finalize`, which runs after the last callback.
    let shared = unsafe { &*(context as *const Shared) };
    let completions = shared.completions.take();
    let n = completions.len();
    for completion in completions {
        unsafe { settle_one(env, completion) };
    }
    if let Ok(Some(local)) = LOCAL.try_with(|l| l.borrow().clone()) {
        if local.env == env {
            local.settled(env, n);
        }
    }
}

/// Resolves one call's promise with its value made JS, or rejects it with
/// the error that making failed with, in a handle scope of its own.
unsafe fn settle_one(env: sys::napi_env, completion: Completion) {
    let mut scope = ptr::null_mut();
    let scoped = unsafe { sys::napi_open_handle_scope(env, &mut scope) } == sys::Status::napi_ok;
    // A panic must not unwind into Node: it rejects the promise instead.
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (completion.make)(env)))
        .unwrap_or_else(|_| {
            Err(Error::new(
                Status::GenericFailure,
                "converting the result panicked (a bug in workos-dsync)",
            ))
        });
    match made {
        Ok(value) => unsafe {
            sys::napi_resolve_deferred(env, completion.deferred.0, value);
        },
        Err(e) => unsafe {
            let error = JsError::from(e).into_value(env);
            sys::napi_reject_deferred(env, completion.deferred.0, error);
        },
    }
    if scoped {
        unsafe { sys::napi_close_handle_scope(env, scope) };
    }
}

/// The thread-safe function is gone (its env torn down): later results are
/// dropped, and its reference to the shared queue is given back.
unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the reference `Local::of` made with `Arc::into_raw`.
    let shared = unsafe { Arc::from_raw(data as *const Shared) };
    *shared.tsfn.write().unwrap_or_else(|e| e.into_inner()) = None;
    // Unsettled results belong to promises of the env that is going away.
    drop(shared.completions.take());
    // The thread may be ending, its thread-locals gone already.
    let _ = LOCAL.try_with(|l| {
        let mut l = l.borrow_mut();
        if l.as_ref().is_some_and(|l| Arc::ptr_eq(&l.shared, &shared)) {
            *l = None;
        }
    });
}
