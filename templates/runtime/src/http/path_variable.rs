use crate::Error;

/// The value of a collection variable a path needs, refused while it is unset.
pub(crate) fn variable<'a>(name: &str, value: &'a str) -> Result<&'a str, Error> {
    if value.is_empty() {
        return Err(Error::MissingVariable {
            name: name.to_string(),
        });
    }
    Ok(value)
}
