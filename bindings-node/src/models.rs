//! The core's models as plain JS objects, derived from their serde shape.
//!
//! `Model(value)` hands any `Serialize` value to JS the way `JSON.parse` of
//! its serde JSON would give it, except that struct field names are camelCase
//! (`organization_id` becomes `organizationId`, `list_metadata`
//! `listMetadata`): fields in the core's order, optional fields the core
//! leaves out absent, `None` cursors `null`, open enums their wire strings.
//! So a field added to a core model reaches JS with no change here. Map keys
//! are data and keep their spelling. Leaves (strings, numbers ...) are napi's
//! own serde conversion; each struct becomes one object made by one
//! `napi_define_properties` call, as `#[napi(object)]` does.
//!
//! The TypeScript types of these objects are written in `index.d.ts`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, CString};
use std::ptr;

use napi::bindgen_prelude::ToNapiValue;
use napi::{check_status, sys, Env, Error, Result, Ser, Status};
use serde::ser::{self, Impossible, Serialize, SerializeMap as _, Serializer};

/// A core model (or any `Serialize` value) as a JS value; see the module docs.
pub struct Model<T>(pub T);

impl<T: Serialize> ToNapiValue for Model<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        val.0.serialize(ToJs(env))
    }
}

/// `snake_case` to `camelCase`: every `_` dropped and the letter after it upper-cased.
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

thread_local! {
    /// The camelCase form of each struct field name met so far, NUL-terminated
    /// for `napi_define_properties`. Field names are `&'static str` from serde
    /// derives, so the table stays as small as the models' set of field names.
    static FIELD_NAMES: RefCell<HashMap<&'static str, CString>> = RefCell::new(HashMap::new());
}

/// The JS name of struct field `name`. The pointer stays valid for the life of
/// the thread: entries are never removed, and a `CString`'s bytes do not move
/// when the table grows.
fn field_name(name: &'static str) -> Result<*const c_char> {
    FIELD_NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(c) = names.get(name) {
            return Ok(c.as_ptr());
        }
        let c = CString::new(camel_case(name)).map_err(|_| {
            Error::new(Status::InvalidArg, format!("field name {name:?} has a NUL"))
        })?;
        let p = c.as_ptr();
        names.insert(name, c);
        Ok(p)
    })
}

/// The serde `Serializer` that builds JS values.
#[derive(Clone, Copy)]
struct ToJs(sys::napi_env);

/// Scalars go through napi's own serde conversion.
macro_rules! napi_ser {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method(self, $($arg: $ty),*) -> Result<sys::napi_value> {
            Ser::new(&Env::from_raw(self.0)).$method($($arg),*).map(|v| v.value)
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
        ) -> Result<Self::$ty> {
            Err(unsupported(name, variant))
        }
    )*};
}

impl Serializer for ToJs {
    type Ok = sys::napi_value;
    type Error = Error;
    type SerializeSeq = ArrayToJs;
    type SerializeTuple = ArrayToJs;
    type SerializeTupleStruct = ArrayToJs;
    type SerializeTupleVariant = Impossible<sys::napi_value, Error>;
    type SerializeMap = ObjectToJs;
    type SerializeStruct = StructToJs;
    type SerializeStructVariant = Impossible<sys::napi_value, Error>;

    napi_ser! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<sys::napi_value> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<sys::napi_value> {
        value.serialize(self)
    }

    /// `{ variant: value }`, serde's externally tagged form.
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<sys::napi_value> {
        let mut object = self.serialize_map(Some(1))?;
        object.serialize_entry(variant, value)?;
        ser::SerializeMap::end(object)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ArrayToJs> {
        let mut array = ptr::null_mut();
        check_status!(unsafe {
            sys::napi_create_array_with_length(self.0, len.unwrap_or(0), &mut array)
        })?;
        Ok(ArrayToJs {
            env: self.0,
            array,
            index: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<ArrayToJs> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<ArrayToJs> {
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectToJs> {
        let mut object = ptr::null_mut();
        check_status!(unsafe { sys::napi_create_object(self.0, &mut object) })?;
        Ok(ObjectToJs {
            env: self.0,
            object,
            key: ptr::null_mut(),
        })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<StructToJs> {
        Ok(StructToJs {
            env: self.0,
            fields: Vec::with_capacity(len),
        })
    }

    unsupported_variants! {
        serialize_tuple_variant -> SerializeTupleVariant;
        serialize_struct_variant -> SerializeStructVariant;
    }
}

/// No core model has enum variants with several fields; a JS shape for them
/// would be chosen when one does.
fn unsupported(name: &str, variant: &str) -> Error {
    Error::new(
        Status::InvalidArg,
        format!("{name}::{variant}: enum variants with fields have no JS form yet"),
    )
}

struct ArrayToJs {
    env: sys::napi_env,
    array: sys::napi_value,
    index: u32,
}

impl ArrayToJs {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let value = value.serialize(ToJs(self.env))?;
        check_status!(unsafe { sys::napi_set_element(self.env, self.array, self.index, value) })?;
        self.index += 1;
        Ok(())
    }
}

/// Sequences, tuples and tuple structs are all arrays: each element is pushed.
macro_rules! array_to_js {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for ArrayToJs {
            type Ok = sys::napi_value;
            type Error = Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }

            fn end(self) -> Result<sys::napi_value> {
                Ok(self.array)
            }
        }
    )*};
}

array_to_js! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
}

/// A map: keys are data (serialized as they are), not field names.
struct ObjectToJs {
    env: sys::napi_env,
    object: sys::napi_value,
    key: sys::napi_value,
}

impl ser::SerializeMap for ObjectToJs {
    type Ok = sys::napi_value;
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key = key.serialize(ToJs(self.env))?;
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let value = value.serialize(ToJs(self.env))?;
        check_status!(unsafe { sys::napi_set_property(self.env, self.object, self.key, value) })
    }

    fn end(self) -> Result<sys::napi_value> {
        Ok(self.object)
    }
}

/// A struct: its fields, camelCase, defined on a new object in one call.
struct StructToJs {
    env: sys::napi_env,
    fields: Vec<sys::napi_property_descriptor>,
}

impl ser::SerializeStruct for StructToJs {
    type Ok = sys::napi_value;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let value = value.serialize(ToJs(self.env))?;
        self.fields.push(sys::napi_property_descriptor {
            utf8name: field_name(key)?,
            name: ptr::null_mut(),
            method: None,
            getter: None,
            setter: None,
            value,
            attributes: sys::PropertyAttributes::writable
                | sys::PropertyAttributes::enumerable
                | sys::PropertyAttributes::configurable,
            data: ptr::null_mut(),
        });
        Ok(())
    }

    fn end(self) -> Result<sys::napi_value> {
        let mut object = ptr::null_mut();
        check_status!(unsafe { sys::napi_create_object(self.env, &mut object) })?;
        check_status!(unsafe {
            sys::napi_define_properties(self.env, object, self.fields.len(), self.fields.as_ptr())
        })?;
        Ok(object)
    }
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn field_names_become_camel_case() {
        for (snake, camel) in [
            ("organization_id", "organizationId"),
            ("list_metadata", "listMetadata"),
            ("created_at", "createdAt"),
            ("type", "type"),
            ("a_b_c", "aBC"),
            ("_private", "_private"),
        ] {
            assert_eq!(camel_case(snake), camel);
        }
    }
}
