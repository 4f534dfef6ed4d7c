//! `workos_dsync._native`: the Python face of the workos-dsync core.
//!
//! Modules: `client` (clients, pages, iterators), `args` (arguments from
//! Python: numbers, range-checked; the directory id; `request_options`),
//! `models`, `errors` (the one mapping from the core's error kinds to
//! `workos_dsync.errors`), `runtime` (the process's fork-safe tokio
//! runtime, blocking and asyncio waits, the count of calls in flight),
//! `asyncio_bridge` (results handed to event loops without the GIL on runtime threads).
//! The pure-Python package around it (`python/workos_dsync/`) re-exports these
//! and defines the exception classes.

mod args;
mod asyncio_bridge;
mod client;
mod errors;
mod models;
mod runtime;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The kinds the core can raise, so the Python side can check it has a class for each.
    m.add("ERROR_KINDS", workos_dsync::Error::KINDS.to_vec())?;
    models::register(m)?;
    client::register(m)?;
    m.add_function(wrap_pyfunction!(runtime::in_flight_calls, m)?)?;
    Ok(())
}
