//! The core's models, exposed to Swift and Kotlin as they are (Swift
//! structs/enums, Kotlin data classes/sealed classes), with no copy and no
//! conversion: `Directory` here *is* `workos_dsync::Directory`.
//!
//! Each item below is uniffi's remote-type declaration (`#[uniffi::remote]`)
//! of the core's type of the same name: uniffi generates the FFI code for the
//! core's type from it, and the item itself is not compiled into a new type.
//! The compiler checks each declaration against the core: a field or variant
//! missing, extra, renamed or of another type fails the build, so the Swift
//! and Kotlin types cannot drift from the core's.
//!
//! Why declarations here rather than `derive(uniffi::Record)` on the core's
//! structs behind a feature: a derive in the core belongs to the core crate's
//! own uniffi component (it needs `uniffi::setup_scaffolding!()` there), and
//! uniffi generates each component's bindings separately. Kotlin would then
//! get a second file with its own copy of uniffi's public runtime
//! (`RustBuffer`, `FfiConverterString`, `UniffiLib` ...), which cannot share
//! the `dev.workosdsync` package with this crate's file: the models would move
//! to another package (every Kotlin and Java user's imports would change),
//! and the Swift package would need a second C header. Remote types keep one
//! component, one Kotlin package, one header, and the generated API as it was.
//!
//! The open enums are declared as the core defines them (`Other(String)`);
//! `#[uniffi(name = "value")]` names the unnamed field, so Swift keeps
//! `.other(value:)` and Kotlin `Other(value)`.

pub use workos_dsync::{
    Directory, DirectoryList, DirectoryMetadata, DirectoryState, DirectoryType,
    DirectoryUsersMetadata, ListMetadata,
};

use workos_dsync as core;

/// The directory provider (`type` on the wire).
#[uniffi::remote(Enum)]
pub enum DirectoryType {
    AzureScimV2,
    BambooHr,
    BreatheHr,
    CezanneHr,
    CyberArkScimV2,
    FourthHr,
    GenericScimV2,
    GSuiteDirectory,
    Hibob,
    SailPointScimV2,
    JumpCloudScimV2,
    OktaScimV2,
    OneLoginScimV2,
    PeopleHr,
    Personio,
    PingFederateScimV2,
    RipplingScimV2,
    S3,
    Sftp,
    SftpWorkday,
    Workday,
    /// A value this version does not know, exactly as the API sent it.
    Other(#[uniffi(name = "value")] String),
}

/// Whether the directory is connected (`state` on the wire).
#[uniffi::remote(Enum)]
pub enum DirectoryState {
    Linked,
    Validating,
    InvalidCredentials,
    Unlinked,
    Deleting,
    /// A value this version does not know, exactly as the API sent it.
    Other(#[uniffi(name = "value")] String),
}

/// The wire value of a provider type, such as `okta scim v2.0`.
#[uniffi::export]
pub fn directory_type_wire_value(value: DirectoryType) -> String {
    value.as_str().to_owned()
}

/// The wire value of a state, such as `linked`.
#[uniffi::export]
pub fn directory_state_wire_value(value: DirectoryState) -> String {
    value.as_str().to_owned()
}

#[uniffi::remote(Record)]
pub struct DirectoryUsersMetadata {
    pub active: i64,
    pub inactive: i64,
}

#[uniffi::remote(Record)]
pub struct DirectoryMetadata {
    pub users: DirectoryUsersMetadata,
    pub groups: i64,
}

/// A directory.
#[uniffi::remote(Record)]
pub struct Directory {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    pub external_key: String,
    /// `type` on the wire (a keyword in Swift and Rust).
    #[uniffi(name = "directory_type")]
    pub r#type: DirectoryType,
    pub state: DirectoryState,
    pub name: String,
    pub domain: Option<String>,
    pub metadata: Option<DirectoryMetadata>,
    /// RFC 3339, exactly as sent.
    pub created_at: String,
    pub updated_at: String,
}

#[uniffi::remote(Record)]
pub struct ListMetadata {
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One page of directories.
#[uniffi::remote(Record)]
pub struct DirectoryList {
    pub object: String,
    pub data: Vec<Directory>,
    pub list_metadata: ListMetadata,
}

/// The parameters of `GET /directories`; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct ListParams {
    #[uniffi(default = None)]
    pub organization_id: Option<String>,
    #[uniffi(default = None)]
    pub search: Option<String>,
    #[uniffi(default = None)]
    pub domain: Option<String>,
    /// 1 to 100.
    #[uniffi(default = None)]
    pub limit: Option<i64>,
    #[uniffi(default = None)]
    pub before: Option<String>,
    #[uniffi(default = None)]
    pub after: Option<String>,
    /// `asc`, `desc` or `normal`; anything else is refused before sending.
    #[uniffi(default = None)]
    pub order: Option<String>,
}

impl TryFrom<ListParams> for core::ListParams {
    type Error = core::Error;

    fn try_from(p: ListParams) -> Result<Self, core::Error> {
        Ok(core::ListParams {
            organization_id: p.organization_id,
            search: p.search,
            domain: p.domain,
            limit: p.limit,
            before: p.before,
            after: p.after,
            order: p.order.map(|o| o.parse()).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every known wire value parses to a known value whose exported wire
    /// value is that text again.
    fn known_values_round_trip<T: for<'a> From<&'a str>>(
        known: &[&str],
        is_known: fn(&T) -> bool,
        wire_value: fn(T) -> String,
    ) {
        for &wire in known {
            let value = T::from(wire);
            assert!(is_known(&value), "{wire}");
            assert_eq!(wire_value(value), wire);
        }
    }

    #[test]
    fn wire_values_are_the_cores() {
        known_values_round_trip(
            DirectoryType::KNOWN,
            DirectoryType::is_known,
            directory_type_wire_value,
        );
        known_values_round_trip(
            DirectoryState::KNOWN,
            DirectoryState::is_known,
            directory_state_wire_value,
        );
        let odd = DirectoryType::from("future hr");
        assert_eq!(odd, DirectoryType::Other("future hr".into()));
        assert_eq!(directory_type_wire_value(odd), "future hr");
    }
}
