use serde::de::Deserializer;
use serde::ser::{Serialize, Serializer};

use crate::tolerant::Tolerant;

/// A response field decoded by its type's rules, `#[serde(with = "crate::tolerant")]`:
/// for an `Option` field (with `default`, for a missing key) `null` is `None`; a field an
/// override made required must be there.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tolerant>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_tolerant(deserializer)
}

/// The field encoded as it is (the rules are about reading only): the mock server sends it.
pub(crate) fn serialize<T: Serialize, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}
