//! OAuth 1.0a (RFC 5849): the signature base string and the signatures, checked against the
//! RFC's own examples (§3.4.1.1, §1.2), Twitter's published example, and a value computed
//! apart from this code (Python's hmac) for HMAC-SHA256.

use crate::auth::{
    oauth1_header, oauth1_nonce_and_timestamp, oauth1_parameters, signature_base_string,
    OAuth1Credentials, OAuth1Method,
};

fn url(text: &str) -> reqwest::Url {
    reqwest::Url::parse(text).unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn signature(parameters: &[(String, String)]) -> &str {
    let (name, value) = parameters.last().unwrap();
    assert_eq!(name, "oauth_signature");
    value
}

#[test]
fn the_rfc_5849_base_string_example_is_built_byte_for_byte() {
    // §3.4.1.1: the query (with an encoded `=%3D`), a form body with a repeated key and an
    // empty value, and the protocol parameters.
    let base = signature_base_string(
        "post",
        &url("http://EXAMPLE.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"),
        &pairs(&[("c2", ""), ("a3", "2 q")]),
        &pairs(&[
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
        ]),
    );
    assert_eq!(
        base,
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
    );
}

fn photos(method: OAuth1Method) -> OAuth1Credentials {
    // RFC 5849 §1.2.
    OAuth1Credentials {
        consumer_key: "dpf43f3p2l4k3l03".into(),
        consumer_secret: "kd94hf93k423kf44".into(),
        token: Some(("nnch734d00sl2jdk".into(), "pfkkdhi9sl3r4s00".into())),
        method,
        realm: Some("Photos".into()),
        version: false,
    }
}

#[test]
fn the_rfc_5849_request_is_signed_as_the_rfc_signs_it() {
    let photos_url = url("http://photos.example.net/photos?file=vacation.jpg&size=original");
    let parameters = oauth1_parameters(
        &photos(OAuth1Method::HmacSha1),
        "GET",
        &photos_url,
        &[],
        "chapoH",
        137131202,
    );
    assert_eq!(signature(&parameters), "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    assert_eq!(
        oauth1_header(&photos(OAuth1Method::HmacSha1), &parameters),
        "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", \
         oauth_nonce=\"chapoH\", oauth_signature_method=\"HMAC-SHA1\", \
         oauth_timestamp=\"137131202\", oauth_token=\"nnch734d00sl2jdk\", \
         oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\""
    );

    let sha256 = oauth1_parameters(
        &photos(OAuth1Method::HmacSha256),
        "GET",
        &photos_url,
        &[],
        "chapoH",
        137131202,
    );
    assert_eq!(
        signature(&sha256),
        "HtMwoX2zenlFjgGg/SNEoKEQmL7CzxYFEKzs7er044Y="
    );

    let plaintext = oauth1_parameters(
        &photos(OAuth1Method::Plaintext),
        "GET",
        &photos_url,
        &[],
        "chapoH",
        137131202,
    );
    assert_eq!(signature(&plaintext), "kd94hf93k423kf44&pfkkdhi9sl3r4s00");
}

#[test]
fn twitters_published_example_is_signed_as_twitter_signs_it() {
    // developer.twitter.com, "Creating a signature": a form body and `oauth_version`.
    let credentials = OAuth1Credentials {
        consumer_key: "xvz1evFS4wEEPTGEFPHBog".into(),
        consumer_secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw".into(),
        token: Some((
            "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb".into(),
            "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE".into(),
        )),
        method: OAuth1Method::HmacSha1,
        realm: None,
        version: true,
    };
    let parameters = oauth1_parameters(
        &credentials,
        "POST",
        &url("https://api.twitter.com/1.1/statuses/update.json?include_entities=true"),
        &pairs(&[(
            "status",
            "Hello Ladies + Gentlemen, a signed OAuth request!",
        )]),
        "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        1318622958,
    );
    assert_eq!(signature(&parameters), "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    assert!(parameters.contains(&("oauth_version".into(), "1.0".into())));
}

#[test]
fn every_try_gets_a_fresh_nonce_and_the_secrets_never_reach_debug() {
    let (first, now) = oauth1_nonce_and_timestamp();
    let (second, _) = oauth1_nonce_and_timestamp();
    assert_ne!(first, second);
    assert!(now > 1_700_000_000, "{now}");

    let shown = format!("{:?}", photos(OAuth1Method::HmacSha1));
    assert!(shown.contains("dpf43f3p2l4k3l03"), "{shown}");
    assert!(
        !shown.contains("kd94hf93k423kf44") && !shown.contains("pfkkdhi9sl3r4s00"),
        "{shown}"
    );
}
