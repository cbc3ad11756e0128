use serde::de::Deserializer;

use crate::tolerant::{non_empty, Tolerant};

impl Tolerant for uuid::Uuid {
    fn deserialize_optional<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        non_empty(deserializer, |text| text.parse().ok(), "a UUID")
    }
}
