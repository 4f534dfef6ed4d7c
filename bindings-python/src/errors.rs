//! The core's error as a Python exception: the one place where kinds become
//! classes (looked up by kind in `workos_dsync.errors.CLASSES_BY_KIND`).

use pyo3::exceptions::{PyKeyError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use workos_dsync::Error;

static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// The Python exception for `err`, with every field the core has.
pub fn to_py(py: Python<'_>, err: Error) -> PyErr {
    build(py, &err).unwrap_or_else(|lookup| {
        // Only a broken installation (errors.py missing) gets here; still say what failed.
        PyRuntimeError::new_err(format!("{err} (and raising it failed: {lookup})"))
    })
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let classes = CLASSES.import(py, "workos_dsync.errors", "CLASSES_BY_KIND")?;
    let class = classes.get_item(err.kind())?.ok_or_else(|| {
        PyKeyError::new_err(format!("no exception class for kind {:?}", err.kind()))
    })?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("status_code", err.status())?;
    kwargs.set_item("code", err.code())?;
    kwargs.set_item("request_id", err.request_id())?;
    kwargs.set_item("retry_after", err.retry_after().map(|d| d.as_secs_f64()))?;
    kwargs.set_item("display", err.to_string())?;
    let errors = PyList::empty(py);
    for field in err.field_errors() {
        let entry = PyDict::new(py);
        entry.set_item("field", &field.field)?;
        entry.set_item("code", &field.code)?;
        entry.set_item("message", field.message.as_deref())?;
        errors.append(entry)?;
    }
    kwargs.set_item("errors", errors)?;
    let exception = class.call((err.message(),), Some(&kwargs))?;
    Ok(PyErr::from_value(exception))
}
