//! Where an item of the emitted crate comes from in the collection: the key the regeneration
//! memory (`api.json`'s `from`) remembers its name by.
//!
//! A [`Site`] is a request (its key, the item path `Links / Update`), a part of it (the
//! request body, one response status, the query or header parameters, the stream of its
//! pages, its response enum) and, for a value inside a body, the JSON path to it. Its text,
//! `Links / Update › 428 › $.token_generation_data`, is what the record stores: [`Display`]
//! writes it and [`FromStr`] reads it, nothing else spells it.
//!
//! [`Display`]: std::fmt::Display

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// What separates a site's request, part and path.
const SEPARATOR: &str = " › ";

/// A place in the collection a type, stream or response enum is made from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Site {
    /// The request's key: its item path (`Links / Update`).
    pub request: String,
    pub part: Part,
    /// The JSON path inside a body (`$`, `$.results[*]`); none for a part as a whole.
    pub path: Option<String>,
}

/// The part of a request a site is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The request body (`… › request`).
    RequestBody,
    /// The body of the response with this status (`… › 428`).
    Status(u16),
    /// The query parameters or request headers (`… › query`, `… › headers`).
    Params(ParamPart),
    /// The stream of a paginated request's items (`… › stream`).
    Stream,
    /// The response enum (`… › response`).
    Response,
}

/// The part of a request a parameter struct is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamPart {
    Query,
    Headers,
}

impl ParamPart {
    pub fn type_suffix(self) -> &'static str {
        match self {
            ParamPart::Query => "Query",
            ParamPart::Headers => "Headers",
        }
    }
}

impl Part {
    /// How the record writes the part. A status is its number and has no word.
    fn word(self) -> Option<&'static str> {
        match self {
            Part::RequestBody => Some("request"),
            Part::Status(_) => None,
            Part::Params(ParamPart::Query) => Some("query"),
            Part::Params(ParamPart::Headers) => Some("headers"),
            Part::Stream => Some("stream"),
            Part::Response => Some("response"),
        }
    }

    fn parse(word: &str) -> Option<Part> {
        Some(match word {
            "request" => Part::RequestBody,
            "query" => Part::Params(ParamPart::Query),
            "headers" => Part::Params(ParamPart::Headers),
            "stream" => Part::Stream,
            "response" => Part::Response,
            status if status.bytes().all(|b| b.is_ascii_digit()) => {
                Part::Status(status.parse().ok()?)
            }
            _ => return None,
        })
    }
}

impl Site {
    /// A part of a request as a whole (`Links / Update › query`).
    pub fn new(request: &str, part: Part) -> Site {
        Site {
            request: request.to_string(),
            part,
            path: None,
        }
    }

    /// The whole body of this part: the root of its JSON paths (`Links / Update › 428 › $`).
    pub fn body_root(mut self) -> Site {
        self.path = Some("$".to_string());
        self
    }

    /// The value one JSON-path step (`.key`, `["a b"]`, `[*]`) inside this one.
    pub fn child(&self, step: &str) -> Site {
        let mut child = self.clone();
        child
            .path
            .get_or_insert_with(|| "$".to_string())
            .push_str(step);
        child
    }

    /// The text's bytes, in order, without building it: sites sort as their text does, so
    /// that the order the record and the docs list them in does not depend on the type.
    fn text_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let (digits, count) = match self.part {
            Part::Status(status) => decimal(status),
            _ => ([0; 5], 0),
        };
        let word = self.part.word().unwrap_or_default();
        let path = self.path.as_deref().map_or(&[][..], str::as_bytes);
        let path_separator = if self.path.is_some() { SEPARATOR } else { "" };
        self.request
            .bytes()
            .chain(SEPARATOR.bytes())
            .chain(word.bytes())
            .chain(digits.into_iter().take(count))
            .chain(path_separator.bytes())
            .chain(path.iter().copied())
    }
}

/// The decimal digits of `n` and how many there are, without allocating: sites are compared
/// often while types are grouped.
fn decimal(mut n: u16) -> ([u8; 5], usize) {
    let mut digits = [0; 5];
    let mut count = 0;
    loop {
        digits[count] = b'0' + (n % 10) as u8;
        count += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[..count].reverse();
    (digits, count)
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.request)?;
        f.write_str(SEPARATOR)?;
        match self.part {
            Part::Status(status) => write!(f, "{status}")?,
            part => f.write_str(part.word().unwrap_or_default())?,
        }
        if let Some(path) = &self.path {
            f.write_str(SEPARATOR)?;
            f.write_str(path)?;
        }
        Ok(())
    }
}

