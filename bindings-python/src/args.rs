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
//!
//! Also the other arguments every method shares: the directory id (given as
//! `id` or `id_`) and `request_options`, a dict with the official SDK's keys.

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use workos_dsync::{BindingRequestOptions, Error, Number, OptionNames, RequestOptions, Timeout};

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
    seconds(value, "request_timeout")
}

/// A number of seconds named `name`: an `int` or a `float` (or an object
/// with `__float__`), as the core's `Timeout` (the core checks its range).
fn seconds(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Timeout> {
    reject_bool(value, name, "a number of seconds")?;
    if value.is_instance_of::<PyInt>() {
        return Ok(Timeout::Seconds(whole_number(value)?));
    }
    match value.extract::<f64>() {
        Ok(secs) => Ok(Timeout::Seconds(Number::Float(secs))),
        Err(_) => Err(wrong_type(value, name, "a number of seconds")),
    }
}

/// The directory id of `get_directory` / `delete_directory`, given
/// positionally, as `id=` (the official SDK's name) or as `id_=`: exactly
/// one of them, a `str`. Its value (empty, too long) is the core's to check.
pub fn directory_id(
    method: &str,
    id: Option<&Bound<'_, PyAny>>,
    id_: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let (name, value) = match (id, id_) {
        (Some(_), Some(_)) => {
            return Err(PyTypeError::new_err(format!(
                "{method}() got both 'id' and 'id_'; pass one of them"
            )))
        }
        (Some(v), None) => ("id", v),
        (None, Some(v)) => ("id_", v),
        (None, None) => {
            return Err(PyTypeError::new_err(format!(
                "{method}() missing required argument 'id'"
            )))
        }
    };
    text(value, name)
}

/// The keys `request_options` may hold: the official SDK's `RequestOptions`.
const REQUEST_OPTION_KEYS: [&str; 5] = [
    "extra_headers",
    "timeout",
    "max_retries",
    "idempotency_key",
    "base_url",
];

/// `request_options` as the core's per-call options: `None` when not given
/// (or `None`). A dict with the keys of [`REQUEST_OPTION_KEYS`], each one
/// `None` meaning not given; any other key, or a value of the wrong type, is
/// a `TypeError`. The values are the core's to check
/// ([`RequestOptions::from_binding`]): a number out of range, a zero
/// timeout, a header the client owns or that cannot be sent is its
/// `invalid_argument`, raised here, before anything is sent.
pub fn request_options(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<RequestOptions>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let dict = value
        .cast::<PyDict>()
        .map_err(|_| wrong_type(value, "request_options", "a dict"))?;
    let mut input = BindingRequestOptions {
        names: OptionNames {
            max_retries: "max_retries",
            timeout: "timeout",
        },
        ..Default::default()
    };
    for (key, item) in dict.iter() {
        let key: String = match key.cast::<PyString>() {
            Ok(k) => k.extract()?,
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "the keys of `request_options` must be str, not {}",
                    type_name(&key)
                )))
            }
        };
        if !REQUEST_OPTION_KEYS.contains(&key.as_str()) {
            return Err(PyTypeError::new_err(format!(
                "unknown request option {key:?}; the options are {}",
                REQUEST_OPTION_KEYS.join(", ")
            )));
        }
        if item.is_none() {
            continue;
        }
        match key.as_str() {
            "extra_headers" => input.extra_headers = headers(&item)?,
            "timeout" => input.timeout = Some(seconds(&item, "timeout")?),
            "max_retries" => input.max_retries = Some(max_retries(&item)?),
            "idempotency_key" => input.idempotency_key = Some(text(&item, "idempotency_key")?),
            _ => input.base_url = Some(text(&item, "base_url")?),
        }
    }
    RequestOptions::from_binding(input)
        .map(Some)
        .map_err(|e| errors::to_py(value.py(), e))
}

/// `extra_headers`: a dict of `str` to `str`, in its order.
fn headers(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    const WANT: &str = "a dict of str to str";
    let dict = value
        .cast::<PyDict>()
        .map_err(|_| wrong_type(value, "extra_headers", WANT))?;
    dict.iter()
        .map(|(name, header)| {
            if !name.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(format!(
                    "the header names of `extra_headers` must be str, not {}",
                    type_name(&name)
                )));
            }
            let name: String = name.extract()?;
            if !header.is_instance_of::<PyString>() {
                let what = format!("extra_headers[{name:?}]");
                return Err(wrong_type(&header, &what, "a str"));
            }
            Ok((name, header.extract()?))
        })
        .collect()
}

/// A `str` argument named `name`.
fn text(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    if !value.is_instance_of::<PyString>() {
        return Err(wrong_type(value, name, "a str"));
    }
    value.extract()
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
    PyTypeError::new_err(format!("`{name}` must be {want}, not {}", type_name(value)))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

fn invalid(py: Python<'_>, message: String) -> PyErr {
    errors::to_py(py, Error::InvalidArgument(message))
}
