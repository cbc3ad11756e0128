/// The largest integer below which every whole `f64` is exact.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// `value` as an integer, when it is a whole number JavaScript (and so Postman) would write
/// as one: `0`, not `0.0`. Whole values past 2^53 are left as floats, which JavaScript cannot
/// tell from their neighbours either.
pub(crate) fn whole(value: f64) -> Option<i64> {
    // The cast is exact: the value is whole and within ±2^53.
    (value.fract() == 0.0 && value.abs() < EXACT_INTEGERS).then_some(value as i64)
}
