use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::tolerant::{Optional, Tolerant};

/// `Deserialize` (and `Tolerant`) for a response struct, every field decoded by its type's
/// rules: a missing key and `null` are `None`, unknown keys are skipped. Each entry maps a
/// JSON key to the field; fields an override made required (not `Option`) come after
/// `required`.
///
/// A generated struct says `crate::tolerant::response_struct!(Account { "id" => id, ... });`
/// instead of deriving `Deserialize`: the derive would need a `deserialize_with` wrapper per
/// field, which costs the crate's compile more than this whole impl does.
macro_rules! response_struct {
    ($name:ident { $($key:literal => $field:ident),* $(,)? } $(required { $($required_key:literal => $required:ident),* $(,)? })?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;

                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut value = $name::default();
                        $($(let mut $required = None;)*)?
                        while let Some(key) = map.next_key::<crate::tolerant::Key<'de>>()? {
                            match key.as_str() {
                                $($key => value.$field = crate::tolerant::next_value(&mut map)?,)*
                                $($($required_key => $required = crate::tolerant::next_value(&mut map)?,)*)?
                                _ => crate::tolerant::skip_value(&mut map)?,
                            }
                        }
                        $($(value.$required = $required
                            .ok_or_else(|| <A::Error as serde::de::Error>::missing_field($required_key))?;)*)?
                        Ok(value)
                    }
                }

                deserializer.deserialize_map(Fields)
            }
        }

        impl crate::tolerant::Tolerant for $name {}
    };
}

pub(crate) use response_struct;

/// One object key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_string())))
    }
}

/// The value of the key just read, by its type's rules; `None` when it is `null` (or, for
/// a type with no empty form, `""`).
pub(crate) fn next_value<'de, A: MapAccess<'de>, T: Tolerant>(
    map: &mut A,
) -> Result<Option<T>, A::Error> {
    map.next_value_seed(Optional::<T>::new())
}

/// The value of a key the struct does not have: read and dropped.
pub(crate) fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}
