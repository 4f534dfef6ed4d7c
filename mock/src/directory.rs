//! One stored directory: a JSON object kept exactly as given (field order,
//! unknown fields and odd values included), serialised once when stored.

use std::fmt;

use bytes::Bytes;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::timestamp::{self, Instant};

/// The spec's fields of a directory in the order the real API sends them;
/// stored objects put these first so responses read like the real thing.
pub const DIRECTORY_FIELDS: &[&str] = &[
    "object",
    "id",
    "organization_id",
    "external_key",
    "type",
    "state",
    "name",
    "domain",
    "metadata",
    "created_at",
    "updated_at",
];

/// A JSON object that remembers the order of its fields, which
/// `serde_json::Map` (without the workspace-wide `preserve_order` feature)
/// would not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(String, Value)>);

impl Fields {
    /// The value of field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether field `name` is present (even as `null`).
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Sets field `name`, in place when present, else at the end.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
    }

    /// Removes field `name` and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let index = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(index).1)
    }

    /// Reorders the spec's fields to the front, keeping extras in their order.
    fn canonicalise(&mut self) {
        let rank = |key: &str| {
            DIRECTORY_FIELDS
                .iter()
                .position(|c| *c == key)
                .unwrap_or(DIRECTORY_FIELDS.len())
        };
        // A stable sort keeps unknown fields in the order they were given.
        self.0.sort_by_key(|(k, _)| rank(k));
    }

    /// The object as compact JSON.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        out.push(b'{');
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Writing a String or Value into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, key);
            out.push(b':');
            let _ = serde_json::to_writer(&mut out, value);
        }
        out.push(b'}');
        out
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Fields::default();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    // As JSON parsers usually do, a repeated key keeps its last value.
                    fields.set(&key, value);
                }
                Ok(fields)
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}

/// Where a directory sits in the list order: by `created_at`, then `id`.
/// A `created_at` that is not an RFC 3339 string sorts before all others.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey {
    /// The parsed `created_at`.
    pub created: Option<Instant>,
    /// The directory id.
    pub id: String,
}

/// A stored directory with what lookups, filters and responses need.
#[derive(Debug)]
pub struct Directory {
    /// The object as stored, serialised, shared by every response that includes it.
    pub json: Bytes,
    /// Its place in the list order.
    pub key: SortKey,
    /// `organization_id`, when it is a string.
    pub organization_id: Option<String>,
    /// `name` lowercased, for case-insensitive search.
    pub name_lower: Option<String>,
    /// `domain`, when it is a string.
    pub domain: Option<String>,
}

impl Directory {
    /// Wraps a complete object; `None` when it has no string `id`.
    pub fn new(mut fields: Fields) -> Option<Directory> {
        fields.canonicalise();
        let id = fields.get("id")?.as_str()?.to_string();
        let text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_string);
        let created = fields
            .get("created_at")
            .and_then(Value::as_str)
            .and_then(timestamp::parse);
        Some(Directory {
            organization_id: text("organization_id"),
            name_lower: text("name").map(|n| n.to_lowercase()),
            domain: text("domain"),
            json: Bytes::from(fields.to_json()),
            key: SortKey { created, id },
        })
    }

    /// The directory id.
    pub fn id(&self) -> &str {
        &self.key.id
    }

    /// The stored object, parsed back.
    #[cfg(test)]
    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.json).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_order_values_and_extras() {
        let fields: Fields = serde_json::from_str(
            r#"{"zeta":1,"name":"N","id":"d1","type":"future type","alpha":[1],"name":"M"}"#,
        )
        .unwrap();
        let dir = Directory::new(fields).unwrap();
        assert_eq!(
            std::str::from_utf8(&dir.json).unwrap(),
            r#"{"id":"d1","type":"future type","name":"M","zeta":1,"alpha":[1]}"#
        );
        assert_eq!(dir.name_lower.as_deref(), Some("m"));
        assert_eq!(dir.key.created, None);
    }

    #[test]
    fn needs_a_string_id() {
        assert!(Directory::new(Fields(vec![("id".into(), json!(5))])).is_none());
        assert!(Directory::new(Fields::default()).is_none());
    }

    #[test]
    fn rejects_non_objects() {
        assert!(serde_json::from_str::<Fields>("[1]").is_err());
        assert!(serde_json::from_str::<Fields>("\"x\"").is_err());
    }
}
