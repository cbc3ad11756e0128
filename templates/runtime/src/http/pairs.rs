use crate::http::whole;
use crate::Error;

/// Key-value pairs of a query or form struct: unset fields are left out, lists repeat
/// their key.
pub(crate) fn pairs<T: serde::Serialize + ?Sized>(
    fields: &T,
) -> Result<Vec<(String, String)>, Error> {
    let serde_json::Value::Object(fields) =
        serde_json::to_value(fields).map_err(Error::InvalidParameters)?
    else {
        return Ok(Vec::new());
    };
    let mut pairs = Vec::new();
    for (key, value) in fields {
        let values = match value {
            serde_json::Value::Array(items) => items,
            single => vec![single],
        };
        for value in values {
            let text = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(text) => text,
                // `7`, not `7.0`: a whole float is written as Postman writes any number.
                serde_json::Value::Number(number) => match number.as_f64().and_then(whole) {
                    Some(integer) if number.is_f64() => integer.to_string(),
                    _ => number.to_string(),
                },
                other => other.to_string(),
            };
            pairs.push((key.clone(), text));
        }
    }
    Ok(pairs)
}
