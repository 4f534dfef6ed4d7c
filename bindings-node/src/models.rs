//! The core's models as plain JS objects, derived from their serde shape.
//!
//! `Model(value)` hands any `Serialize` value to JS as `JSON.parse` of its
//! serde JSON, with struct field names camelCase (`organization_id` becomes
//! `organizationId`, `list_metadata` `listMetadata`): fields in the core's
//! order, optional fields the core leaves out absent, `None` cursors `null`,
//! open enums their wire strings. So a field added to a core model reaches JS
//! with no change here. Map keys are data and keep their spelling.
//!
//! Why JSON text and `JSON.parse`, not one napi call per value: V8 builds
//! objects from JSON in bulk, giving objects of one shape the same hidden
//! class at once, while napi defines each property by name and walks the
//! shape transitions every time. A page of 100 directories is several times
//! cheaper this way (bench/README.md).
//!
//! The TypeScript types of these objects are written in `index.d.ts`.

use std::cell::Cell;
use std::ptr;

use napi::bindgen_prelude::ToNapiValue;
use napi::{check_status, sys, Error, Result, Status};
use serde::ser::{self, Impossible, Serialize, Serializer};

/// A core model (or any `Serialize` value) as a JS value; see the module docs.
pub struct Model<T>(pub T);

impl<T: Serialize> ToNapiValue for Model<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let json = camel_json(&val.0)?;
        // SAFETY: called by napi on the JS thread of `env`, as this trait requires.
        unsafe { json_parse(env, &json) }
    }
}

/// `value` as JSON text, struct field names camelCase.
fn camel_json<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let mut out = Vec::with_capacity(512);
    value
        .serialize(CamelJson(&mut out))
        .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
    // Only serde_json's output and field names (Rust identifiers) were written.
    String::from_utf8(out).map_err(|e| Error::new(Status::GenericFailure, e.to_string()))
}

/// What the JSON writer returns: serde_json's error, which is serde's.
type JsonResult<T = ()> = std::result::Result<T, serde_json::Error>;

/// `JSON.parse(json)` in `env`.
unsafe fn json_parse(env: sys::napi_env, json: &str) -> Result<sys::napi_value> {
    let mut text = ptr::null_mut();
    // JSON from the API is nearly always ASCII, which V8 takes without decoding.
    let create = if json.is_ascii() {
        sys::napi_create_string_latin1
    } else {
        sys::napi_create_string_utf8
    };
    check_status!(unsafe { create(env, json.as_ptr().cast(), json.len() as isize, &mut text) })?;
    let (json_object, parse) = unsafe { json_and_parse(env) }?;
    let mut value = ptr::null_mut();
    check_status!(unsafe {
        sys::napi_call_function(env, json_object, parse, 1, &text, &mut value)
    })?;
    Ok(value)
}

thread_local! {
    /// The env whose `JSON` and `JSON.parse` this thread holds references
    /// to. An env belongs to one thread (the main one, or a worker's), so a
    /// thread meets a second env only if its first is gone.
    static JSON_PARSE: Cell<Option<(sys::napi_env, sys::napi_ref, sys::napi_ref)>> =
        const { Cell::new(None) };
}

/// `JSON` and `JSON.parse` of `env`, looked up by name once per env rather
/// than per value (two property lookups by C string cost more than a small
/// object's whole conversion).
unsafe fn json_and_parse(env: sys::napi_env) -> Result<(sys::napi_value, sys::napi_value)> {
    let get = |r: sys::napi_ref| -> Result<sys::napi_value> {
        let mut value = ptr::null_mut();
        check_status!(unsafe { sys::napi_get_reference_value(env, r, &mut value) })?;
        Ok(value)
    };
    if let Some((owner, json_ref, parse_ref)) = JSON_PARSE.get() {
        if owner == env {
            return Ok((get(json_ref)?, get(parse_ref)?));
        }
    }
    let mut global = ptr::null_mut();
    check_status!(unsafe { sys::napi_get_global(env, &mut global) })?;
    let mut json_object = ptr::null_mut();
    check_status!(unsafe {
        sys::napi_get_named_property(env, global, c"JSON".as_ptr(), &mut json_object)
    })?;
    let mut parse = ptr::null_mut();
    check_status!(unsafe {
        sys::napi_get_named_property(env, json_object, c"parse".as_ptr(), &mut parse)
    })?;
    let (mut json_ref, mut parse_ref) = (ptr::null_mut(), ptr::null_mut());
    check_status!(unsafe { sys::napi_create_reference(env, json_object, 1, &mut json_ref) })?;
    check_status!(unsafe { sys::napi_create_reference(env, parse, 1, &mut parse_ref) })?;
    // A previous env's references went with that env.
    JSON_PARSE.set(Some((env, json_ref, parse_ref)));
    Ok((json_object, parse))
}

/// Appends struct field `name`'s JSON key, camelCase, with its colon, to
/// `out`: every `_` after the first character dropped and the letter after it
/// upper-cased. Written straight into the text, per field: field names are
/// short identifiers, and converting one costs less than looking it up.
fn write_field_key(out: &mut Vec<u8>, name: &'static str) -> JsonResult {
    let bytes = name.as_bytes();
    if !name.is_ascii() || bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\') {
        // Not a plain identifier (a serde rename can be anything): the
        // general conversion, JSON-escaped.
        serde_json::to_writer(&mut *out, &camel_case(name))?;
        out.push(b':');
        return Ok(());
    }
    let Some((&first, rest)) = bytes.split_first() else {
        out.extend_from_slice(b"\"\":");
        return Ok(());
    };
    out.reserve(bytes.len() + 3);
    out.push(b'"');
    // The first character stays as it is, an `_` included.
    out.push(first);
    let mut words = rest.split(|&b| b == b'_');
    out.extend_from_slice(words.next().unwrap_or_default());
    for word in words {
        if let Some((&head, tail)) = word.split_first() {
            out.push(head.to_ascii_uppercase());
            out.extend_from_slice(tail);
        }
    }
    out.extend_from_slice(b"\":");
    Ok(())
}

