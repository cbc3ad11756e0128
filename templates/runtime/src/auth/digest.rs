use crate::http::{CredentialFuture, RawResponse, TryCredential};
use crate::Error;
use md5::Md5;
use reqwest::header::{HeaderValue, AUTHORIZATION, WWW_AUTHENTICATE};
use sha2::{Digest as _, Sha256};
use std::sync::{Arc, Mutex};

/// The hash of a Digest challenge (RFC 7616 §3.3): MD5 or SHA-256, each plain or `-sess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigestAlgorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl DigestAlgorithm {
    /// The algorithm a challenge names; MD5 when it names none (RFC 7616 §3.3). `None` for
    /// one this client does not compute (SHA-512-256).
    fn named(name: Option<&str>) -> Option<DigestAlgorithm> {
        let Some(name) = name else {
            return Some(DigestAlgorithm::Md5);
        };
        match name.to_ascii_uppercase().as_str() {
            "MD5" => Some(DigestAlgorithm::Md5),
            "MD5-SESS" => Some(DigestAlgorithm::Md5Sess),
            "SHA-256" => Some(DigestAlgorithm::Sha256),
            "SHA-256-SESS" => Some(DigestAlgorithm::Sha256Sess),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Md5 => "MD5",
            DigestAlgorithm::Md5Sess => "MD5-sess",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    /// The lowercase hex hash of `text`.
    fn hash(self, text: &str) -> String {
        let bytes = match self {
            DigestAlgorithm::Md5 | DigestAlgorithm::Md5Sess => Md5::digest(text).to_vec(),
            DigestAlgorithm::Sha256 | DigestAlgorithm::Sha256Sess => Sha256::digest(text).to_vec(),
        };
        bytes.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    fn is_session(self) -> bool {
        matches!(self, DigestAlgorithm::Md5Sess | DigestAlgorithm::Sha256Sess)
    }
}

/// What a server's `WWW-Authenticate: Digest …` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DigestChallenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: DigestAlgorithm,
    /// The server offers `qop=auth`; without it the response is the RFC 2069 form.
    pub qop_auth: bool,
    /// The request was refused only because the nonce expired: retry with the new one.
    pub stale: bool,
}

impl DigestChallenge {
    /// The Digest challenge among those of a `WWW-Authenticate` value (which may hold others,
    /// `Basic realm="x", Digest …`). `None` when there is none this client can answer: no
    /// nonce, an algorithm it does not compute, or only `qop=auth-int` (which hashes the body).
    pub(crate) fn parse(header: &str) -> Option<DigestChallenge> {
        let params = digest_params(header)?;
        let get = |key: &str| {
            params
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
                .map(|(_, value)| value.as_str())
        };
        let qops: Vec<String> = get("qop")
            .map(|qop| {
                qop.split(',')
                    .map(|one| one.trim().to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let qop_auth = qops.iter().any(|qop| qop == "auth");
        if !qops.is_empty() && !qop_auth {
            return None;
        }
        Some(DigestChallenge {
            realm: get("realm").unwrap_or_default().to_string(),
            nonce: get("nonce")?.to_string(),
            opaque: get("opaque").map(str::to_string),
            algorithm: DigestAlgorithm::named(get("algorithm"))?,
            qop_auth,
            stale: get("stale").is_some_and(|stale| stale.eq_ignore_ascii_case("true")),
        })
    }
}

/// The auth-params of the `Digest` challenge in `header`, unquoted, in order.
fn digest_params(header: &str) -> Option<Vec<(String, String)>> {
    let mut rest = header.trim_start();
    // Skip challenges of other schemes: a token followed by a space starts a challenge.
    loop {
        let (scheme, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if scheme.eq_ignore_ascii_case("digest") {
            rest = after;
            break;
        }
        rest = skip_params(after)?;
    }
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let Some((name, after)) = rest.split_once('=') else {
            break;
        };
        let name = name.trim();
        // A bare token without `=` before it is the next challenge's scheme.
        if name.is_empty() || name.contains(char::is_whitespace) {
            break;
        }
        let after = after.trim_start();
        let (value, after) = match after.strip_prefix('"') {
            Some(quoted) => unquote(quoted)?,
            None => {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim().to_string(), &after[end..])
            }
        };
        params.push((name.to_string(), value));
        rest = after;
    }
    Some(params)
}

/// The text after the auth-params of one challenge: at the next scheme, or empty.
fn skip_params(mut rest: &str) -> Option<&str> {
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return None;
        }
        match rest.find(['=', ' ', ',']) {
            Some(at) if rest.as_bytes()[at] == b'=' => {
                let after = rest[at + 1..].trim_start();
                rest = match after.strip_prefix('"') {
                    Some(quoted) => unquote(quoted)?.1,
                    None => &after[after.find(',').unwrap_or(after.len())..],
                };
            }
            // A token not followed by `=`: the next scheme.
            _ => return Some(rest),
        }
    }
}

/// A quoted-string's value (after its opening quote) with its escapes undone, and the rest.
fn unquote(quoted: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => value.push(chars.next()?.1),
            '"' => return Some((value, &quoted[at + 1..])),
            other => value.push(other),
        }
    }
    None
}

