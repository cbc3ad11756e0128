//! Auth: which credential each request sends, and the set the client offers setters for.
//!
//! Postman inherits auth from the collection through folders to the request; `noauth` stops
//! the inheritance. A literal `Authorization` header (`Bearer {{token}}`, `SSWS {{key}}`) is
//! auth too, not a per-call header.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostics::{Diagnostics, WarningKind};
use crate::ir::{
    reserved, AwsScopeSettings, ClientVariable, Credential, CredentialRef, CredentialSlot,
    JwtSettings, KeyLocation, OAuth1Method, OAuth1Settings, OAuth2Grant, OAuth2Methods, TokenUrl,
};
use crate::naming::{pascal_word, snake_ident, Scope};
use crate::postman::Auth;

/// Auth as declared at one place, with that place for messages (`Links`, or empty for the
/// collection).
#[derive(Clone, Copy)]
pub struct Declared<'a> {
    pub auth: &'a Auth,
    pub place: &'a str,
}

/// A credential as requests use it: its scheme and the collection variables its value is
/// read from, sorted. `Bearer {{token}}` and `Bearer {{application_token}}` are two: each
/// group of requests must be sent its own.
type Source = (Credential, Vec<String>);

/// Collects the credentials requests use; warns once per place about what it cannot apply.
#[derive(Default)]
pub struct AuthResolver {
    /// In the order first used; `finish` sorts them.
    used: Vec<Source>,
    /// How many requests send each of `used`.
    senders: Vec<usize>,
    warned: BTreeSet<(String, String)>,
}

impl AuthResolver {
    /// The credential of a request whose effective auth (own, else inherited) is `declared`,
    /// falling back to a literal `Authorization` header. `None`: sent without credentials.
    pub fn resolve(
        &mut self,
        declared: Option<Declared<'_>>,
        authorization_header: Option<&str>,
        diagnostics: &mut Diagnostics,
    ) -> Option<CredentialRef> {
        let from_auth = declared.and_then(|declared| {
            let credential = self.credential_of(declared, diagnostics)?;
            Some((credential, secret_variables(declared.auth)))
        });
        let source = from_auth.or_else(|| {
            let header = authorization_header?;
            Some((header_credential(header)?, variables_in(header)))
        })?;
        let index = match self.used.iter().position(|used| *used == source) {
            Some(index) => index,
            None => {
                self.used.push(source);
                self.senders.push(0);
                self.used.len() - 1
            }
        };
        self.senders[index] += 1;
        Some(CredentialRef(index))
    }

