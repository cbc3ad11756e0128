use crate::http::{CredentialFuture, TryCredential};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, RsaKeyPair};
use rustls::pki_types::pem::{PemObject, SectionKind};
use serde_json::{Map, Value};

// Postman's `jwt` auth: a JSON Web Token (RFC 7519) signed as a JWS compact serialization
// (RFC 7515) on every send, and put on the request's `Authorization` header or its query.
//
// What Postman does (postman-runtime `lib/authorizer/jwt.js`, which signs with `jose` 5,
// read at commit f34ef2a of 2026-03-28), and what this module does alike:
//
// - The payload is signed as the user wrote it: no `iat`, `exp` or any other claim is added
//   (`new SignJWT(payload)` without `setIssuedAt`/`setExpirationTime`; its tests expect
//   exactly the given claims back). A token is therefore the same on every try, unless the
//   algorithm is randomized (PS, ES); time claims are the collection's to write.
// - The protected header is the user's `header` object with `alg` set to the chosen
//   algorithm (`{ ...header, alg: algorithm }`: the root-level algorithm wins over an `alg`
//   in the header). No `typ` is added: a `typ` is sent only when the header has one.
// - `HS*` sign with `secret`, its UTF-8 bytes, or its base64 decoding when
//   `isSecretBase64Encoded`; an empty secret is refused. `RS*`, `PS*` and `ES*` sign with
//   `privateKey`, which must be a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`,
//   `jose.importPKCS8`).
// - On the header (`addTokenTo: header`, the default) any `Authorization` header is
//   replaced by `headerPrefix + " " + token`; the prefix is `Bearer` when unset, and an
//   empty prefix sends the bare token, without the space. In the query (`queryParam`),
//   parameters named `queryParamKey` (default `token`) are removed and `key=token` added.
// - Any failure (unknown algorithm, empty secret, a key `jose` refuses, header JSON that
//   does not parse) is only a console warning in Postman, and the request goes out
//   unsigned. Here it is a [`JwtError`], so that an unsigned request is never sent by
//   surprise.
//
// Where this differs, and why:
//
// - A PKCS#1 RSA key (`-----BEGIN RSA PRIVATE KEY-----`) is accepted too, for `RS*` and
//   `PS*`: `ring` reads it as it is, and it is what `openssl genrsa` wrote for years.
//   A SEC1 EC key (`-----BEGIN EC PRIVATE KEY-----`) is refused, as Postman refuses it, with
//   the `openssl pkcs8 -topk8` line that converts it.
// - `ES512` (ECDSA on P-521) is a [`JwtError`]: `ring`, the crypto the emitted crates
//   already link for TLS, signs on P-256 and P-384 only. Every other algorithm is supported.
// - A base64 secret is decoded strictly (the standard or URL-safe alphabet, padding
//   optional), where Node's `Buffer.from(secret, "base64")` silently stops at the first
//   character it does not know: signing with a truncated secret would fail at the server.
// - The JSON of the header and payload is serde_json's (keys in the map's order), not
//   `JSON.stringify`'s, so the bytes of an `HS*`/`RS*` token may differ from Postman's
//   while meaning the same: a verifier decodes what was signed and compares claims.
//
// The signatures are JWA's (RFC 7518 §3): HMAC-SHA2; RSASSA-PKCS1-v1_5 and RSASSA-PSS
// (salt as long as the hash, which is what `ring`'s PSS encodings use) with SHA-2, from
// 2048-bit keys up; ECDSA as the fixed-width `R || S`.

/// The signing algorithms of Postman's `algorithm` (RFC 7518 §3.1 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JwtAlgorithm {
    Hs256,
    Hs384,
    Hs512,
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
    Es512,
}

