//! The API's objects, in their wire shape.
//!
//! Serializing any model gives the JSON the API sends (snake_case, optional
//! fields omitted when absent, `list_metadata` cursors as `null`), so bindings
//! can hand out `to_dict()`/JSON forms without a second mapping. Unknown JSON
//! fields are ignored; unknown `type`/`state` values are kept verbatim.
//!
//! The bindings take these types as they are: Python's `to_dict()` is this
//! serde shape (pythonize), Node's objects are this serde shape with camelCase
//! keys, and Swift/Kotlin get these very types through uniffi. A field added
//! here still needs, by hand, its Python getter (`bindings-python/src/models.rs`)
//! and stub (`_native.pyi`), its TypeScript declaration (`bindings-node/index.d.ts`)
//! and its line in uniffi's declaration (`bindings-swift/src/models.rs`); the
//! last is a build error until added, the others a test failure.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// Defines an open string enum: the known wire values get a variant each, any
/// other value is kept in `Other` and serializes back unchanged, so a provider
/// WorkOS adds tomorrow neither breaks decoding nor gets renamed.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the client does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every value this version knows, as sent on the wire.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The value exactly as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(s) => s,
                }
            }

            /// Whether this is a value this version of the client knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match $name::from(s.as_str()) {
                    $name::Other(_) => $name::Other(s),
                    known => known,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map($name::from)
            }
        }
    };
}

open_enum! {
    /// The directory provider a directory is connected to (`type` on the wire).
    DirectoryType {
        /// `azure scim v2.0`
        AzureScimV2 => "azure scim v2.0",
        /// `bamboohr`
        BambooHr => "bamboohr",
        /// `breathe hr`
        BreatheHr => "breathe hr",
        /// `cezanne hr`
        CezanneHr => "cezanne hr",
        /// `cyberark scim v2.0`
        CyberArkScimV2 => "cyberark scim v2.0",
        /// `fourth hr`
        FourthHr => "fourth hr",
        /// `generic scim v2.0`
        GenericScimV2 => "generic scim v2.0",
        /// `gsuite directory`
        GSuiteDirectory => "gsuite directory",
        /// `hibob`
        Hibob => "hibob",
        /// `sailpoint scim v2.0`
        SailPointScimV2 => "sailpoint scim v2.0",
        /// `jump cloud scim v2.0`
        JumpCloudScimV2 => "jump cloud scim v2.0",
        /// `okta scim v2.0`
        OktaScimV2 => "okta scim v2.0",
        /// `onelogin scim v2.0`
        OneLoginScimV2 => "onelogin scim v2.0",
        /// `people hr`
        PeopleHr => "people hr",
        /// `personio`
        Personio => "personio",
        /// `pingfederate scim v2.0`
        PingFederateScimV2 => "pingfederate scim v2.0",
        /// `rippling scim v2.0`
        RipplingScimV2 => "rippling scim v2.0",
        /// `s3`
        S3 => "s3",
        /// `sftp`
        Sftp => "sftp",
        /// `sftp workday`
        SftpWorkday => "sftp workday",
        /// `workday`
        Workday => "workday",
    }
}

open_enum! {
    /// Whether a directory is connected to its provider (`state` on the wire).
    DirectoryState {
        /// `linked`: connected and syncing.
        Linked => "linked",
        /// `validating`: credentials are being checked.
        Validating => "validating",
        /// `invalid_credentials`: the provider refused the credentials.
        InvalidCredentials => "invalid_credentials",
        /// `unlinked`: not connected.
        Unlinked => "unlinked",
        /// `deleting`: being deleted.
        Deleting => "deleting",
    }
}

/// Counts of active and inactive users of a directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryUsersMetadata {
    /// Active directory users.
    pub active: i64,
    /// Inactive directory users.
    pub inactive: i64,
}

/// Aggregate counts synced from the provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryMetadata {
    /// User counts.
    pub users: DirectoryUsersMetadata,
    /// Number of directory groups.
    pub groups: i64,
}

