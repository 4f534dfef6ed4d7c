//! The core's models as immutable Python objects: attributes, `__repr__`,
//! `__eq__`, and `to_dict()`. Open enums (`type`, `state`) are plain `str`
//! values, exactly as the API sent them.
//!
//! `to_dict()` is the core's serde shape turned into Python objects by
//! `pythonize`, so it is the API's JSON by construction (the same bytes the
//! core's `Serialize` gives every other binding) and has no field list here.
//! The getters are pyo3's surface over the core's struct: pyo3 can only derive
//! getters (`#[pyo3(get)]`) on a struct defined in this crate, so they are
//! written out; `tests/test_models_and_errors.py` checks that they are exactly
//! the keys of `to_dict()`, and `mypy.stubtest` that `_native.pyi` matches them.

use pyo3::prelude::*;
use serde::Serialize;
use workos_dsync as core;

/// A core model in its wire shape, as Python `dict`/`list`/`str`/`int`/`None`.
pub(crate) fn to_dict<'py, T: Serialize>(
    py: Python<'py>,
    model: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, model)?)
}

/// User counts of a directory.
#[pyclass(frozen, eq, module = "workos_dsync", name = "DirectoryUsersMetadata")]
#[derive(PartialEq)]
pub struct DirectoryUsersMetadata(core::DirectoryUsersMetadata);

#[pymethods]
impl DirectoryUsersMetadata {
    /// Active directory users.
    #[getter]
    fn active(&self) -> i64 {
        self.0.active
    }

    /// Inactive directory users.
    #[getter]
    fn inactive(&self) -> i64 {
        self.0.inactive
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "DirectoryUsersMetadata(active={}, inactive={})",
            self.0.active, self.0.inactive
        )
    }
}

/// User and group counts of a directory.
#[pyclass(frozen, eq, module = "workos_dsync", name = "DirectoryMetadata")]
#[derive(PartialEq)]
pub struct DirectoryMetadata(core::DirectoryMetadata);

#[pymethods]
impl DirectoryMetadata {
    /// User counts.
    #[getter]
    fn users(&self) -> DirectoryUsersMetadata {
        DirectoryUsersMetadata(self.0.users.clone())
    }

    /// Number of directory groups.
    #[getter]
    fn groups(&self) -> i64 {
        self.0.groups
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "DirectoryMetadata(users=DirectoryUsersMetadata(active={}, inactive={}), groups={})",
            self.0.users.active, self.0.users.inactive, self.0.groups
        )
    }
}

/// A directory: one connection between an organization and a directory provider.
#[pyclass(frozen, eq, module = "workos_dsync", name = "Directory")]
#[derive(PartialEq)]
pub struct Directory(pub core::Directory);

#[pymethods]
impl Directory {
    /// Always ``"directory"``.
    #[getter]
    fn object(&self) -> &str {
        &self.0.object
    }

    /// Unique identifier, such as ``directory_01ECAZ4NV9QMV47GW873HDCX74``.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The organization the directory belongs to.
    #[getter]
    fn organization_id(&self) -> &str {
        &self.0.organization_id
    }

    /// External key of the directory.
    #[getter]
    fn external_key(&self) -> &str {
        &self.0.external_key
    }

    /// The directory provider, as sent (values unknown to this version are kept).
    #[getter]
    fn r#type(&self) -> &str {
        self.0.r#type.as_str()
    }

    /// The connection state, as sent (``linked``, ``unlinked`` ...).
    #[getter]
    fn state(&self) -> &str {
        self.0.state.as_str()
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// The domain, when there is one.
    #[getter]
    fn domain(&self) -> Option<&str> {
        self.0.domain.as_deref()
    }

    /// User and group counts, when the API sent them.
    #[getter]
    fn metadata(&self) -> Option<DirectoryMetadata> {
        self.0.metadata.clone().map(DirectoryMetadata)
    }

    /// Creation time, an RFC 3339 string exactly as sent.
    #[getter]
    fn created_at(&self) -> &str {
        &self.0.created_at
    }

    /// Last update time, an RFC 3339 string exactly as sent.
    #[getter]
    fn updated_at(&self) -> &str {
        &self.0.updated_at
    }

    /// The directory as the API's JSON object (optional fields left out when absent).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Directory(id={}, name={}, type={}, state={}, organization_id={})",
            py_str(&self.0.id),
            py_str(&self.0.name),
            py_str(self.0.r#type.as_str()),
            py_str(self.0.state.as_str()),
            py_str(&self.0.organization_id)
        )
    }
}

/// The cursors of a list page.
#[pyclass(frozen, eq, module = "workos_dsync", name = "ListMetadata")]
#[derive(PartialEq)]
pub struct ListMetadata(pub core::ListMetadata);

#[pymethods]
impl ListMetadata {
    /// Pass as ``before`` for the previous page; ``None`` at the start.
    #[getter]
    fn before(&self) -> Option<&str> {
        self.0.before.as_deref()
    }

    /// Pass as ``after`` for the next page; ``None`` at the end.
    #[getter]
    fn after(&self) -> Option<&str> {
        self.0.after.as_deref()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "ListMetadata(before={}, after={})",
            py_opt(&self.0.before),
            py_opt(&self.0.after)
        )
    }
}

pub(crate) fn py_opt(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "None".to_owned(), py_str)
}

/// A Python-style string literal, for reprs.
fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Directory>()?;
    m.add_class::<DirectoryMetadata>()?;
    m.add_class::<DirectoryUsersMetadata>()?;
    m.add_class::<ListMetadata>()?;
    Ok(())
}