    fn credential_of(
        &mut self,
        declared: Declared<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Credential> {
        let auth = declared.auth;
        let mut warn_once = |resolver: &mut Self, message: String| {
            if resolver
                .warned
                .insert((declared.place.to_string(), auth.kind.clone()))
            {
                diagnostics.warn(WarningKind::UnsupportedAuth, declared.place, message);
            }
        };
        match auth.kind.as_str() {
            "noauth" => None,
            "basic" => Some(Credential::Basic),
            "bearer" => Some(Credential::Bearer),
            "oauth2" => {
                if param(auth, "addTokenTo").is_some_and(|to| to == "queryParams") {
                    warn_once(
                        self,
                        "oauth2 token in query parameters is sent as a bearer header instead"
                            .into(),
                    );
                }
                let grant = param(auth, "grant_type").unwrap_or_default();
                let token_url = param(auth, "accessTokenUrl").filter(|url| !url.is_empty());
                match token_url {
                    // The implicit grant has no token endpoint, nor refresh tokens.
                    Some(token_url) if grant != "implicit" => Some(Credential::OAuth2(
                        oauth2_grant(auth, token_url, grant == "client_credentials"),
                    )),
                    _ => {
                        warn_once(
                            self,
                            format!(
                                "oauth2 ({}, no token url): the client sends an access token you obtain and set with `with_bearer_token`",
                                if grant.is_empty() { "no grant type" } else { grant.as_str() }
                            ),
                        );
                        Some(Credential::Bearer)
                    }
                }
            }
            "oauth1" => {
                let method = match param(auth, "signatureMethod").as_deref() {
                    None | Some("HMAC-SHA1") => OAuth1Method::HmacSha1,
                    Some("HMAC-SHA256") => OAuth1Method::HmacSha256,
                    Some("PLAINTEXT") => OAuth1Method::Plaintext,
                    Some(other) => {
                        warn_once(self, format!("oauth1 signature method `{other}` is not supported; requests are sent unsigned (sign them with `Client::with_request_signer`)"));
                        return None;
                    }
                };
                if param(auth, "includeBodyHash").is_some_and(|on| on == "true") {
                    warn_once(self, "oauth1 `includeBodyHash` is not supported: requests are signed without `oauth_body_hash`".into());
                }
                Some(Credential::OAuth1(OAuth1Settings {
                    method,
                    // Postman's default when the setting is absent.
                    in_header: param(auth, "addParamsToHeader").is_none_or(|on| on == "true"),
                    realm: param(auth, "realm").filter(|realm| !realm.is_empty()),
                    version: param(auth, "version")
                        .is_none_or(|version| !version.trim().is_empty()),
                }))
            }
            "digest" => Some(Credential::Digest),
            "awsv4" => Some(Credential::AwsV4(AwsScopeSettings {
                // Postman's aws4 signer takes us-east-1 when the region is left empty.
                region: param(auth, "region")
                    .filter(|region| !region.trim().is_empty())
                    .unwrap_or_else(|| "us-east-1".to_string()),
                service: param(auth, "service").unwrap_or_default(),
                in_query: param(auth, "addAuthDataToQuery").is_some_and(|on| on == "true"),
            })),
            "jwt" => {
                let algorithm = param(auth, "algorithm").unwrap_or_else(|| "HS256".to_string());
                // ring, which signs, has no P-521: ES512 is the one JWA algorithm left out.
                const ALGORITHMS: [&str; 11] = [
                    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384",
                    "PS512", "ES256", "ES384",
                ];
                if !ALGORITHMS.contains(&algorithm.as_str()) {
                    warn_once(self, format!("jwt algorithm `{algorithm}` is not supported; requests are sent unsigned (sign them with `Client::with_request_signer`)"));
                    return None;
                }
                let object = |key: &str| {
                    let text = param(auth, key).filter(|text| !text.trim().is_empty());
                    let text = text.unwrap_or_else(|| "{}".to_string());
                    // Checked as written: `{{variables}}` stand inside its strings.
                    serde_json::from_str::<serde_json::Map<String, Value>>(&text)
                        .is_ok()
                        .then_some(text)
                };
                let (Some(header), Some(payload)) = (object("header"), object("payload")) else {
                    warn_once(self, "jwt header or payload is not a JSON object; requests are sent unsigned, as Postman sends them".into());
                    return None;
                };
                let in_query = param(auth, "addTokenTo").is_some_and(|to| to == "queryParam");
                Some(Credential::Jwt(JwtSettings {
                    algorithm,
                    secret_base64: param(auth, "isSecretBase64Encoded")
                        .is_some_and(|on| on == "true"),
                    header,
                    payload,
                    prefix: param(auth, "headerPrefix").unwrap_or_else(|| "Bearer".to_string()),
                    query_key: in_query.then(|| {
                        param(auth, "queryParamKey")
                            .filter(|key| !key.is_empty())
                            .unwrap_or_else(|| "token".to_string())
                    }),
                }))
            }
            "apikey" => {
                let name =
                    param(auth, "key").filter(|name| !name.is_empty() && !name.contains("{{"));
                let Some(name) = name else {
                    warn_once(self, "apikey auth without a literal key name is not supported; requests are sent without it".into());
                    return None;
                };
                let location = match param(auth, "in").as_deref() {
                    Some("query") => KeyLocation::Query,
                    _ => KeyLocation::Header,
                };
                Some(Credential::ApiKey {
                    name,
                    location,
                    prefix: String::new(),
                })
            }
            other => {
                warn_once(
                    self,
                    format!(
                        "auth `{other}` is not supported; requests are sent without it (sign them with `Client::with_request_signer`)"
                    ),
                );
                None
            }
        }
    }

    /// Names every credential used: variants of the emitted `Auth` enum, fields and setters,
    /// sorted; and where each reference handed out moved.
    ///
    /// A scheme with one source keeps its name (`with_bearer_token`). Where a scheme has
    /// several, the one most requests send keeps it (the first among equals, so a crate that
    /// gains a second source keeps its setter), and each other is named after its first
    /// variable (`Bearer {{seller_access_token}}` → `with_seller_access_token`).
    ///
    /// The values a credential is written with (an OAuth 2.0 token url, its scope) are read
    /// through `written`.
    pub fn finish(
        self,
        variables: &[ClientVariable],
        written: &WrittenValues,
    ) -> (Vec<CredentialSlot>, Vec<CredentialRef>) {
        let used: Vec<(Source, usize)> = self.used.into_iter().zip(self.senders).collect();
        let (sorted, moved) = super::remap::sort_with_moves(used, |a, b| a.0.cmp(&b.0));
        let moved: Vec<CredentialRef> = moved.into_iter().map(CredentialRef).collect();
        let api_keys = sorted
            .iter()
            .filter(|((credential, _), _)| matches!(credential, Credential::ApiKey { .. }))
            .count();
        let mut variants = Scope::with_reserved([reserved::NO_AUTH_VARIANT]);
        let mut setters = Scope::with_reserved(reserved::CLIENT_METHODS.iter().map(String::as_str));
        let mut fields = Scope::default();
        for variable in variables {
            setters.try_claim(&variable.setter);
        }
        // OAuth 1.0a read from the same variables but placed otherwise by some requests (a
        // folder that puts the parameters in the query): one credential, set by one setter,
        // with a companion slot per other placement.
        let companion_of: Vec<Option<usize>> = sorted
            .iter()
            .enumerate()
            .map(|(index, ((credential, source), senders))| {
                let Credential::OAuth1(settings) = credential else {
                    return None;
                };
                let same_secret = |other: &Credential| {
                    matches!(other, Credential::OAuth1(them)
                        if them.in_header != settings.in_header
                        && OAuth1Settings { in_header: settings.in_header, ..them.clone() } == *settings)
                };
                sorted
                    .iter()
                    .enumerate()
                    .filter(|(other, ((them, their_source), _))| {
                        *other != index && their_source == source && same_secret(them)
                    })
                    .find(|(other, (_, more))| {
                        *more > *senders || (*more == *senders && *other < index)
                    })
                    .map(|(other, _)| other)
            })
            .collect();
        let primary = |index: usize| companion_of[index].is_none();
        let mut slots: Vec<Option<CredentialSlot>> = sorted
            .iter()
            .enumerate()
            .map(|(index, ((credential, source), senders))| {
                if !primary(index) {
                    return None;
                }
                let mut rivals = sorted
                    .iter()
                    .enumerate()
                    .filter(|(other, ((same, _), _))| {
                        *other != index && primary(*other) && rivals(same, credential)
                    })
                    .peekable();
                let several = rivals.peek().is_some();
                let outranked = rivals.any(|(other, (_, more))| {
                    *more > *senders || (*more == *senders && other < index)
                });
                let named_after_source = outranked.then(|| source.first()).flatten();
                if let Credential::OAuth2(grant) = credential {
                    // `{{partner_client_id}}` → `with_partner_client_credentials`.
                    let owner = named_after_source.map(|variable| {
                        let field = snake_ident(variable, "oauth2");
                        let owner = field
                            .strip_suffix("_client_id")
                            .or_else(|| field.strip_suffix("_id"))
                            .filter(|owner| !owner.is_empty())
                            .unwrap_or(&field)
                            .to_string();
                        owner
                    });
                    let base = owner.as_deref().unwrap_or("oauth2");
                    let field = match &owner {
                        Some(owner) => format!("{owner}_oauth2"),
                        None => "oauth2".to_string(),
                    };
                    let setter = if grant.client_credentials {
                        format!("with_{base}_client_credentials")
                    } else {
                        format!("with_{base}_refresh_token")
                    };
                    return Some(CredentialSlot {
                        credential: written.credential(credential),
                        variant: variants.claim(&pascal_word(base, "OAuth2")),
                        setter: setters.claim(&setter),
                        field: fields.claim(&field),
                        source: if several { source.clone() } else { Vec::new() },
                        aws_scope_setter: None,
                        oauth2: Some(OAuth2Methods {
                            token_url: setters.claim(&format!("with_{base}_token_url")),
                            provider: setters.claim(&format!("with_{base}_token_provider")),
                            refresh_token: (!grant.client_credentials)
                                .then(|| setters.claim(&format!("{base}_refresh_token"))),
                        }),
                        companion_of: None,
                    });
                }
                let (variant, field, setter) = match named_after_source {
                    Some(variable) => {
                        let field = snake_ident(variable, "credential");
                        (
                            pascal_word(variable, "Credential"),
                            field.clone(),
                            format!("with_{field}"),
                        )
                    }
                    None => scheme_names(credential, api_keys),
                };
                let credential = written.credential(credential);
                let setter = setters.claim(&setter);
                let aws_scope_setter = matches!(credential, Credential::AwsV4(_)).then(|| {
                    let scope = match setter.strip_suffix("_credentials") {
                        Some(start) => format!("{start}_scope"),
                        None => format!("{setter}_scope"),
                    };
                    setters.claim(&scope)
                });
                Some(CredentialSlot {
                    credential,
                    variant: variants.claim(&variant),
                    setter,
                    field: fields.claim(&field),
                    source: if several { source.clone() } else { Vec::new() },
                    oauth2: None,
                    aws_scope_setter,
                    companion_of: None,
                })
            })
            .collect();
        // Companions take their primary's names, with their placement: `OAuth1InQuery`,
        // `oauth1_in_query`; the primary's setter sets them too.
        for (index, ((credential, _), _)) in sorted.iter().enumerate() {
            let Some(of) = companion_of[index] else {
                continue;
            };
            let Some(primary) = slots[of].clone() else {
                continue;
            };
            let placed = match credential {
                Credential::OAuth1(settings) if settings.in_header => ("InHeader", "in_header"),
                _ => ("InQuery", "in_query"),
            };
            slots[index] = Some(CredentialSlot {
                credential: credential.clone(),
                variant: variants.claim(&format!("{}{}", primary.variant, placed.0)),
                field: fields.claim(&format!("{}_{}", primary.field, placed.1)),
                companion_of: Some(CredentialRef(of)),
                ..primary
            });
        }
        (slots.into_iter().flatten().collect(), moved)
    }
}

/// Whether two credentials would take the same names: the same scheme (API keys: the same
/// key, as keys of other names are named after them).
fn rivals(one: &Credential, other: &Credential) -> bool {
    match (one, other) {
        (Credential::ApiKey { .. }, Credential::ApiKey { .. }) => one == other,
        _ => std::mem::discriminant(one) == std::mem::discriminant(other),
    }
}

/// The names of a credential alone of its kind: its variant, field and setter.
fn scheme_names(credential: &Credential, api_keys: usize) -> (String, String, String) {
    let names = |variant: &str, field: &str, setter: &str| {
        (variant.to_string(), field.to_string(), setter.to_string())
    };
    match credential {
        Credential::Basic => names("Basic", "basic", "with_basic_auth"),
        Credential::Bearer => names("Bearer", "bearer", "with_bearer_token"),
        Credential::Digest => names("Digest", "digest", "with_digest_auth"),
        Credential::OAuth1(_) => names("OAuth1", "oauth1", "with_oauth1"),
        Credential::Jwt(settings) if settings.uses_secret() => {
            names("Jwt", "jwt", "with_jwt_secret")
        }
        Credential::Jwt(_) => names("Jwt", "jwt", "with_jwt_private_key"),
        Credential::AwsV4(_) => names("Aws", "aws", "with_aws_credentials"),
        // Named by `finish`, from the grant.
        Credential::OAuth2(_) => names("OAuth2", "oauth2", "with_oauth2"),
        Credential::ApiKey { .. } if api_keys == 1 => names("ApiKey", "api_key", "with_api_key"),
        Credential::ApiKey { name, .. } => {
            let field = snake_ident(name, "api_key");
            (
                format!("ApiKey{}", pascal_word(name, "key")),
                field.clone(),
                format!("with_{field}"),
            )
        }
    }
}

/// The token requests of an `oauth2` auth with a token url, as the collection writes them: its
/// token url, scope and extra parameters are resolved by [`AuthResolver::finish`].
fn oauth2_grant(auth: &Auth, token_url: String, client_credentials: bool) -> OAuth2Grant {
    let mut extra: Vec<(String, String)> = ["audience", "resource"]
        .into_iter()
        .filter_map(|key| Some((key.to_string(), param(auth, key).filter(|v| !v.is_empty())?)))
        .collect();
    // Postman's newer `tokenRequestParams`: `[{key, value, enabled, send_as}]`.
    if let Some(Value::Array(entries)) = param_value(auth, "tokenRequestParams") {
        for entry in entries {
            let text = |key: &str| entry.get(key).and_then(Value::as_str);
            let enabled = entry.get("enabled").and_then(Value::as_bool) != Some(false);
            let in_body = text("send_as").is_none_or(|to| to == "request_body");
            if let (true, true, Some(key), Some(value)) =
                (enabled, in_body, text("key"), text("value"))
            {
                extra.push((key.to_string(), value.to_string()));
            }
        }
    }
    OAuth2Grant {
        client_credentials,
        token_url: TokenUrl::Absolute(token_url),
        scope: param(auth, "scope").filter(|scope| !scope.is_empty()),
        credentials_in_body: param(auth, "client_authentication").is_some_and(|to| to == "body"),
        extra,
        prefix: param(auth, "headerPrefix")
            .filter(|prefix| !prefix.trim().is_empty())
            .unwrap_or_else(|| "Bearer".to_string()),
    }
}

/// What [`AuthResolver::finish`] needs to read the values a credential is written with.
pub struct WrittenValues<'a> {
    /// The origin most requests are written with (`{{baseUrl}}`), as written.
    pub main_origin: Option<&'a str>,
    /// Substitutes the collection's variables; those without a value stay `{{as written}}`.
    pub resolve: &'a dyn Fn(&str) -> String,
}