/// Text that is not a site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a site (`Folder / Request › part`, then ` › $…` inside a body)")]
pub struct NotASite(pub String);

impl FromStr for Site {
    type Err = NotASite;

    fn from_str(text: &str) -> Result<Site, NotASite> {
        let (request, part, path) = split(text).ok_or_else(|| NotASite(text.to_string()))?;
        Ok(Site {
            request: request.to_string(),
            part,
            path: path.map(str::to_string),
        })
    }
}

impl Site {
    /// Whether `text` reads as a site, without building it.
    pub fn is_site(text: &str) -> bool {
        split(text).is_some()
    }
}

/// A site's text as its request, part and path. The first separator after which a part
/// follows (alone, or before a JSON path) ends the request key: an item name may itself hold
/// the separator, and so may a JSON key in the path, which comes after the part.
fn split(text: &str) -> Option<(&str, Part, Option<&str>)> {
    let mut start = 0;
    while let Some(found) = text[start..].find(SEPARATOR) {
        let at = start + found;
        let (request, rest) = (&text[..at], &text[at + SEPARATOR.len()..]);
        let (word, path) = match rest.split_once(SEPARATOR) {
            Some((word, path)) if path.starts_with('$') => (word, Some(path)),
            _ => (rest, None),
        };
        // An item may have no name left once control characters go: its key is empty.
        if let Some(part) = Part::parse(word) {
            return Some((request, part, path));
        }
        start = at + SEPARATOR.len();
    }
    None
}

impl Ord for Site {
    fn cmp(&self, other: &Site) -> Ordering {
        self.text_bytes().cmp(other.text_bytes())
    }
}

impl PartialOrd for Site {
    fn partial_cmp(&self, other: &Site) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_round_trips_through_its_text() {
        let cases = [
            ("Links / Update › request › $", Part::RequestBody, Some("$")),
            (
                "Links / Update › 428 › $.token_generation_data",
                Part::Status(428),
                Some("$.token_generation_data"),
            ),
            (
                "Links / Update › query",
                Part::Params(ParamPart::Query),
                None,
            ),
            (
                "Links / Update › headers",
                Part::Params(ParamPart::Headers),
                None,
            ),
            ("Links / Update › stream", Part::Stream, None),
            ("Links / Update › response", Part::Response, None),
        ];
        for (text, part, path) in cases {
            let site: Site = text.parse().unwrap();
            assert_eq!(
                site,
                Site {
                    request: "Links / Update".into(),
                    part,
                    path: path.map(str::to_string),
                }
            );
            assert_eq!(site.to_string(), text);
        }
    }

    #[test]
    fn a_separator_in_an_item_name_or_a_json_key_stays_where_it_is() {
        let text = "Reports › Monthly / Get › 200 › $[\"a › b\"]";
        let site: Site = text.parse().unwrap();
        assert_eq!(site.request, "Reports › Monthly / Get");
        assert_eq!(site.part, Part::Status(200));
        assert_eq!(site.path.as_deref(), Some("$[\"a › b\"]"));
        assert_eq!(site.to_string(), text);
    }

    #[test]
    fn text_that_names_no_part_is_refused() {
        for text in ["Links / Update", "Links / Update › body", "x › 99999", "›"] {
            assert_eq!(
                text.parse::<Site>(),
                Err(NotASite(text.to_string())),
                "{text}"
            );
        }
    }

    #[test]
    fn an_unnamed_request_has_sites_too() {
        let site: Site = " › response".parse().unwrap();
        assert_eq!(site, Site::new("", Part::Response));
    }

    #[test]
    fn children_extend_the_path_from_the_root() {
        let root = Site::new("A", Part::Status(200)).body_root();
        let item = root.child(".results").child("[*]");
        assert_eq!(item.to_string(), "A › 200 › $.results[*]");
        assert_eq!(
            Site::new("A", Part::Status(200)).child(".x").to_string(),
            "A › 200 › $.x"
        );
    }

    #[test]
    fn sites_sort_as_their_text_does() {
        let texts = [
            "A › 200 › $",
            "A › 200 › $.b",
            "A › 404 › $",
            "A › query",
            "A › request › $",
            "A B › 200 › $",
            "A/B › headers",
            "Ab › stream",
        ];
        let mut sites: Vec<Site> = texts.iter().map(|text| text.parse().unwrap()).collect();
        sites.reverse();
        sites.sort();
        let mut sorted = texts.map(str::to_string).to_vec();
        sorted.sort();
        assert_eq!(
            sites.iter().map(Site::to_string).collect::<Vec<_>>(),
            sorted
        );
    }
}
