//! HTTP Digest (RFC 7616): the challenge read from `WWW-Authenticate` and the
//! `Authorization` answer, checked against the RFC's own example (§3.9.1) and against values
//! computed apart from this code (Python's hashlib) for the cases the RFC does not show.

use crate::auth::{digest_authorization, DigestAlgorithm, DigestChallenge};

const NONCE: &str = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const OPAQUE: &str = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
const CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

/// The RFC's challenge, as its §3.9.1 writes it (folded over lines), with `algorithm`.
fn rfc_challenge(algorithm: &str) -> String {
    format!(
        "Digest\r\n    realm=\"http-auth@example.org\",\r\n    qop=\"auth, auth-int\",\r\n    \
         algorithm={algorithm},\r\n    nonce=\"{NONCE}\",\r\n    opaque=\"{OPAQUE}\""
    )
}

fn answer(challenge: &DigestChallenge, nonce_count: u32) -> String {
    digest_authorization(
        challenge,
        "Mufasa",
        "Circle of Life",
        "GET",
        "/dir/index.html",
        nonce_count,
        CNONCE,
    )
}

fn expected(algorithm: &str, response: &str) -> String {
    format!(
        "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", \
         algorithm={algorithm}, nonce=\"{NONCE}\", nc=00000001, cnonce=\"{CNONCE}\", qop=auth, \
         response=\"{response}\", opaque=\"{OPAQUE}\""
    )
}

#[test]
fn the_rfc_7616_example_is_answered_as_the_rfc_answers_it() {
    let sha256 = DigestChallenge::parse(&rfc_challenge("SHA-256")).unwrap();
    assert_eq!(sha256.realm, "http-auth@example.org");
    assert_eq!(sha256.algorithm, DigestAlgorithm::Sha256);
    assert!(sha256.qop_auth && !sha256.stale);
    assert_eq!(
        answer(&sha256, 1),
        expected(
            "SHA-256",
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        )
    );

    let md5 = DigestChallenge::parse(&rfc_challenge("MD5")).unwrap();
    assert_eq!(
        answer(&md5, 1),
        expected("MD5", "8ca523f5e9506fed4657c9700eebdbec")
    );
}

#[test]
fn the_nonce_count_session_hashes_and_rfc_2069_servers_are_answered() {
    let md5 = DigestChallenge::parse(&rfc_challenge("MD5")).unwrap();
    let second = answer(&md5, 2);
    assert!(second.contains("nc=00000002"), "{second}");
    assert!(
        second.contains("response=\"4b5d595ecf2db9df612ea5b45cd97101\""),
        "{second}"
    );

    let session = DigestChallenge::parse(&rfc_challenge("MD5-sess")).unwrap();
    assert_eq!(session.algorithm, DigestAlgorithm::Md5Sess);
    assert!(
        answer(&session, 1).contains("response=\"e783283f46242139c486a698fec7211d\""),
        "{}",
        answer(&session, 1)
    );

    // No `qop`: the RFC 2069 response, without nc, cnonce or qop.
    let legacy = DigestChallenge::parse(&format!(
        "Digest realm=\"http-auth@example.org\", nonce=\"{NONCE}\""
    ))
    .unwrap();
    let answered = answer(&legacy, 1);
    assert!(
        answered.contains("response=\"7b2cc3b30e75b4777ea31027084363fd\""),
        "{answered}"
    );
    assert!(
        !answered.contains("nc=") && !answered.contains("qop"),
        "{answered}"
    );
    assert!(answered.contains("algorithm=MD5"), "{answered}");
}

#[test]
fn the_digest_challenge_is_found_among_others_and_its_quotes_undone() {
    let header = format!(
        "Basic realm=\"basic, with a comma\", charset=UTF-8, Digest realm=\"a \\\"quoted\\\" realm\", \
         nonce=\"{NONCE}\", algorithm=sha-256, stale=TRUE, Bearer realm=\"x\""
    );
    let challenge = DigestChallenge::parse(&header).unwrap();
    assert_eq!(challenge.realm, "a \"quoted\" realm");
    assert_eq!(challenge.nonce, NONCE);
    assert_eq!(challenge.algorithm, DigestAlgorithm::Sha256);
    assert!(challenge.stale);
    assert!(!challenge.qop_auth);
    assert_eq!(challenge.opaque, None);

    // A quote in a value is escaped in the answer.
    let answered = digest_authorization(&challenge, "a\"b", "p", "GET", "/", 1, "c");
    assert!(
        answered.starts_with("Digest username=\"a\\\"b\", realm=\"a \\\"quoted\\\" realm\""),
        "{answered}"
    );
}

#[test]
fn challenges_this_client_cannot_answer_are_none() {
    for header in [
        "Basic realm=\"x\"".to_string(),
        "Digest realm=\"x\"".to_string(),
        format!("Digest realm=\"x\", nonce=\"{NONCE}\", qop=\"auth-int\""),
        format!("Digest realm=\"x\", nonce=\"{NONCE}\", algorithm=SHA-512-256"),
        format!("Digest realm=\"x\", nonce=\"{NONCE}"),
    ] {
        assert_eq!(DigestChallenge::parse(&header), None, "{header}");
    }
}

#[test]
fn client_nonces_are_fresh_128_bit_hex() {
    let (first, second) = (crate::auth::new_cnonce(), crate::auth::new_cnonce());
    assert_ne!(first, second);
    assert_eq!(first.len(), 32);
    assert!(
        first.bytes().all(|byte| byte.is_ascii_hexdigit()),
        "{first}"
    );
}
