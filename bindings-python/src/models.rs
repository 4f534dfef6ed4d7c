//! The core's models as immutable Python objects: attributes, `__repr__`,
//! `__eq__`, and `to_dict()`. Open enums (`type`, `state`) are plain `str`
//! values, exactly as the API sent them.
//!
//! `to_dict()` is the core's serde shape turned into Python objects by
//! `pythonize`, so it is the API's JSON by construction (the same bytes the
//! core's `Serialize` gives every other binding) and has no field list here.
//! The getters are pyo3's surface over the core's struct: pyo3 can only derive
//! getters (`#[pyo3(get)]`) on a struct defined in this crate, so
//! `model_class!` writes them from a table of fields;
//! `tests/test_models_and_errors.py` checks that they are exactly the keys of
//! `to_dict()`, and `mypy.stubtest` that `_native.pyi` matches them.

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

/// A model class: a core struct as an immutable Python object compared by
/// value, with one getter per field (`name: Type = |model| value`, written
/// against the core struct), `to_dict()` and `__repr__`.
macro_rules! model_class {
    (
        $(#[$doc:meta])*
        $name:ident($core:ty) {
            $( $(#[$field_doc:meta])* $field:ident: $ty:ty = |$m:ident| $get:expr; )*
        }
        $(#[$to_dict_doc:meta])* to_dict,
        repr = |$r:ident| $repr:expr
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, module = "workos_dsync")]
        #[derive(PartialEq)]
        pub struct $name(pub $core);

        #[pymethods]
        impl $name {
            $(
                $(#[$field_doc])*
                #[getter]
                fn $field(&self) -> $ty {
                    let $m = &self.0;
                    $get
                }
            )*

            $(#[$to_dict_doc])*
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_dict(py, &self.0)
            }

            fn __repr__(&self) -> String {
                let $r = &self.0;
                $repr
            }
        }
    };
}

model_class!(
    /// User counts of a directory.
    DirectoryUsersMetadata(core::DirectoryUsersMetadata) {
        /// Active directory users.
        active: i64 = |m| m.active;
        /// Inactive directory users.
        inactive: i64 = |m| m.inactive;
    }
    to_dict,
    repr = |m| format!(
        "DirectoryUsersMetadata(active={}, inactive={})",
        m.active, m.inactive
    )
);

model_class!(
    /// User and group counts of a directory.
    DirectoryMetadata(core::DirectoryMetadata) {
        /// User counts.
        users: DirectoryUsersMetadata = |m| DirectoryUsersMetadata(m.users.clone());
        /// Number of directory groups.
        groups: i64 = |m| m.groups;
    }
    to_dict,
    repr = |m| format!(
        "DirectoryMetadata(users=DirectoryUsersMetadata(active={}, inactive={}), groups={})",
        m.users.active, m.users.inactive, m.groups
    )
);

model_class!(
    /// A directory: one connection between an organization and a directory provider.
    Directory(core::Directory) {
        // BEGIN generated from core/src/models.rs (directory-fields): edit that file, then run scripts/generate-models
        /// Always ``"directory"``.
        object: &str = |m| &m.object;
        /// Unique identifier, such as ``directory_01ECAZ4NV9QMV47GW873HDCX74``.
        id: &str = |m| &m.id;
        /// The organization the directory belongs to.
        organization_id: &str = |m| &m.organization_id;
        /// External key of the directory.
        external_key: &str = |m| &m.external_key;
        /// The directory provider, such as ``okta scim v2.0``; a value this version does not know is kept as sent.
        r#type: &str = |m| m.r#type.as_str();
        /// The connection state (``linked``, ``unlinked`` ...); a value this version does not know is kept as sent.
        state: &str = |m| m.state.as_str();
        /// Display name.
        name: &str = |m| &m.name;
        /// The domain, when there is one.
        domain: Option<&str> = |m| m.domain.as_deref();
        /// User and group counts, when the API sent them.
        metadata: Option<DirectoryMetadata> = |m| m.metadata.clone().map(DirectoryMetadata);
        /// Creation time, an RFC 3339 timestamp exactly as sent.
        created_at: &str = |m| &m.created_at;
        /// Last update time, an RFC 3339 timestamp exactly as sent.
        updated_at: &str = |m| &m.updated_at;
        // END generated from core/src/models.rs (directory-fields)
    }
    /// The directory as the API's JSON object (optional fields left out when absent).
    to_dict,
    repr = |m| format!(
        "Directory(id={}, name={}, type={}, state={}, organization_id={})",
        py_str(&m.id),
        py_str(&m.name),
        py_str(m.r#type.as_str()),
        py_str(m.state.as_str()),
        py_str(&m.organization_id)
    )
);

model_class!(
    /// The cursors of a list page.
    ListMetadata(core::ListMetadata) {
        /// Pass as ``before`` for the previous page; ``None`` at the start.
        before: Option<&str> = |m| m.before.as_deref();
        /// Pass as ``after`` for the next page; ``None`` at the end.
        after: Option<&str> = |m| m.after.as_deref();
    }
    to_dict,
    repr = |m| format!(
        "ListMetadata(before={}, after={})",
        py_opt(&m.before),
        py_opt(&m.after)
    )
);

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
