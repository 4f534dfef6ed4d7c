//! `WorkOSClient` / `AsyncWorkOSClient`, their `directory_sync` namespaces,
//! pages and auto-paging iterators. Everything here translates: arguments to
//! the core's types, results to Python objects, core futures to blocking
//! calls or asyncio futures. Behaviour lives in the core.

use std::future::Future;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyList;
use tokio::sync::Mutex as AsyncMutex;
use workos_dsync as core;
use workos_dsync::{DirectoryStream, ListParams};

use crate::args;
use crate::errors;
use crate::models::{Directory, ListMetadata};
use crate::runtime::{awaitable, wait};

/// A core client that notices it is in a forked child: pooled connections
/// belong to the parent's runtime, so the child gets a fresh pool.
struct Handle {
    /// The core's fork generation the client was made in, and the client.
    state: Mutex<(u64, core::Client)>,
}

impl Handle {
    fn client(&self) -> core::Client {
        let generation = core::runtime::fork_generation();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.0 != generation {
            *state = (generation, state.1.with_fresh_connections());
        }
        state.1.clone()
    }
}

/// A handle on a core client made from the user's `options`, told it is
/// Python's and how Python spells the numeric options.
fn handle(py: Python<'_>, options: core::ClientOptions) -> PyResult<Arc<Handle>> {
    let version = py.import("sys")?.getattr("version_info")?;
    let (major, minor, micro): (u32, u32, u32) = (
        version.getattr("major")?.extract()?,
        version.getattr("minor")?.extract()?,
        version.getattr("micro")?.extract()?,
    );
    // The ranges are the core's: a number out of range is its invalid_argument.
    let options = core::ClientOptions {
        binding: Some(("python".into(), format!("{major}.{minor}.{micro}"))),
        names: core::OptionNames {
            max_retries: "max_retries",
            timeout: "request_timeout",
        },
        ..options
    };
    let client = core::Client::from_options(options).map_err(|e| errors::to_py(py, e))?;
    Ok(Arc::new(Handle {
        state: Mutex::new((core::runtime::fork_generation(), client)),
    }))
}

fn repr(name: &str, handle: &Handle) -> String {
    let client = handle.client();
    match client.base_url() {
        Some(url) => format!(
            "{name}(base_url='{url}', max_retries={})",
            client.max_retries()
        ),
        None => format!("{name}(<unusable configuration>)"),
    }
}

fn directory(py: Python<'_>, d: core::Directory) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, Directory(d))?.into_any())
}

/// What a page holds, shared by the sync and async page classes: the
/// list call's parameters and options, which its walk keeps for every page.
struct PageData {
    handle: Arc<Handle>,
    params: ListParams,
    options: Option<core::RequestOptions>,
    page: core::DirectoryList,
}

