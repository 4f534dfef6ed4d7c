//! Numeric arguments: Python's unbounded `int`s and `float`s into the core's
//! types.
//!
//! The client's numbers (`max_retries`, `request_timeout`) are only converted
//! here, to the core's `Number`; which values are in range is the core's
//! rule (`workos_dsync::ClientOptions`), and a value out of range is its
//! `invalid_argument` error, raised through the one error mapping
//! (`errors::to_py`) as `InvalidArgumentError`, never pyo3's
//! `OverflowError`. `limit` is checked by the core's list validation; only
//! ints beyond `i64` are refused here, in the core's words. A value of the
//! wrong type, `bool` included, is a `TypeError`, as for every other argument.

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};
use workos_dsync::{Error, Number, Timeout};

use crate::errors;

/// `limit` as the core's integer. The core refuses anything outside 1..=100
/// itself; only ints beyond `i64` are refused here, in the core's words.
pub fn limit(value: &Bound<'_, PyAny>) -> PyResult<i64> {
    reject_bool(value, "limit", "an int")?;
    match value.extract::<i64>() {
        Ok(n) => Ok(n),
        Err(e) if e.is_instance_of::<PyOverflowError>(value.py()) => Err(invalid(
            value.py(),
            format!("`limit` must be between 1 and 100, not {}", shown(value)),
        )),
        Err(_) => Err(wrong_type(value, "limit", "an int")),
    }
}

/// `max_retries`: an int (or an object with `__index__`), as the core's
/// `Number` (the core checks its range).
pub fn max_retries(value: &Bound<'_, PyAny>) -> PyResult<Number> {
    reject_bool(value, "max_retries", "an int")?;
    whole_number(value).map_err(|_| wrong_type(value, "max_retries", "an int"))
}

/// `request_timeout` in seconds: an `int` or a `float` (or an object with
/// `__float__`), as the core's `Timeout` (the core checks its range).
pub fn request_timeout(value: &Bound<'_, PyAny>) -> PyResult<Timeout> {
    const NAME: &str = "request_timeout";
    reject_bool(value, NAME, "a number of seconds")?;
    if value.is_instance_of::<PyInt>() {
        return Ok(Timeout::Seconds(whole_number(value)?));
    }
    match value.extract::<f64>() {
        Ok(secs) => Ok(Timeout::Seconds(Number::Float(secs))),
        Err(_) => Err(wrong_type(value, NAME, "a number of seconds")),
    }
}

/// An int of any size as the core's `Number`: `Huge`, shown as `shown` says,
/// beyond `i128`. Fails for what is not an int.
fn whole_number(value: &Bound<'_, PyAny>) -> PyResult<Number> {
    match value.extract::<i128>() {
        Ok(n) => Ok(Number::Int(n)),
        Err(e) if e.is_instance_of::<PyOverflowError>(value.py()) => Ok(Number::Huge(shown(value))),
        Err(e) => Err(e),
    }
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
