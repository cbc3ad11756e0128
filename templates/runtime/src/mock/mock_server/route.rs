use std::borrow::Cow;

use crate::mock::mock_server::Reply;

/// One request of the collection as the mock server finds it: written by the generator as
/// static data (`ROUTES` in the emitted `src/mock.rs` and its folder modules).
#[derive(Debug)]
pub struct Route {
    /// `Links / Update` (told apart from a request with the same path by its method and url,
    /// so unique): how messages name the request.
    pub item_path: &'static str,
    pub method: &'static str,
    pub segments: &'static [Segment],
    /// The saved examples that decode into their status's variant, statuses ascending.
    pub examples: &'static [Example],
    /// For a paginated request, the body of its default answer: the first 2xx example as a
    /// last page, so that a stream against the mock ends after it.
    pub last_page: Option<&'static str>,
}

/// One `/`-separated segment of a route's path.
// A collection's paths need some of these variants, not necessarily all.
#[allow(dead_code)]
#[derive(Debug)]
pub enum Segment {
    Literal(&'static str),
    /// A path argument, by the name of the operation's parameter (`id`).
    Param(&'static str),
    /// Text with arguments or client variables in it (`:id.json`, `{{a}}.{{b}}`).
    Pattern(&'static [Part]),
}

/// A piece of a [`Segment::Pattern`].
#[allow(dead_code)]
#[derive(Debug)]
pub enum Part {
    Text(&'static str),
    Param(&'static str),
    /// A client variable: whatever the client was configured with.
    Variable,
}

/// A saved example response, placeholders replaced by sample values of their type.
#[derive(Debug)]
pub struct Example {
    pub name: &'static str,
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub body: &'static str,
}

/// Path arguments by parameter name, percent-decoded.
pub(crate) type PathArgs = Vec<(&'static str, String)>;

impl Route {
    /// Whether the two are one endpoint: the same method and path template. Several items of
    /// a collection often are (`POST /payments` as a card payment, as an iDEAL payment): on
    /// the wire nothing tells their requests apart, so they share stubs and what was
    /// received. Compared by value, not address: a static table may be copied into each
    /// codegen unit that reads it.
    pub(crate) fn same_endpoint(&self, other: &Route) -> bool {
        self.method.eq_ignore_ascii_case(other.method)
            && self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(other.segments)
                .all(|pair| match pair {
                    (Segment::Literal(a), Segment::Literal(b)) => a == b,
                    (Segment::Param(_), Segment::Param(_)) => true,
                    (Segment::Pattern(a), Segment::Pattern(b)) => {
                        a.len() == b.len()
                            && a.iter().zip(*b).all(|pair| match pair {
                                (Part::Text(a), Part::Text(b)) => a == b,
                                (
                                    Part::Param(_) | Part::Variable,
                                    Part::Param(_) | Part::Variable,
                                ) => true,
                                _ => false,
                            })
                    }
                    _ => false,
                })
    }

    /// The path arguments when `path` (without its query) is one of this route's.
    pub(crate) fn match_path(&self, path: &str) -> Option<PathArgs> {
        let rest = path.strip_prefix('/').unwrap_or(path);
        let pieces: Vec<&str> = match rest {
            "" => Vec::new(),
            _ => rest.split('/').collect(),
        };
        if pieces.len() != self.segments.len() {
            return None;
        }
        let mut args = Vec::new();
        for (segment, piece) in self.segments.iter().zip(pieces) {
            let piece = percent_decoded(piece);
            match segment {
                Segment::Literal(text) => (piece == *text).then_some(())?,
                Segment::Param(name) if !piece.is_empty() => args.push((*name, piece.into_owned())),
                Segment::Param(_) => return None,
                Segment::Pattern(parts) => args.extend(match_parts(parts, &piece)?),
            }
        }
        Some(args)
    }

    /// How many literal segments the path has: of two routes matching one path, the one
    /// with more (`/links/latest` over `/links/{id}`) is meant.
    pub(crate) fn literal_segments(&self) -> usize {
        let literal = |segment: &&Segment| matches!(segment, Segment::Literal(_));
        self.segments.iter().filter(literal).count()
    }

    /// The names of the path arguments, in path order.
    pub(crate) fn params(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for segment in self.segments {
            match segment {
                Segment::Param(name) => names.push(*name),
                Segment::Pattern(parts) => {
                    names.extend(parts.iter().filter_map(|part| match part {
                        Part::Param(name) => Some(*name),
                        _ => None,
                    }))
                }
                Segment::Literal(_) => {}
            }
        }
        names
    }

    /// The saved example the request answers with when no stub is set: its first 2xx one.
    pub(crate) fn default_example(&self) -> Option<&'static Example> {
        let success = |example: &&Example| (200..300).contains(&example.status);
        self.examples.iter().find(success)
    }

    /// The default answer: [`Route::default_example`], as a last page for a paginated
    /// request.
    pub(crate) fn default_reply(&self) -> Option<Reply> {
        let reply = Reply::example(self.default_example()?);
        Some(match self.last_page {
            Some(body) => reply.body(body),
            None => reply,
        })
    }

    /// The `METHOD /path/{arg}` form messages show.
    pub(crate) fn display(&self) -> String {
        let mut path = String::new();
        for segment in self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => path.push_str(&format!("{{{name}}}")),
                Segment::Pattern(parts) => {
                    for part in *parts {
                        match part {
                            Part::Text(text) => path.push_str(text),
                            Part::Param(name) => path.push_str(&format!("{{{name}}}")),
                            Part::Variable => path.push('*'),
                        }
                    }
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        format!("{} {path}", self.method)
    }
}

/// Matches one segment's text against its parts, each argument or variable taking the
/// shortest non-empty text that lets the rest match.
fn match_parts(parts: &[Part], text: &str) -> Option<PathArgs> {
    let Some((first, rest)) = parts.split_first() else {
        return text.is_empty().then(Vec::new);
    };
    match first {
        Part::Text(literal) => match_parts(rest, text.strip_prefix(literal)?),
        Part::Param(_) | Part::Variable => {
            let ends = (1..=text.len()).filter(|end| text.is_char_boundary(*end));
            for end in ends {
                if let Some(mut args) = match_parts(rest, &text[end..]) {
                    if let Part::Param(name) = first {
                        args.insert(0, (*name, text[..end].to_string()));
                    }
                    return Some(args);
                }
            }
            None
        }
    }
}

/// `%XX` escapes decoded (as UTF-8, lossily); anything else kept as it is.
pub(crate) fn percent_decoded(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = bytes
            .get(index + 1..index + 3)
            .filter(|_| bytes[index] == b'%')
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&decoded).into_owned())
}