/// `snake_case` to `camelCase`, as [`write_field_key`] writes it.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' if !out.is_empty() => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The serde `Serializer` that writes the JSON text (see the module docs).
struct CamelJson<'a>(&'a mut Vec<u8>);

/// Scalars are written by serde_json, as `JSON.stringify` would write them
/// (a non-finite float is `null`).
macro_rules! scalars {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, v: $ty) -> JsonResult {
            serde_json::to_writer(&mut *self.0, &v)
        }
    )*};
}

/// Enum variants with several fields are refused (`unsupported`).
macro_rules! unsupported_variants {
    ($($method:ident -> $ty:ident;)*) => {$(
        fn $method(
            self,
            name: &'static str,
            _index: u32,
            variant: &'static str,
            _len: usize,
        ) -> JsonResult<Self::$ty> {
            Err(unsupported(name, variant))
        }
    )*};
}

impl<'a> Serializer for CamelJson<'a> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    scalars! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
    }

    fn serialize_none(self) -> JsonResult {
        self.serialize_unit()
    }

    fn serialize_unit(self) -> JsonResult {
        self.0.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> JsonResult {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> JsonResult {
        self.serialize_str(variant)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> JsonResult {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> JsonResult {
        value.serialize(self)
    }

    /// `{ variant: value }`, serde's externally tagged form.
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> JsonResult {
        let mut object = self.serialize_map(Some(1))?;
        ser::SerializeMap::serialize_entry(&mut object, variant, value)?;
        ser::SerializeMap::end(object)
    }

    fn serialize_seq(self, _len: Option<usize>) -> JsonResult<Compound<'a>> {
        Ok(Compound::open(self.0, b'['))
    }

    fn serialize_tuple(self, len: usize) -> JsonResult<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> JsonResult<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _len: Option<usize>) -> JsonResult<Compound<'a>> {
        Ok(Compound::open(self.0, b'{'))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> JsonResult<Compound<'a>> {
        Ok(Compound::open(self.0, b'{'))
    }

    unsupported_variants! {
        serialize_tuple_variant -> SerializeTupleVariant;
        serialize_struct_variant -> SerializeStructVariant;
    }
}

/// No core model has enum variants with several fields; a JS shape for them
/// would be chosen when one does.
fn unsupported(name: &str, variant: &str) -> serde_json::Error {
    ser::Error::custom(format!(
        "{name}::{variant}: enum variants with fields have no JS form yet"
    ))
}

/// An array or object being written: its entries are separated by commas.
struct Compound<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Compound<'a> {
    fn open(out: &'a mut Vec<u8>, bracket: u8) -> Self {
        out.push(bracket);
        Compound { out, empty: true }
    }

    /// The comma before every entry but the first.
    fn next(&mut self) {
        if !std::mem::take(&mut self.empty) {
            self.out.push(b',');
        }
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> JsonResult {
        value.serialize(CamelJson(self.out))
    }

    fn close(self, bracket: u8) -> JsonResult {
        self.out.push(bracket);
        Ok(())
    }
}

/// Sequences, tuples and tuple structs are all arrays.
macro_rules! arrays {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = serde_json::Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> JsonResult {
                self.next();
                self.value(value)
            }

            fn end(self) -> JsonResult {
                self.close(b']')
            }
        }
    )*};
}

arrays! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
}

/// A map: keys are data and keep their spelling. A key that is not a string
/// (a number, say) becomes its JSON text as a string, as JS would make it.
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> JsonResult {
        self.next();
        let key = serde_json::to_string(key)?;
        if key.starts_with('"') {
            self.out.extend_from_slice(key.as_bytes());
        } else {
            serde_json::to_writer(&mut *self.out, &key)?;
        }
        self.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> JsonResult {
        self.value(value)
    }

    fn end(self) -> JsonResult {
        self.close(b'}')
    }
}

/// A struct: its fields, camelCase.
impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> JsonResult {
        self.next();
        write_field_key(self.out, key)?;
        self.value(value)
    }

    fn end(self) -> JsonResult {
        self.close(b'}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct writer gives what the general conversion gives, for plain
    /// names and the edge cases a rename could bring.
    #[test]
    fn field_keys_are_camel_case_json() {
        for name in [
            "object",
            "organization_id",
            "list_metadata",
            "a_1b",
            "_private",
            "__a",
            "a__b",
            "trailing_",
            "x",
            "",
            "say \"hi\"_there",
            "back\\slash_x",
            "ünï_code",
        ] {
            let mut out = Vec::new();
            write_field_key(&mut out, name).unwrap();
            let want = format!("{}:", serde_json::to_string(&camel_case(name)).unwrap());
            assert_eq!(String::from_utf8(out).unwrap(), want, "{name:?}");
        }
        assert_eq!(camel_case("organization_id"), "organizationId");
        assert_eq!(camel_case("_private_key"), "_privateKey");
    }
}