/// The `Authorization` value answering `challenge` for `method` and `uri` (the request
/// target: path and query), as the `nonce_count`th use of its nonce with the client nonce
/// `cnonce` (RFC 7616 §3.4).
pub(crate) fn digest_authorization(
    challenge: &DigestChallenge,
    username: &str,
    password: &str,
    method: &str,
    uri: &str,
    nonce_count: u32,
    cnonce: &str,
) -> String {
    let algorithm = challenge.algorithm;
    let nc = format!("{nonce_count:08x}");
    let mut ha1 = algorithm.hash(&format!("{username}:{}:{password}", challenge.realm));
    if algorithm.is_session() {
        ha1 = algorithm.hash(&format!("{ha1}:{}:{cnonce}", challenge.nonce));
    }
    let ha2 = algorithm.hash(&format!("{method}:{uri}"));
    let response = if challenge.qop_auth {
        algorithm.hash(&format!(
            "{ha1}:{}:{nc}:{cnonce}:auth:{ha2}",
            challenge.nonce
        ))
    } else {
        algorithm.hash(&format!("{ha1}:{}:{ha2}", challenge.nonce))
    };
    let mut value = format!(
        "Digest username=\"{}\", realm=\"{}\", uri=\"{}\", algorithm={}, nonce=\"{}\"",
        quote(username),
        quote(&challenge.realm),
        quote(uri),
        algorithm.name(),
        quote(&challenge.nonce),
    );
    if challenge.qop_auth {
        value.push_str(&format!(
            ", nc={nc}, cnonce=\"{}\", qop=auth",
            quote(cnonce)
        ));
    }
    value.push_str(&format!(", response=\"{response}\""));
    if let Some(opaque) = &challenge.opaque {
        value.push_str(&format!(", opaque=\"{}\"", quote(opaque)));
    }
    value
}

/// `text` escaped for a quoted-string.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A fresh client nonce: 128 random bits, hex.
pub(crate) fn new_cnonce() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// HTTP Digest credentials and the server's last challenge: a request is sent first without
/// them, its 401 challenge read, and the request sent again answering it; later requests answer
/// the same challenge at once, counting its nonce's uses, until the server calls it stale.
/// Clones share the challenge and its count.
#[derive(Clone)]
pub(crate) struct DigestCredential {
    username: String,
    password: String,
    /// The challenge being answered and how many times its nonce has been used.
    challenge: Arc<Mutex<Option<(DigestChallenge, u32)>>>,
}

impl std::fmt::Debug for DigestCredential {
    // The password never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigestCredential")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl DigestCredential {
    pub(crate) fn new(username: String, password: String) -> DigestCredential {
        DigestCredential {
            username,
            password,
            challenge: Arc::new(Mutex::new(None)),
        }
    }

    /// The `Authorization` answering the known challenge for `request`, the nonce counted;
    /// `None` before any challenge.
    fn answer(&self, request: &reqwest::Request) -> Option<String> {
        // A panic elsewhere while holding the lock leaves a challenge that is still whole.
        let mut known = self
            .challenge
            .lock()
            .unwrap_or_else(|held| held.into_inner());
        let (challenge, uses) = known.as_mut()?;
        *uses += 1;
        let url = request.url();
        let uri = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        Some(digest_authorization(
            challenge,
            &self.username,
            &self.password,
            request.method().as_str(),
            &uri,
            *uses,
            &new_cnonce(),
        ))
    }

    /// Takes the challenge of a 401 `response`: whether answering it may succeed where the
    /// try answered with `sent` did not (no answer was sent, the nonce is new or stale).
    fn learn(&self, sent: Option<&HeaderValue>, response: &RawResponse) -> bool {
        let challenge = response
            .headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(DigestChallenge::parse);
        let Some(challenge) = challenge else {
            return false;
        };
        let mut known = self
            .challenge
            .lock()
            .unwrap_or_else(|held| held.into_inner());
        let new_nonce = known
            .as_ref()
            .is_none_or(|(old, _)| old.nonce != challenge.nonce);
        let worth_answering = sent.is_none() || challenge.stale || new_nonce;
        if worth_answering {
            *known = Some((challenge, 0));
        }
        worth_answering
    }
}

impl TryCredential for DigestCredential {
    fn apply<'a>(
        &'a self,
        _http: &'a reqwest::Client,
        request: &'a mut reqwest::Request,
    ) -> CredentialFuture<'a, Result<(), Error>> {
        let applied = match self.answer(request) {
            None => Ok(()),
            Some(answer) => match HeaderValue::from_str(&answer) {
                Ok(mut value) => {
                    value.set_sensitive(true);
                    request.headers_mut().insert(AUTHORIZATION, value);
                    Ok(())
                }
                Err(_) => Err(Error::InvalidHeader {
                    name: AUTHORIZATION.to_string(),
                }),
            },
        };
        Box::pin(std::future::ready(applied))
    }

    fn refused<'a>(
        &'a self,
        sent: Option<&'a HeaderValue>,
        response: &'a RawResponse,
    ) -> CredentialFuture<'a, bool> {
        Box::pin(std::future::ready(self.learn(sent, response)))
    }
}