impl JwtAlgorithm {
    const ALL: [JwtAlgorithm; 12] = [
        JwtAlgorithm::Hs256,
        JwtAlgorithm::Hs384,
        JwtAlgorithm::Hs512,
        JwtAlgorithm::Rs256,
        JwtAlgorithm::Rs384,
        JwtAlgorithm::Rs512,
        JwtAlgorithm::Ps256,
        JwtAlgorithm::Ps384,
        JwtAlgorithm::Ps512,
        JwtAlgorithm::Es256,
        JwtAlgorithm::Es384,
        JwtAlgorithm::Es512,
    ];

    /// The algorithm Postman's `algorithm` names. Exact and case-sensitive, as Postman looks
    /// it up (and as `alg` is compared by verifiers): `hs256` is no algorithm.
    pub(crate) fn named(name: &str) -> Option<JwtAlgorithm> {
        JwtAlgorithm::ALL
            .into_iter()
            .find(|algorithm| algorithm.name() == name)
    }

    /// The name sent as the header's `alg`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            JwtAlgorithm::Hs256 => "HS256",
            JwtAlgorithm::Hs384 => "HS384",
            JwtAlgorithm::Hs512 => "HS512",
            JwtAlgorithm::Rs256 => "RS256",
            JwtAlgorithm::Rs384 => "RS384",
            JwtAlgorithm::Rs512 => "RS512",
            JwtAlgorithm::Ps256 => "PS256",
            JwtAlgorithm::Ps384 => "PS384",
            JwtAlgorithm::Ps512 => "PS512",
            JwtAlgorithm::Es256 => "ES256",
            JwtAlgorithm::Es384 => "ES384",
            JwtAlgorithm::Es512 => "ES512",
        }
    }

    /// Whether it signs with a shared secret (`HS*`) rather than a private key.
    pub(crate) fn uses_secret(self) -> bool {
        matches!(
            self,
            JwtAlgorithm::Hs256 | JwtAlgorithm::Hs384 | JwtAlgorithm::Hs512
        )
    }
}

/// What a token is signed with: Postman's `secret` for `HS*`, its `privateKey` otherwise.
#[derive(Clone)]
pub(crate) enum JwtKey {
    /// The secret's bytes, already base64-decoded when Postman's `isSecretBase64Encoded`
    /// says so (see [`JwtKey::postman_secret`]).
    Secret(Vec<u8>),
    /// A PEM private key: PKCS#8 (`PRIVATE KEY`) for any algorithm, or PKCS#1
    /// (`RSA PRIVATE KEY`) for `RS*` and `PS*`.
    PrivateKeyPem(String),
}

impl JwtKey {
    /// The key of Postman's `secret` and `isSecretBase64Encoded`.
    pub(crate) fn postman_secret(secret: &str, base64_encoded: bool) -> Result<JwtKey, JwtError> {
        if !base64_encoded {
            return Ok(JwtKey::Secret(secret.as_bytes().to_vec()));
        }
        // Either alphabet, padded or not, across lines: what people paste as "base64".
        let lenient = GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true);
        let compact: String = secret.split_whitespace().collect();
        GeneralPurpose::new(&alphabet::STANDARD, lenient)
            .decode(&compact)
            .or_else(|_| GeneralPurpose::new(&alphabet::URL_SAFE, lenient).decode(&compact))
            .map(JwtKey::Secret)
            .map_err(|_| {
                JwtError::new(
                    "the JWT secret is marked base64-encoded but is not base64; \
                     untick `isSecretBase64Encoded` or give its base64 encoding",
                )
            })
    }
}

impl std::fmt::Debug for JwtKey {
    // Secrets and private keys never reach logs, not even their length.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtKey::Secret(_) => f.write_str("JwtKey::Secret(..)"),
            JwtKey::PrivateKeyPem(_) => f.write_str("JwtKey::PrivateKeyPem(..)"),
        }
    }
}

/// Where the token goes (Postman's `addTokenTo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JwtPlacement {
    /// `Authorization: {prefix} {token}`, or the bare token when `prefix` is empty. Postman's
    /// `headerPrefix`; `Bearer` when the collection leaves it unset.
    Header { prefix: String },
    /// `?{key}={token}`, replacing any parameter of that name. Postman's `queryParamKey`;
    /// `token` when the collection leaves it unset or empty.
    Query { key: String },
}

