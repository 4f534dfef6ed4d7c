//! Numeric arguments: Python's unbounded `int`s and `float`s into the core's
//! fixed-size types.
//!
//! A number of the right type that the core's type cannot hold (`limit=10**20`,
//! `max_retries=-1`, `request_timeout=float("nan")`) is the core's
//! `invalid_argument` error, raised through the one error mapping
//! (`errors::to_py`) as `InvalidArgumentError` before any request, never
//! pyo3's `OverflowError`. A value of the wrong type, `bool` included, is a
//! `TypeError`, as for every other argument.

use std::time::Duration;

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyBool;
use workos_dsync::Error;

use crate::errors;

/// `limit` as the core's integer. The core refuses anything outside 1..=100
/// itself; only ints beyond `i64` are refused here, in the core's words.
pub fn limit(value: &Bound<'_, PyAny>) -> PyResult<i64> {
    int(value, "limit", "between 1 and 100", Some)
}

/// `max_retries`: 0 up to 2**32 - 1, the core's `u32`.
pub fn max_retries(value: &Bound<'_, PyAny>) -> PyResult<u32> {
    int(value, "max_retries", "an int from 0 to 4294967295", |n| {
        u32::try_from(n).ok()
    })
}

/// `request_timeout` in seconds: an `int` or `float` that is finite, not
/// negative and at most about 1.8e19 (what a `Duration` holds). Zero is
/// accepted here and, as in the other bindings, makes every call fail with
/// the core's `configuration` error.
pub fn request_timeout(value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    const NAME: &str = "request_timeout";
    let py = value.py();
    reject_bool(value, NAME, "a number of seconds")?;
    let secs = match value.extract::<f64>() {
        Ok(secs) => secs,
        // An int too large for a float.
        Err(e) if e.is_instance_of::<PyOverflowError>(py) => f64::INFINITY,
        Err(_) => return Err(wrong_type(value, NAME, "a number of seconds")),
    };
    Duration::try_from_secs_f64(secs).map_err(|_| {
        let shown = shown(value);
        invalid(
            py,
            format!("`{NAME}` must be a number of seconds from 0 to about 1.8e19, not {shown}"),
        )
    })
}

/// An int (or an object with `__index__`) as `T`, through `i64`; `fit` says
/// whether the `i64` is also a `T`.
fn int<T>(
    value: &Bound<'_, PyAny>,
    name: &str,
    range: &str,
    fit: impl FnOnce(i64) -> Option<T>,
) -> PyResult<T> {
    let py = value.py();
    reject_bool(value, name, "an int")?;
    let n = match value.extract::<i64>() {
        Ok(n) => fit(n),
        Err(e) if e.is_instance_of::<PyOverflowError>(py) => None,
        Err(_) => return Err(wrong_type(value, name, "an int")),
    };
    n.ok_or_else(|| {
        invalid(
            py,
            format!("`{name}` must be {range}, not {}", shown(value)),
        )
    })
}

/// The value for a message: as Python prints it when that is short, else its
/// size (`str()` of a huge int is slow, or refused past 4300 digits).
fn shown(value: &Bound<'_, PyAny>) -> String {
    let bits = value
        .call_method0("bit_length")
        .and_then(|b| b.extract::<u64>());
    match bits {
        Ok(bits) if bits > 200 => match value.lt(0) {
            Ok(true) => format!("a negative int of {bits} bits"),
            _ => format!("an int of {bits} bits"),
        },
        _ => value
            .str()
            .map_or_else(|_| "an unprintable value".to_owned(), |s| s.to_string()),
    }
}

// `True` is an int to Python, but `limit=True` is a mistake, not a limit of 1.
fn reject_bool(value: &Bound<'_, PyAny>, name: &str, want: &str) -> PyResult<()> {
    if value.is_instance_of::<PyBool>() {
        return Err(wrong_type(value, name, want));
    }
    Ok(())
}

fn wrong_type(value: &Bound<'_, PyAny>, name: &str, want: &str) -> PyErr {
    let type_name = value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!("`{name}` must be {want}, not {type_name}"))
}

fn invalid(py: Python<'_>, message: String) -> PyErr {
    errors::to_py(py, Error::InvalidArgument(message))
}