impl PageData {
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .page
            .data
            .iter()
            .map(|d| Py::new(py, Directory(d.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    fn stream(&self) -> Arc<AsyncMutex<DirectoryStream>> {
        let stream = DirectoryStream::from_page(
            &self.handle.client(),
            self.params.clone(),
            self.page.clone(),
        )
        .with_options(self.options.clone());
        Arc::new(AsyncMutex::new(stream))
    }

    /// The page in the API's wire shape: the core's serde form (see `models::to_dict`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::models::to_dict(py, &self.page)
    }

    fn repr(&self, name: &str) -> String {
        format!(
            "{name}(data=<{} directories>, list_metadata=ListMetadata(before={}, after={}))",
            self.page.data.len(),
            crate::models::py_opt(&self.page.list_metadata.before),
            crate::models::py_opt(&self.page.list_metadata.after)
        )
    }
}

/// The next directory already in memory, when there is one and no fetch
/// holds the stream: it needs no I/O, so no trip through the runtime.
fn next_buffered(stream: &AsyncMutex<DirectoryStream>) -> Option<Directory> {
    let mut s = stream.try_lock().ok()?;
    s.next_buffered().map(Directory)
}

/// A page class and its iterator: the same getters for the sync and the
/// asyncio page; only the iterator `auto_paging_iter()` returns differs.
macro_rules! page_class {
    ($(#[$doc:meta])* $name:ident, $(#[$iterator_doc:meta])* $iterator:ident) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "workos_dsync")]
        pub struct $name(PageData);

        $(#[$iterator_doc])*
        #[pyclass(frozen, module = "workos_dsync")]
        pub struct $iterator {
            stream: Arc<AsyncMutex<DirectoryStream>>,
        }

        #[pymethods]
        impl $name {
            /// Always ``"list"``.
            #[getter]
            fn object(&self) -> &str {
                &self.0.page.object
            }

            /// The directories of this page.
            #[getter]
            fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
                self.0.data(py)
            }

            /// The cursors of this page.
            #[getter]
            fn list_metadata(&self) -> ListMetadata {
                ListMetadata(self.0.page.list_metadata.clone())
            }

            /// Every directory from this page on, fetching later pages lazily
            /// (100 a page unless a limit was given), with the same filters
            /// and the same ``request_options``.
            fn auto_paging_iter(&self) -> $iterator {
                $iterator {
                    stream: self.0.stream(),
                }
            }

            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.0.to_dict(py)
            }

            fn __repr__(&self) -> String {
                self.0.repr(stringify!($name))
            }
        }
    };
}

/// A client class: construction, `directory_sync` and repr are the same for
/// the sync and the asyncio client; their `directory_sync` classes differ.
macro_rules! client_class {
    ($(#[$doc:meta])* $name:ident, $api:ident) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "workos_dsync")]
        pub struct $name {
            handle: Arc<Handle>,
            directory_sync: Py<$api>,
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = (api_key=None, client_id=None, base_url=None, max_retries=None, request_timeout=None))]
            fn new<'py>(
                py: Python<'py>,
                api_key: Option<String>,
                client_id: Option<String>,
                base_url: Option<String>,
                max_retries: Option<Bound<'py, PyAny>>,
                request_timeout: Option<Bound<'py, PyAny>>,
            ) -> PyResult<Self> {
                // Converted before anything else, so a wrong type is the error raised.
                let options = core::ClientOptions {
                    api_key,
                    client_id,
                    base_url,
                    max_retries: max_retries.as_ref().map(args::max_retries).transpose()?,
                    timeout: request_timeout.as_ref().map(args::request_timeout).transpose()?,
                    ..Default::default()
                };
                let handle = handle(py, options)?;
                let directory_sync = Py::new(py, $api { handle: handle.clone() })?;
                Ok($name { handle, directory_sync })
            }

            /// The Directory Sync API.
            #[getter]
            fn directory_sync(&self, py: Python<'_>) -> Py<$api> {
                self.directory_sync.clone_ref(py)
            }

            fn __repr__(&self) -> String {
                repr(stringify!($name), &self.handle)
            }
        }
    };
}

