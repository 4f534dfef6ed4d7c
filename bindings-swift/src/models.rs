//! The core's models as uniffi records and enums (Swift structs/enums,
//! Kotlin data classes/sealed classes), converted field by field.

use workos_dsync as core;

/// Mirrors an open enum of the core: the same named values, plus `Other`
/// carrying any value this version does not know, verbatim.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $($variant,)*
            /// A value this version does not know, exactly as the API sent it.
            Other { value: String },
        }

        impl From<core::$name> for $name {
            fn from(v: core::$name) -> Self {
                match v {
                    $(core::$name::$variant => $name::$variant,)*
                    core::$name::Other(value) => $name::Other { value },
                    // The core's enum may grow before this mirror does.
                    #[allow(unreachable_patterns)]
                    other => $name::Other { value: other.as_str().to_owned() },
                }
            }
        }
    };
}

open_enum! {
    /// The directory provider (`type` on the wire).
    DirectoryType {
        AzureScimV2, BambooHr, BreatheHr, CezanneHr, CyberArkScimV2, FourthHr, GenericScimV2,
        GSuiteDirectory, Hibob, SailPointScimV2, JumpCloudScimV2, OktaScimV2, OneLoginScimV2,
        PeopleHr, Personio, PingFederateScimV2, RipplingScimV2, S3, Sftp, SftpWorkday, Workday,
    }
}

open_enum! {
    /// Whether the directory is connected (`state` on the wire).
    DirectoryState { Linked, Validating, InvalidCredentials, Unlinked, Deleting }
}

/// The wire value of a provider type, such as `okta scim v2.0`.
#[uniffi::export]
pub fn directory_type_wire_value(value: DirectoryType) -> String {
    match value {
        DirectoryType::Other { value } => value,
        known => core_type(&known).as_str().to_owned(),
    }
}

/// The wire value of a state, such as `linked`.
#[uniffi::export]
pub fn directory_state_wire_value(value: DirectoryState) -> String {
    match value {
        DirectoryState::Other { value } => value,
        known => core_state(&known).as_str().to_owned(),
    }
}

fn core_type(t: &DirectoryType) -> core::DirectoryType {
    core::DirectoryType::KNOWN
        .iter()
        .map(|w| core::DirectoryType::from(*w))
        .find(|c| DirectoryType::from(c.clone()) == *t)
        .unwrap_or_else(|| core::DirectoryType::Other(String::new()))
}

fn core_state(s: &DirectoryState) -> core::DirectoryState {
    core::DirectoryState::KNOWN
        .iter()
        .map(|w| core::DirectoryState::from(*w))
        .find(|c| DirectoryState::from(c.clone()) == *s)
        .unwrap_or_else(|| core::DirectoryState::Other(String::new()))
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DirectoryUsersMetadata {
    pub active: i64,
    pub inactive: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DirectoryMetadata {
    pub users: DirectoryUsersMetadata,
    pub groups: i64,
}

/// A directory.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Directory {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    pub external_key: String,
    /// `type` on the wire (a keyword in Swift and Rust).
    pub directory_type: DirectoryType,
    pub state: DirectoryState,
    pub name: String,
    pub domain: Option<String>,
    pub metadata: Option<DirectoryMetadata>,
    /// RFC 3339, exactly as sent.
    pub created_at: String,
    pub updated_at: String,
}

impl From<core::Directory> for Directory {
    fn from(d: core::Directory) -> Self {
        Directory {
            object: d.object,
            id: d.id,
            organization_id: d.organization_id,
            external_key: d.external_key,
            directory_type: d.r#type.into(),
            state: d.state.into(),
            name: d.name,
            domain: d.domain,
            metadata: d.metadata.map(|m| DirectoryMetadata {
                users: DirectoryUsersMetadata {
                    active: m.users.active,
                    inactive: m.users.inactive,
                },
                groups: m.groups,
            }),
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ListMetadata {
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One page of directories.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DirectoryList {
    pub object: String,
    pub data: Vec<Directory>,
    pub list_metadata: ListMetadata,
}

impl From<core::DirectoryList> for DirectoryList {
    fn from(p: core::DirectoryList) -> Self {
        DirectoryList {
            object: p.object,
            data: p.data.into_iter().map(Directory::from).collect(),
            list_metadata: ListMetadata {
                before: p.list_metadata.before,
                after: p.list_metadata.after,
            },
        }
    }
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

    #[test]
    fn every_known_value_has_its_variant_and_wire_value() {
        for wire in core::DirectoryType::KNOWN {
            let mirrored = DirectoryType::from(core::DirectoryType::from(*wire));
            assert!(!matches!(mirrored, DirectoryType::Other { .. }), "{wire}");
            assert_eq!(directory_type_wire_value(mirrored), *wire);
        }
        for wire in core::DirectoryState::KNOWN {
            let mirrored = DirectoryState::from(core::DirectoryState::from(*wire));
            assert!(!matches!(mirrored, DirectoryState::Other { .. }), "{wire}");
            assert_eq!(directory_state_wire_value(mirrored), *wire);
        }
        let odd = DirectoryType::from(core::DirectoryType::from("future hr"));
        assert_eq!(
            odd,
            DirectoryType::Other {
                value: "future hr".into()
            }
        );
        assert_eq!(directory_type_wire_value(odd), "future hr");
    }
}