impl WrittenValues<'_> {
    /// `credential` as sent: the values written with variables read through them (a JWT's
    /// header and claims, an AWS region, an OAuth 2.0 grant's token url and scope).
    fn credential(&self, credential: &Credential) -> Credential {
        let resolve = self.resolve;
        match credential {
            Credential::OAuth2(grant) => Credential::OAuth2(self.grant(grant)),
            // As Postman substitutes them: those without a value stay as written.
            Credential::Jwt(settings) => Credential::Jwt(JwtSettings {
                header: resolve(&settings.header),
                payload: resolve(&settings.payload),
                ..settings.clone()
            }),
            Credential::AwsV4(scope) => Credential::AwsV4(AwsScopeSettings {
                region: resolve(&scope.region),
                service: resolve(&scope.service),
                ..scope.clone()
            }),
            other => other.clone(),
        }
    }

    /// An OAuth 2.0 grant as sent: its token url under the base url when written with the
    /// requests' origin, else resolved; its other values resolved, those without a value
    /// left out.
    fn grant(&self, grant: &OAuth2Grant) -> OAuth2Grant {
        let resolved =
            |text: &str| Some((self.resolve)(text)).filter(|value| !value.contains("{{"));
        let token_url = match &grant.token_url {
            TokenUrl::Absolute(written) => {
                let (origin, rest) = super::url::split_origin(written);
                match (self.main_origin, rest) {
                    (Some(main), rest) if main == origin => {
                        TokenUrl::UnderBaseUrl(format!("/{}", rest.unwrap_or_default()))
                    }
                    _ => resolved(written)
                        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
                        .map_or(TokenUrl::Unset, TokenUrl::Absolute),
                }
            }
            other => other.clone(),
        };
        OAuth2Grant {
            token_url,
            scope: grant.scope.as_deref().and_then(resolved),
            extra: grant
                .extra
                .iter()
                .filter_map(|(key, value)| Some((key.clone(), resolved(value)?)))
                .collect(),
            ..grant.clone()
        }
    }
}