/// One request's `jwt` auth, as the collection gives it.
#[derive(Debug, Clone)]
pub(crate) struct JwtSettings {
    pub algorithm: JwtAlgorithm,
    /// Extra protected-header parameters (Postman's `header`); `alg` is always replaced.
    pub header: Map<String, Value>,
    /// The claims (Postman's `payload`), signed as they are.
    pub payload: Map<String, Value>,
    pub placement: JwtPlacement,
}

/// Why no token could be made or put on a request. Its text names the algorithm and what
/// to change, and never any part of a secret or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JwtError {
    message: String,
}

impl JwtError {
    fn new(message: impl Into<String>) -> JwtError {
        JwtError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JwtError {}

/// A token for one try: `settings`' header (with its `alg`) and payload, signed with `key`.
/// No claim is added, as Postman adds none (see the module's notes): a token that must
/// expire carries the collection's own `exp`.
pub(crate) fn jwt_token(settings: &JwtSettings, key: &JwtKey) -> Result<String, JwtError> {
    let mut header = settings.header.clone();
    // Inserting keeps an existing `alg` in its place, as the JavaScript spread does.
    header.insert(
        "alg".to_string(),
        Value::String(settings.algorithm.name().to_string()),
    );
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(json_bytes(&header)),
        URL_SAFE_NO_PAD.encode(json_bytes(&settings.payload))
    );
    let signature = jws_signature(settings.algorithm, key, signing_input.as_bytes())?;
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

fn json_bytes(object: &Map<String, Value>) -> Vec<u8> {
    // A map of JSON values always serializes; the empty object is unreachable.
    serde_json::to_vec(object).unwrap_or_else(|_| b"{}".to_vec())
}

/// The JWS signature of `signing_input` (RFC 7515 §5.1 step 5) by `algorithm` with `key`.
pub(crate) fn jws_signature(
    algorithm: JwtAlgorithm,
    key: &JwtKey,
    signing_input: &[u8],
) -> Result<Vec<u8>, JwtError> {
    let name = algorithm.name();
    match (algorithm.uses_secret(), key) {
        (true, JwtKey::Secret(secret)) => hmac_signature(algorithm, secret, signing_input),
        (false, JwtKey::PrivateKeyPem(pem)) => private_key_signature(algorithm, pem, signing_input),
        (true, JwtKey::PrivateKeyPem(_)) => Err(JwtError::new(format!(
            "{name} signs with the JWT secret, and a private key was given instead"
        ))),
        (false, JwtKey::Secret(_)) => Err(JwtError::new(format!(
            "{name} signs with a PEM private key, and a secret was given instead"
        ))),
    }
}

fn hmac_signature(
    algorithm: JwtAlgorithm,
    secret: &[u8],
    signing_input: &[u8],
) -> Result<Vec<u8>, JwtError> {
    if secret.is_empty() {
        // Postman refuses it too ("Invalid secret key"); WebCrypto cannot import it.
        return Err(JwtError::new(format!(
            "{} needs a JWT secret, and it is empty",
            algorithm.name()
        )));
    }
    fn mac<M: Mac + KeyInit>(secret: &[u8], input: &[u8]) -> Result<Vec<u8>, JwtError> {
        // HMAC takes a key of any length: `new_from_slice` does not fail for it.
        let mut mac = <M as Mac>::new_from_slice(secret)
            .map_err(|_| JwtError::new("the JWT secret cannot key an HMAC"))?;
        mac.update(input);
        Ok(mac.finalize().into_bytes().to_vec())
    }
    match algorithm {
        JwtAlgorithm::Hs384 => mac::<Hmac<sha2::Sha384>>(secret, signing_input),
        JwtAlgorithm::Hs512 => mac::<Hmac<sha2::Sha512>>(secret, signing_input),
        _ => mac::<Hmac<sha2::Sha256>>(secret, signing_input),
    }
}

/// A private key as its PEM gives it.
enum PrivateKeyDer {
    Pkcs8(Vec<u8>),
    Pkcs1(Vec<u8>),
}

fn private_key_signature(
    algorithm: JwtAlgorithm,
    pem: &str,
    signing_input: &[u8],
) -> Result<Vec<u8>, JwtError> {
    let name = algorithm.name();
    let rng = SystemRandom::new();
    let rejected = |why: ring::error::KeyRejected| {
        // ring's reasons are fixed words ("InvalidEncoding", "WrongAlgorithm", "TooSmall").
        JwtError::new(format!(
            "the private key cannot sign {name} ({why}): it must be {}",
            key_expected(algorithm)
        ))
    };
    let key = private_key_der(algorithm, pem)?;
    let rsa_encoding: &'static dyn signature::RsaEncoding = match algorithm {
        JwtAlgorithm::Rs256 => &signature::RSA_PKCS1_SHA256,
        JwtAlgorithm::Rs384 => &signature::RSA_PKCS1_SHA384,
        JwtAlgorithm::Rs512 => &signature::RSA_PKCS1_SHA512,
        JwtAlgorithm::Ps256 => &signature::RSA_PSS_SHA256,
        JwtAlgorithm::Ps384 => &signature::RSA_PSS_SHA384,
        JwtAlgorithm::Ps512 => &signature::RSA_PSS_SHA512,
        JwtAlgorithm::Es256 | JwtAlgorithm::Es384 => {
            let curve = if algorithm == JwtAlgorithm::Es256 {
                &signature::ECDSA_P256_SHA256_FIXED_SIGNING
            } else {
                &signature::ECDSA_P384_SHA384_FIXED_SIGNING
            };
            let PrivateKeyDer::Pkcs8(der) = &key else {
                return Err(JwtError::new(format!(
                    "{name} needs a PKCS#8 EC key (`-----BEGIN PRIVATE KEY-----`), \
                     and an RSA key was given"
                )));
            };
            let pair = EcdsaKeyPair::from_pkcs8(curve, der, &rng).map_err(rejected)?;
            return pair
                .sign(&rng, signing_input)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(|_| JwtError::new(format!("{name} signing failed")));
        }
        JwtAlgorithm::Es512 => {
            return Err(JwtError::new(
                "ES512 (ECDSA on P-521) is not supported by this client: its crypto \
                 library, ring, signs on P-256 and P-384 only; use ES256 or ES384",
            ))
        }
        JwtAlgorithm::Hs256 | JwtAlgorithm::Hs384 | JwtAlgorithm::Hs512 => {
            return Err(JwtError::new(format!(
                "{name} signs with the JWT secret, and a private key was given instead"
            )))
        }
    };
    let pair = match &key {
        PrivateKeyDer::Pkcs8(der) => RsaKeyPair::from_pkcs8(der),
        PrivateKeyDer::Pkcs1(der) => RsaKeyPair::from_der(der),
    }
    .map_err(rejected)?;
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(rsa_encoding, &rng, signing_input, &mut signature)
        .map_err(|_| JwtError::new(format!("{name} signing failed")))?;
    Ok(signature)
}

fn key_expected(algorithm: JwtAlgorithm) -> &'static str {
    match algorithm {
        JwtAlgorithm::Es256 => "a P-256 EC key in PKCS#8",
        JwtAlgorithm::Es384 => "a P-384 EC key in PKCS#8",
        _ => "an RSA key of 2048 bits or more, in PKCS#8 or PKCS#1",
    }
}

