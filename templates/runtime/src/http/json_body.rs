use crate::http::whole;
use crate::Error;

/// Encodes a JSON request body, whole floats written as integers (see [`WholeFloats`]).
pub(crate) fn json_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, WholeFloats);
    body.serialize(&mut serializer)
        .map_err(Error::InvalidParameters)?;
    Ok(bytes)
}

/// Writes a whole float as an integer (`0`, not `0.0`), as JavaScript writes every number and
/// so as Postman sends what its collection shows: a field typed `f64` because some example
/// said `<number>` may be one the API reads as an integer, and refuses `0.0` for. Other
/// floats, and whole ones past 2^53 (which JavaScript cannot tell from their neighbours
/// either), are written as serde_json writes them.
pub(crate) struct WholeFloats;

impl serde_json::ser::Formatter for WholeFloats {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        match whole(value) {
            Some(integer) => write!(writer, "{integer}"),
            None => serde_json::ser::CompactFormatter.write_f64(writer, value),
        }
    }

    fn write_f32<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f32,
    ) -> std::io::Result<()> {
        match whole(f64::from(value)) {
            Some(integer) => write!(writer, "{integer}"),
            None => serde_json::ser::CompactFormatter.write_f32(writer, value),
        }
    }
}