/// The collection variables the secret of `auth` is read from, sorted: what tells two
/// credentials of one scheme apart.
fn secret_variables(auth: &Auth) -> Vec<String> {
    let keys: &[&str] = match auth.kind.as_str() {
        "basic" => &["username", "password"],
        "bearer" => &["token"],
        "oauth2" => &["accessToken", "clientId", "clientSecret"],
        "oauth1" => &["consumerKey", "consumerSecret", "token", "tokenSecret"],
        "digest" => &["username", "password"],
        "jwt" => &["secret", "privateKey"],
        "awsv4" => &["accessKey", "secretKey", "sessionToken"],
        "apikey" => &["value"],
        _ => &[],
    };
    let mut found: Vec<String> = keys
        .iter()
        .filter_map(|key| param(auth, key))
        .flat_map(|value| variables_in(&value))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The names of the `{{variables}}` in `text` (as Postman reads them, `url::template_parts`),
/// sorted, each once.
fn variables_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = super::url::template_parts(text)
        .into_iter()
        .filter_map(|part| match part {
            super::url::TemplatePart::Variable(name) => Some(name.to_string()),
            super::url::TemplatePart::Text(_) => None,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// `Bearer {{token}}` → bearer; `Basic …` → basic; `SSWS {{key}}` → an API key in the
/// `Authorization` header with its prefix.
fn header_credential(value: &str) -> Option<Credential> {
    let value = value.trim();
    let (scheme, _) = value.split_once(' ').unwrap_or((value, ""));
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(Credential::Bearer);
    }
    if scheme.eq_ignore_ascii_case("basic") {
        return Some(Credential::Basic);
    }
    // `SSWS {{key}}`: the text before the variable; a literal `Token abc123`: its scheme word.
    let prefix = match value.split_once("{{") {
        Some((prefix, _)) => prefix.to_string(),
        None => value
            .split_once(' ')
            .map(|(scheme, _)| format!("{scheme} "))
            .unwrap_or_default(),
    };
    Some(Credential::ApiKey {
        name: "Authorization".into(),
        location: KeyLocation::Header,
        prefix,
    })
}

/// One auth parameter's value from a v2.1 list (`[{key, value}]`) or a v2.0 map
/// (`{key: value}`).
fn param_value<'a>(auth: &'a Auth, key: &str) -> Option<&'a Value> {
    match auth.params.get(&auth.kind)? {
        Value::Array(entries) => entries
            .iter()
            .find(|entry| entry.get("key").and_then(Value::as_str) == Some(key))?
            .get("value"),
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// One auth parameter as text.
fn param(auth: &Auth, key: &str) -> Option<String> {
    match param_value(auth, key)? {
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(json: &str) -> Auth {
        serde_json::from_str(json).unwrap()
    }

    /// Values read as written: no base url, no variables.
    fn unwritten() -> WrittenValues<'static> {
        WrittenValues {
            main_origin: None,
            resolve: &|text: &str| text.to_string(),
        }
    }

    #[test]
    fn apikey_reads_both_parameter_shapes() {
        let mut resolver = AuthResolver::default();
        let mut diagnostics = Diagnostics::default();
        let v21 = auth(
            r#"{"type":"apikey","apikey":[{"key":"key","value":"X-Api-Key"},{"key":"in","value":"header"}]}"#,
        );
        let v20 = auth(r#"{"type":"apikey","apikey":{"key":"api_key","in":"query"}}"#);
        // Used in the other order than sorted: the references move with their slots.
        let query = resolver.resolve(
            Some(Declared {
                auth: &v20,
                place: "",
            }),
            None,
            &mut diagnostics,
        );
        let header = resolver.resolve(
            Some(Declared {
                auth: &v21,
                place: "",
            }),
            None,
            &mut diagnostics,
        );
        let (slots, moved) = resolver.finish(&[], &unwritten());
        assert_eq!(
            slots.iter().map(|s| s.setter.as_str()).collect::<Vec<_>>(),
            ["with_x_api_key", "with_api_key"]
        );
        let slot = |credential: Option<CredentialRef>| &slots[moved[credential.unwrap().0].0];
        assert_eq!(
            slot(header).credential,
            Credential::ApiKey {
                name: "X-Api-Key".into(),
                location: KeyLocation::Header,
                prefix: String::new()
            }
        );
        assert!(matches!(
            slot(query).credential,
            Credential::ApiKey {
                location: KeyLocation::Query,
                ..
            }
        ));
    }

    #[test]
    fn noauth_stops_and_unsupported_warns_once_per_place() {
        let mut resolver = AuthResolver::default();
        let mut diagnostics = Diagnostics::default();
        let noauth = auth(r#"{"type":"noauth"}"#);
        assert_eq!(
            resolver.resolve(
                Some(Declared {
                    auth: &noauth,
                    place: ""
                }),
                None,
                &mut diagnostics
            ),
            None
        );
        let hawk = auth(r#"{"type":"hawk","hawk":[]}"#);
        for _ in 0..3 {
            assert_eq!(
                resolver.resolve(
                    Some(Declared {
                        auth: &hawk,
                        place: "Folder"
                    }),
                    None,
                    &mut diagnostics
                ),
                None
            );
        }
        assert_eq!(diagnostics.warnings.len(), 1);
    }

    #[test]
    fn authorization_headers_are_auth() {
        assert_eq!(
            header_credential("Bearer {{accessToken}}"),
            Some(Credential::Bearer)
        );
        assert_eq!(
            header_credential("SSWS {{apikey}}"),
            Some(Credential::ApiKey {
                name: "Authorization".into(),
                location: KeyLocation::Header,
                prefix: "SSWS ".into()
            })
        );
    }

    #[test]
    fn each_source_of_a_scheme_is_a_credential_and_the_most_used_keeps_its_name() {
        let mut resolver = AuthResolver::default();
        let mut diagnostics = Diagnostics::default();
        let bearer = |token: &str| {
            auth(&format!(
                r#"{{"type":"bearer","bearer":[{{"key":"token","value":"{token}"}}]}}"#
            ))
        };
        let (token, application) = (bearer("{{token}}"), bearer("{{application_token}}"));
        let mut send = |auth: &Auth| {
            resolver.resolve(Some(Declared { auth, place: "" }), None, &mut diagnostics)
        };
        // The application token first: the order of first use decides nothing.
        let application_ref = send(&application);
        let token_ref = send(&token);
        send(&token);
        // An `Authorization` header reading `{{token}}` is the same credential.
        let header_ref = resolver.resolve(None, Some("Bearer {{token}}"), &mut diagnostics);
        let (slots, moved) = resolver.finish(&[], &unwritten());

        let slot = |credential: Option<CredentialRef>| &slots[moved[credential.unwrap().0].0];
        assert_eq!(slots.len(), 2);
        assert_eq!(slot(token_ref).setter, "with_bearer_token");
        assert_eq!(slot(token_ref).source, ["token"]);
        assert_eq!(slot(header_ref).setter, "with_bearer_token");
        assert_eq!(slot(application_ref).setter, "with_application_token");
        assert_eq!(slot(application_ref).field, "application_token");
        assert_eq!(slot(application_ref).variant, "ApplicationToken");
        assert_eq!(slot(application_ref).source, ["application_token"]);
    }

    #[test]
    fn a_scheme_with_one_source_keeps_its_names_and_no_source() {
        let mut resolver = AuthResolver::default();
        let mut diagnostics = Diagnostics::default();
        let basic = auth(
            r#"{"type":"basic","basic":[{"key":"username","value":"{{user}}"},{"key":"password","value":"{{password}}"}]}"#,
        );
        resolver.resolve(
            Some(Declared {
                auth: &basic,
                place: "",
            }),
            None,
            &mut diagnostics,
        );
        let (slots, _) = resolver.finish(&[], &unwritten());
        assert_eq!(slots.len(), 1);
        assert_eq!(
            (
                slots[0].variant.as_str(),
                slots[0].field.as_str(),
                slots[0].setter.as_str()
            ),
            ("Basic", "basic", "with_basic_auth")
        );
        assert!(slots[0].source.is_empty());
        // Postman's pattern: `{{a{b}}` names no variable, nor an unclosed `{{`.
        assert_eq!(
            variables_in("{{b}} and {{a}} and {{b}} {{a{b}} {{unclosed"),
            ["a", "b"]
        );
    }

    #[test]
    fn an_oauth2_token_url_follows_the_base_url_when_written_with_its_origin() {
        let oauth2 = |grant: &str, url: &str| {
            auth(&format!(
                r#"{{"type":"oauth2","oauth2":[{{"key":"grant_type","value":"{grant}"}},{{"key":"accessTokenUrl","value":"{url}"}},{{"key":"scope","value":"{{{{scope}}}}"}}]}}"#
            ))
        };
        let resolve = |text: &str| {
            text.replace("{{login}}", "https://login.example.net")
                .replace("{{scope}}", "read")
        };
        let written = WrittenValues {
            main_origin: Some("{{baseUrl}}"),
            resolve: &resolve,
        };
        let grant_of = |declared: &Auth| {
            let mut resolver = AuthResolver::default();
            let mut diagnostics = Diagnostics::default();
            resolver.resolve(
                Some(Declared {
                    auth: declared,
                    place: "",
                }),
                None,
                &mut diagnostics,
            );
            let (slots, _) = resolver.finish(&[], &written);
            slots.into_iter().next().unwrap()
        };

        let under = grant_of(&oauth2("client_credentials", "{{baseUrl}}/oauth/token"));
        let Credential::OAuth2(grant) = &under.credential else {
            panic!("{:?}", under.credential);
        };
        assert_eq!(
            grant.token_url,
            TokenUrl::UnderBaseUrl("/oauth/token".into())
        );
        assert_eq!(grant.scope.as_deref(), Some("read"));
        assert_eq!(under.setter, "with_oauth2_client_credentials");

        let other = grant_of(&oauth2("authorization_code", "{{login}}/token"));
        let Credential::OAuth2(grant) = &other.credential else {
            panic!("{:?}", other.credential);
        };
        assert_eq!(
            grant.token_url,
            TokenUrl::Absolute("https://login.example.net/token".into())
        );
        assert_eq!(other.setter, "with_oauth2_refresh_token");
        assert_eq!(
            other
                .oauth2
                .as_ref()
                .and_then(|methods| methods.refresh_token.as_deref()),
            Some("oauth2_refresh_token")
        );

        let unset = grant_of(&oauth2("client_credentials", "{{nowhere}}/token"));
        let Credential::OAuth2(grant) = &unset.credential else {
            panic!("{:?}", unset.credential);
        };
        assert_eq!(grant.token_url, TokenUrl::Unset);
        // The implicit grant has no token endpoint: a bearer token the user sets.
        let implicit = grant_of(&oauth2("implicit", "{{baseUrl}}/token"));
        assert_eq!(implicit.credential, Credential::Bearer);
    }

    #[test]
    fn oauth1_secrets_placed_otherwise_by_some_requests_are_one_setter() {
        let oauth1 = |in_header: bool| {
            auth(&format!(
                r#"{{"type":"oauth1","oauth1":[{{"key":"consumerKey","value":"{{{{key}}}}"}},{{"key":"consumerSecret","value":"{{{{secret}}}}"}},{{"key":"addParamsToHeader","value":{in_header}}}]}}"#
            ))
        };
        let (header, query) = (oauth1(true), oauth1(false));
        let mut resolver = AuthResolver::default();
        let mut diagnostics = Diagnostics::default();
        let mut send = |auth: &Auth| {
            resolver.resolve(Some(Declared { auth, place: "" }), None, &mut diagnostics)
        };
        let in_query = send(&query);
        let in_header = send(&header);
        send(&header);
        let (slots, moved) = resolver.finish(&[], &unwritten());
        let slot = |credential: Option<CredentialRef>| &slots[moved[credential.unwrap().0].0];

        assert_eq!(slot(in_header).setter, "with_oauth1");
        assert_eq!(slot(in_header).companion_of, None);
        assert_eq!(slot(in_query).field, "oauth1_in_query");
        assert_eq!(slot(in_query).variant, "OAuth1InQuery");
        assert_eq!(
            slot(in_query).companion_of,
            Some(moved[in_header.unwrap().0])
        );
    }
}
