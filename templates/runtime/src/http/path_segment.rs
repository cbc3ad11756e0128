use crate::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Characters escaped in a path segment: everything but unreserved characters, so that an
/// argument can never add a segment, a query or a fragment.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b';')
    .add(b'=')
    .add(b'&')
    .add(b'+')
    .add(b'@')
    .add(b':')
    .add(b'$')
    .add(b',')
    .add(b'!')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*');

/// Percent-encodes `value` as one path segment. Empty, `.` and `..` are refused: url
/// parsing would resolve them (even encoded) and send the request elsewhere.
pub(crate) fn path_segment(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidPathArgument {
            name: name.to_string(),
        });
    }
    Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string())
}