/// A directory: one connection between an organization and a directory provider.
///
/// ```
/// use workos_dsync::{Directory, DirectoryState, DirectoryType};
/// let d: Directory = serde_json::from_str(r#"{
///   "object": "directory", "id": "directory_01ECAZ4NV9QMV47GW873HDCX74",
///   "organization_id": "org_01EHZNVPK3SFK441A1RGBFSHRT", "external_key": "sPa12dwRQ",
///   "type": "brand-new provider", "state": "linked", "name": "Foo Corp",
///   "created_at": "2021-06-25T19:07:33.155Z", "updated_at": "2021-06-25T19:07:33.155Z",
///   "a_field_from_the_future": true
/// }"#).unwrap();
/// assert_eq!(d.state, DirectoryState::Linked);
/// assert_eq!(d.r#type, DirectoryType::Other("brand-new provider".into()));
/// assert_eq!(d.domain, None);
/// assert!(serde_json::to_string(&d).unwrap().contains(r#""type":"brand-new provider""#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// Always `"directory"`.
    pub object: String,
    /// Unique identifier, such as `directory_01ECAZ4NV9QMV47GW873HDCX74`.
    pub id: String,
    /// The organization the directory belongs to.
    pub organization_id: String,
    /// External key of the directory.
    pub external_key: String,
    /// The directory provider, such as `okta scim v2.0`; a value this version does not know is kept as sent.
    #[serde(rename = "type")]
    pub r#type: DirectoryType,
    /// The connection state (`linked`, `unlinked` ...); a value this version does not know is kept as sent.
    pub state: DirectoryState,
    /// Display name.
    pub name: String,
    /// The domain, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// User and group counts, when the API sent them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<DirectoryMetadata>,
    /// Creation time, an RFC 3339 timestamp exactly as sent.
    pub created_at: String,
    /// Last update time, an RFC 3339 timestamp exactly as sent.
    pub updated_at: String,
}

/// Cursors of a list page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMetadata {
    /// Pass as `before` to get the page before this one; `null` at the start.
    #[serde(default)]
    pub before: Option<String>,
    /// Pass as `after` to get the page after this one; `null` at the end.
    #[serde(default)]
    pub after: Option<String>,
}

/// One page of directories, as returned by `GET /directories`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryList {
    /// Always `"list"`.
    pub object: String,
    /// The directories of this page.
    pub data: Vec<Directory>,
    /// The cursors to the neighbouring pages.
    pub list_metadata: ListMetadata,
}

/// Sort order of a list, by creation time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Oldest first.
    Asc,
    /// Newest first (the API's default).
    Desc,
    /// Newest first, with reversed cursor semantics: `before` fetches the
    /// older records (the ones that follow in the listing), `after` the newer.
    Normal,
}

impl Order {
    /// The value sent in the `order` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Asc => "asc",
            Order::Desc => "desc",
            Order::Normal => "normal",
        }
    }

    /// The cursor that continues a listing in this order: `after`, except for
    /// `normal`, where the API defines `before` as the way to older records.
    ///
    /// ```
    /// use workos_dsync::{Cursor, Order};
    /// assert_eq!(Order::Desc.forward(), Cursor::After);
    /// assert_eq!(Order::Normal.forward(), Cursor::Before);
    /// ```
    pub fn forward(self) -> Cursor {
        match self {
            Order::Asc | Order::Desc => Cursor::After,
            Order::Normal => Cursor::Before,
        }
    }
}

/// One of a list's two cursor parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// `before`.
    Before,
    /// `after`.
    After,
}

impl Cursor {
    /// The query parameter's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Cursor::Before => "before",
            Cursor::After => "after",
        }
    }
}

impl ListMetadata {
    /// The value of one cursor.
    pub fn cursor(&self, which: Cursor) -> Option<&String> {
        match which {
            Cursor::Before => self.before.as_ref(),
            Cursor::After => self.after.as_ref(),
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses the wire value; anything else is an `invalid_argument` error, so
/// bindings that take the order as a string validate it here, before any request.
///
/// ```
/// use workos_dsync::Order;
/// assert_eq!("asc".parse::<Order>().unwrap(), Order::Asc);
/// assert_eq!("sideways".parse::<Order>().unwrap_err().kind(), "invalid_argument");
/// ```
impl FromStr for Order {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "asc" => Ok(Order::Asc),
            "desc" => Ok(Order::Desc),
            "normal" => Ok(Order::Normal),
            other => Err(Error::InvalidArgument(format!(
                "`order` must be one of \"asc\", \"desc\" or \"normal\", not {other:?}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_enum_values_round_trip() {
        for wire in DirectoryType::KNOWN {
            let t = DirectoryType::from(*wire);
            assert!(t.is_known(), "{wire}");
            assert_eq!(serde_json::to_value(&t).unwrap(), *wire);
        }
        let t: DirectoryType = serde_json::from_str("\"zz new hr\"").unwrap();
        assert_eq!(t, DirectoryType::Other("zz new hr".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"zz new hr\"");
        let s: DirectoryState = serde_json::from_str("\"active\"").unwrap();
        assert_eq!(s.as_str(), "active");
        assert!(!s.is_known());
        assert_eq!(
            DirectoryState::from("linked".to_string()),
            DirectoryState::Linked
        );
    }

    #[test]
    fn list_cursors_serialize_as_null() {
        let list = DirectoryList {
            object: "list".into(),
            data: vec![],
            list_metadata: ListMetadata::default(),
        };
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"object":"list","data":[],"list_metadata":{"before":null,"after":null}}"#
        );
    }

    #[test]
    fn a_missing_required_field_does_not_decode() {
        let r = serde_json::from_str::<Directory>(r#"{"object":"directory","id":"x"}"#);
        assert!(r.is_err());
    }
}