/// The DER of the first private key in `pem`.
fn private_key_der(algorithm: JwtAlgorithm, pem: &str) -> Result<PrivateKeyDer, JwtError> {
    let name = algorithm.name();
    for section in <(SectionKind, Vec<u8>) as PemObject>::pem_slice_iter(pem.as_bytes()) {
        let Ok((kind, der)) = section else {
            break;
        };
        match kind {
            SectionKind::PrivateKey => return Ok(PrivateKeyDer::Pkcs8(der)),
            SectionKind::RsaPrivateKey => return Ok(PrivateKeyDer::Pkcs1(der)),
            SectionKind::EcPrivateKey => {
                return Err(JwtError::new(format!(
                    "{name} needs the EC key in PKCS#8 (`-----BEGIN PRIVATE KEY-----`), \
                     as Postman does, and it is in SEC1 (`EC PRIVATE KEY`); convert it with \
                     `openssl pkcs8 -topk8 -nocrypt -in key.pem`"
                )))
            }
            // Certificates or public keys pasted along with the key.
            _ => continue,
        }
    }
    if pem.contains("ENCRYPTED") {
        return Err(JwtError::new(format!(
            "the private key for {name} is encrypted; give it unencrypted \
             (`openssl pkcs8 -topk8 -nocrypt -in key.pem`)"
        )));
    }
    Err(JwtError::new(format!(
        "{name} needs a PEM private key (`-----BEGIN PRIVATE KEY-----`), and none was found"
    )))
}

