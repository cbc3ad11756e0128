use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::de::{Unexpected, Visitor};
use serde::Deserialize;

/// A response value as this crate decodes it: what the saved examples cannot promise about
/// a live API is tolerated, and nothing that carries data is dropped (docs/inference.md of
/// the generator, "Tolerance"). The rules, by type:
///
/// - lists skip `null` items (a `null` in a list of accounts is no account), and maps skip
///   entries whose value is `null` (as for a struct's field, `null` and absent are one);
/// - integers also accept a float without a fraction (`7.0`), never one with a fraction;
/// - uuids, dates and date-times read `""` as absent;
/// - JSON values (`serde_json::Value`) keep everything, `null` items included.
///
/// Structs decode every field by these rules (`response_struct!`); other types as their
/// `Deserialize` says (the default methods).
pub(crate) trait Tolerant: DeserializeOwned {
    /// A value that is there.
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }

    /// A value that may be `null` (a field, a list item, a map value): `None` when it is.
    fn deserialize_optional<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_option(OptionalVisitor(PhantomData))
    }
}

struct OptionalVisitor<T>(PhantomData<T>);

impl<'de, T: Tolerant> Visitor<'de> for OptionalVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a value or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_tolerant(deserializer).map(Some)
    }
}

/// One list item, map value or struct field, decoded by `T`'s rules for a value that may be
/// `null`.
pub(crate) struct Optional<T>(PhantomData<T>);

impl<T> Optional<T> {
    pub(crate) fn new() -> Self {
        Optional(PhantomData)
    }
}

impl<'de, T: Tolerant> DeserializeSeed<'de> for Optional<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_optional(deserializer)
    }
}

impl<T: Tolerant> Tolerant for Option<T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_optional(deserializer)
    }

    /// An `Option` holds `null` itself: a list of `Option<T>` (items an example showed as
    /// `null`, or an override asked for) keeps its nulls in place.
    fn deserialize_optional<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        T::deserialize_optional(deserializer).map(Some)
    }
}

impl<T: Tolerant> Tolerant for Vec<T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ItemsVisitor(PhantomData))
    }
}

struct ItemsVisitor<T>(PhantomData<T>);

impl<'de, T: Tolerant> Visitor<'de> for ItemsVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Vec<T>, A::Error> {
        // A size hint comes from the input: it may allocate, never without bound.
        let mut kept = Vec::with_capacity(items.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = items.next_element_seed(Optional::<T>::new())? {
            kept.extend(item);
        }
        Ok(kept)
    }
}

impl<T: Tolerant> Tolerant for BTreeMap<String, T> {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

struct EntriesVisitor<T>(PhantomData<T>);

impl<'de, T: Tolerant> Visitor<'de> for EntriesVisitor<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        let mut kept = BTreeMap::new();
        while let Some(key) = entries.next_key::<String>()? {
            if let Some(value) = entries.next_value_seed(Optional::<T>::new())? {
                kept.insert(key, value);
            }
        }
        Ok(kept)
    }
}

impl Tolerant for String {}

impl Tolerant for bool {}

/// Integers come as floats from some servers; every integer fits, with up to 2^53 exactly.
impl Tolerant for f64 {}

impl Tolerant for serde_json::Value {
    /// A JSON value holds `null` too: in a list of values it is an item like any other.
    fn deserialize_optional<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Some)
    }
}

impl Tolerant for i64 {
    fn deserialize_tolerant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_i64(IntegerVisitor)
    }
}

/// An integer, also written as a float without a fraction (`7.0`), as some servers do.
struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an integer")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<i64, E> {
        // -2^63 and 2^63 bound the floats that convert to an i64 without saturating.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
            Ok(value as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(value), &self))
        }
    }
}
