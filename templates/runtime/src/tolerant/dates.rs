use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::Deserializer;

use crate::tolerant::{non_empty, Tolerant};

impl Tolerant for DateTime<FixedOffset> {
    fn deserialize_optional<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        non_empty(deserializer, instant, "an RFC 3339 date-time")
    }
}

impl Tolerant for NaiveDate {
    fn deserialize_optional<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        non_empty(
            deserializer,
            |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
            "a date (YYYY-MM-DD)",
        )
    }
}

/// An instant as chrono reads one (the same as its `Deserialize`): RFC 3339 with `T`, `t` or
/// a space between date and time, `Z`, `z` or a numeric offset (its colon optional), any
/// number of fractional digits. A date-time without an offset is not an instant: it is
/// refused, not guessed at.
fn instant(text: &str) -> Option<DateTime<FixedOffset>> {
    text.parse().ok()
}