/// What a query value escapes: the form of a query component, with `&`, `=`, `+` and `#`
/// escaped so that the parameter reads back as one.
const QUERY_COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>');

/// Puts `token` on `request` where `placement` says, replacing what was there as Postman
/// does: every `Authorization` header, or every query parameter of the same name.
pub(crate) fn jwt_apply(
    request: &mut reqwest::Request,
    placement: &JwtPlacement,
    token: &str,
) -> Result<(), JwtError> {
    match placement {
        JwtPlacement::Header { prefix } => {
            let text = if prefix.is_empty() {
                token.to_string()
            } else {
                format!("{prefix} {token}")
            };
            let mut value = reqwest::header::HeaderValue::from_str(&text).map_err(|_| {
                JwtError::new(
                    "the JWT header prefix cannot be sent in a header \
                     (it holds a line break or another control character)",
                )
            })?;
            value.set_sensitive(true);
            // `insert` drops every earlier value of the header, whatever its case.
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, value);
        }
        JwtPlacement::Query { key } => {
            let url = request.url_mut();
            // The other parameters are kept byte for byte: re-encoding them could change
            // what the server (or a signature over the url) sees.
            let mut kept: Vec<String> = url
                .query()
                .unwrap_or_default()
                .split('&')
                .filter(|pair| !pair.is_empty() && !names_parameter(pair, key))
                .map(str::to_string)
                .collect();
            kept.push(format!(
                "{}={}",
                utf8_percent_encode(key, QUERY_COMPONENT),
                utf8_percent_encode(token, QUERY_COMPONENT)
            ));
            url.set_query(Some(&kept.join("&")));
        }
    }
    Ok(())
}

/// Whether the raw query pair `pair` (`name=value`, still escaped) is named `key`.
fn names_parameter(pair: &str, key: &str) -> bool {
    let name = pair.split('=').next().unwrap_or_default();
    percent_decode_str(name).decode_utf8_lossy() == key
}

/// The JSON object `text` (a collection's `header` or `payload`, which the generator checked
/// is one); anything else is an empty object.
pub(crate) fn json_object(text: &str) -> Map<String, Value> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Postman's `jwt` auth as the client applies it: a token made and put on every try.
#[derive(Debug, Clone)]
pub(crate) struct JwtSigner {
    pub settings: JwtSettings,
    /// The key set on the client; a secret that is not the base64 the collection says it is
    /// fails each call that would send it, rather than the setter.
    pub key: Result<JwtKey, JwtError>,
}

impl TryCredential for JwtSigner {
    fn apply<'a>(
        &'a self,
        _http: &'a reqwest::Client,
        request: &'a mut reqwest::Request,
    ) -> CredentialFuture<'a, Result<(), crate::Error>> {
        let applied = self
            .key
            .clone()
            .and_then(|key| jwt_token(&self.settings, &key))
            .and_then(|token| jwt_apply(request, &self.settings.placement, &token))
            .map_err(|error| crate::Error::Credential(Box::new(error)));
        Box::pin(std::future::ready(applied))
    }
}
