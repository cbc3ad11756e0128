//! Which response numbers are integers: the examples show `1` where a live API may send `1.5`.
//!
//! In: the JSON key a number sits at. Out: whether its name says the value counts or
//! identifies something, so that a fraction cannot come back. Belvo shows why the examples
//! alone are no proof: its invoices' `quantity` is `<integer>` in 22 bodies and `<float>` in
//! 14, and the live API sends `1.5`. The rule is in docs/inference.md ("Numbers").

use heck::ToSnakeCase;

/// Last words of a key that name a count, an index, an identifier or a calendar field:
/// `id`, `account_id`, `result_count`, `per_page`, `page_number`, `birth_year`.
const WHOLE_LAST_WORDS: &[&str] = &[
    "id", "ids", "count", "page", "pages", "limit", "offset", "skip", "index", "number", "code",
    "year", "month", "day",
];

/// First words of a key that make it a count: `num_accounts`, `number_of_installments`,
/// `page_size`, `count_active`.
const WHOLE_FIRST_WORDS: &[&str] = &["num", "number", "count", "page"];

/// Whole keys that name a count: a listing's `total`. As a last word it is not: an
/// `invoice_total` is money.
const WHOLE_KEYS: &[&str] = &["total"];

/// Whether a number found at `key` is an integer by its name. Quantities (`quantity`,
/// `days`, `expires_in`), measures (`width`, `amount`), sums (`invoice_total`) and versions
/// are not: they are `f64`, which holds every integer up to 2^53 exactly.
pub fn names_a_whole_number(key: &str) -> bool {
    let snake = key.to_snake_case();
    if WHOLE_KEYS.contains(&snake.as_str()) {
        return true;
    }
    let words: Vec<&str> = snake.split('_').filter(|word| !word.is_empty()).collect();
    words
        .first()
        .is_some_and(|word| WHOLE_FIRST_WORDS.contains(word))
        || words
            .last()
            .is_some_and(|word| WHOLE_LAST_WORDS.contains(word))
}

#[cfg(test)]
mod tests {
    use super::names_a_whole_number;

    #[test]
    fn counts_indexes_identifiers_and_calendar_fields_are_whole() {
        for key in [
            "id",
            "event_id",
            "userId",
            "count",
            "result_count",
            "pageCount",
            "page",
            "per_page",
            "page_size",
            "limit",
            "offset",
            "travelerIndex",
            "flightNumber",
            "partiality_number",
            "num_accounts",
            "number_of_installments_total",
            "year",
            "total",
            "totalCount",
            "birth_month",
            "bedTypeCode",
        ] {
            assert!(names_a_whole_number(key), "{key}");
        }
    }

    #[test]
    fn amounts_quantities_measures_and_totals_are_not() {
        for key in [
            "quantity",
            "amount",
            "taxAmount",
            "invoice_total",
            "total_amount",
            "width",
            "days",
            "expiry",
            "expires_in",
            "major_version",
            "rate",
            "identity",
            "",
            "_",
        ] {
            assert!(!names_a_whole_number(key), "{key}");
        }
    }
}