/// [`wait`] with the result made a Python object by `convert`, as
/// [`awaitable`] makes it: the sync `directory_sync` class's way to call.
fn blocking<'py, F, T, C>(py: Python<'py>, fut: F, convert: C) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, core::Error>> + Send,
    T: Send,
    C: FnOnce(Python<'py>, T) -> PyResult<Py<PyAny>>,
{
    Ok(convert(py, wait(py, fut)?)?.into_bound(py))
}

/// What `delete_directory` resolves to: the API answers with no body.
fn none(py: Python<'_>, (): ()) -> PyResult<Py<PyAny>> {
    Ok(py.None())
}

/// A `directory_sync` class: the same methods and arguments for the sync and
/// the asyncio client; how they call ([`blocking`] or [`awaitable`]) and the
/// page class differ.
///
/// Each method on one directory (`$by_id => $convert`) is the core's method of
/// the same name, its result made a Python object by `$convert`: they take the
/// id the same ways, so one body serves them all.
macro_rules! directory_sync_class {
    (
        $(#[$doc:meta])* $name:ident, $call:ident, $page:ident,
        $(#[$list_doc:meta])* list_directories,
        $($(#[$by_id_doc:meta])* $by_id:ident => $convert:expr),+ $(,)?
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "workos_dsync")]
        pub struct $name {
            handle: Arc<Handle>,
        }

        #[pymethods]
        impl $name {
            $(
            $(#[$by_id_doc])*
            #[pyo3(signature = (id=None, *, id_=None, request_options=None))]
            fn $by_id<'py>(
                &self,
                py: Python<'py>,
                id: Option<Bound<'py, PyAny>>,
                id_: Option<Bound<'py, PyAny>>,
                request_options: Option<Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let id = args::directory_id(stringify!($by_id), id.as_ref(), id_.as_ref())?;
                let options = args::request_options(request_options.as_ref())?;
                let client = self.handle.client();
                $call(
                    py,
                    async move { client.directory_sync().with_options(options.as_ref()).$by_id(&id).await },
                    $convert,
                )
            }
            )+

            $(#[$list_doc])*
            #[pyo3(signature = (organization_id=None, search=None, domain=None, limit=None, before=None, after=None, order=None, *, request_options=None))]
            #[allow(clippy::too_many_arguments)]
            fn list_directories<'py>(
                &self,
                py: Python<'py>,
                organization_id: Option<String>,
                search: Option<String>,
                domain: Option<String>,
                limit: Option<Bound<'py, PyAny>>,
                before: Option<String>,
                after: Option<String>,
                order: Option<String>,
                request_options: Option<Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let params = ListParams {
                    organization_id,
                    search,
                    domain,
                    limit: limit.as_ref().map(args::limit).transpose()?,
                    before,
                    after,
                    order: order.map(|o| o.parse()).transpose().map_err(|e| errors::to_py(py, e))?,
                };
                let options = args::request_options(request_options.as_ref())?;
                let client = self.handle.client();
                let handle = self.handle.clone();
                let (query, call_options) = (params.clone(), options.clone());
                $call(
                    py,
                    async move { client.directory_sync().with_options(call_options.as_ref()).list_directories_with(query).await },
                    move |py, page| {
                        let data = PageData { handle, params, options, page };
                        Ok(Py::new(py, $page(data))?.into_any())
                    },
                )
            }
        }
    };
}

// ---------------------------------------------------------------- sync

client_class!(
    /// The synchronous client. Calls block with the GIL released.
    ///
    /// ``WorkOSClient(api_key=None, client_id=None, base_url=None, max_retries=None, request_timeout=None)``:
    /// unset values come from ``WORKOS_API_KEY`` / ``WORKOS_BASE_URL``, then the defaults
    /// (``https://api.workos.com``, 3 retries, 60 s per attempt).
    /// ``max_retries`` is an int from 0 to 2**32 - 1 and ``request_timeout`` a number of
    /// seconds from 0 to about 1.8e19; other numbers raise :class:`InvalidArgumentError`
    /// here, and a value of another type (``bool`` included) a ``TypeError``.
    WorkOSClient,
    DirectorySync
);

directory_sync_class!(
    /// ``client.directory_sync`` of a :class:`WorkOSClient`.
    DirectorySync,
    blocking,
    SyncPage,
    /// Lists one page of directories; ``auto_paging_iter()`` on it walks every page.
    ///
    /// ``limit`` is an int from 1 to 100; any other int raises :class:`InvalidArgumentError`
    /// (a ``bool`` a ``TypeError``) and nothing is sent. ``request_options`` (keyword only)
    /// is as for :meth:`get_directory`; the page keeps it, and ``auto_paging_iter()`` sends
    /// it with every page it fetches.
    list_directories,
    /// Gets one directory by id.
    ///
    /// ``get_directory(id, *, id_=None, request_options=None)``: the id positionally, as
    /// ``id=`` (the official SDK's name) or as ``id_=``; one of them, a ``str`` (else a
    /// ``TypeError``). An empty id raises :class:`InvalidArgumentError`.
    ///
    /// ``request_options`` (:class:`workos_dsync.RequestOptions`, a dict) overrides the
    /// client's settings for this call only: ``extra_headers`` (dict of str to str),
    /// ``timeout`` (seconds), ``max_retries`` (int), ``idempotency_key`` (str, sent as
    /// ``Idempotency-Key``), ``base_url`` (str). A key of another name or a value of the
    /// wrong type is a ``TypeError``; a value the core refuses (a number out of range, a
    /// zero timeout, a header the client sets itself such as ``Authorization``, a line
    /// break in a header) an :class:`InvalidArgumentError`, before anything is sent.
    get_directory => directory,
    /// Deletes a directory; returns ``None``. Arguments as for :meth:`get_directory`
    /// (``request_options`` may carry an ``idempotency_key``).
    delete_directory => none
);

page_class!(
    /// One page of directories.
    SyncPage,
    /// Iterator over every directory from a page on.
    DirectoryIterator
);

#[pymethods]
impl DirectoryIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Directory>> {
        // Items of the page in memory need no GIL release either.
        if let Some(d) = next_buffered(&self.stream) {
            return Ok(Some(d));
        }
        let stream = self.stream.clone();
        let next = wait(py, async move {
            stream.lock().await.next_directory().await.transpose()
        })?;
        Ok(next.map(Directory))
    }
}

// ---------------------------------------------------------------- async

client_class!(
    /// The asyncio client: the same methods as :class:`WorkOSClient`, awaitable.
    AsyncWorkOSClient,
    AsyncDirectorySync
);

directory_sync_class!(
    /// ``client.directory_sync`` of an :class:`AsyncWorkOSClient`.
    AsyncDirectorySync,
    awaitable,
    AsyncPage,
    /// Lists one page of directories (awaitable); ``auto_paging_iter()`` on it walks every page.
    ///
    /// ``limit`` and ``request_options`` are checked as for
    /// :meth:`DirectorySync.list_directories`, when called; the page keeps the options
    /// for every page its ``auto_paging_iter()`` fetches.
    list_directories,
    /// Gets one directory by id (awaitable).
    ///
    /// Arguments as for :meth:`DirectorySync.get_directory`; a wrong type or refused
    /// ``request_options`` raises when called, before anything is awaited.
    get_directory => directory,
    /// Deletes a directory (awaitable, resolves to ``None``); arguments as for
    /// :meth:`DirectorySync.delete_directory`.
    delete_directory => none
);

page_class!(
    /// One page of directories, from the asyncio client; `auto_paging_iter()` is an async iterator.
    AsyncPage,
    /// Async iterator over every directory from a page on.
    AsyncDirectoryIterator
);

#[pymethods]
impl AsyncDirectoryIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = next_buffered(&self.stream) {
            // Already in memory: an already-resolved future.
            let future = py
                .import("asyncio")?
                .call_method0("get_running_loop")?
                .call_method0("create_future")?;
            future.call_method1("set_result", (d,))?;
            return Ok(future);
        }
        let stream = self.stream.clone();
        awaitable(
            py,
            async move { stream.lock().await.next_directory().await.transpose() },
            |py, next| match next {
                Some(d) => directory(py, d),
                None => Err(PyStopAsyncIteration::new_err(())),
            },
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<WorkOSClient>()?;
    m.add_class::<DirectorySync>()?;
    m.add_class::<SyncPage>()?;
    m.add_class::<DirectoryIterator>()?;
    m.add_class::<AsyncWorkOSClient>()?;
    m.add_class::<AsyncDirectorySync>()?;
    m.add_class::<AsyncPage>()?;
    m.add_class::<AsyncDirectoryIterator>()?;
    Ok(())
}
