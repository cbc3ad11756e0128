//! Postman's `jwt` auth: tokens checked against RFC 7515's own examples (Appendix A.1
//! HS256, A.2 RS256, A.3's key for ES256), randomized signatures (PS, ES) checked with
//! `ring`'s verification and public keys taken from the RFC's JWKs or from openssl, and the
//! token put on real `reqwest` requests.
//!
//! The RFC values are those of RFC 7515 Appendix A, as vendored by latchset/jose
//! (`tests/vectors/rfc7515_A.{1,2,3}.{jwk,jwsc}`) and as transcribed apart in another
//! project's test data; openssl 3.0 signing the A.2 signing input with the PEM below gives
//! the RFC's A.2 signature, so key and vector agree independently of this code.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::auth::{
    jws_signature, jwt_apply, jwt_token, JwtAlgorithm, JwtKey, JwtPlacement, JwtSettings,
};

/// RFC 7515 A.1: the JWS compact serialization of an HS256 token.
const A1_JWS: &str = concat!(
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQo",
    "gImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOE",
    "jXk",
);
/// RFC 7515 A.1: the HMAC key, the JWK's `k` (base64url).
const A1_KEY: &str =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
/// RFC 7515 A.2: the JWS compact serialization of an RS256 token.
const A2_JWS: &str = concat!(
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGx",
    "lLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5R",
    "Zmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrn",
    "byTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHW",
    "EsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0ig",
    "cN_IoypGlUPQGe77Rw",
);
/// RFC 7515 A.2: the RSA key's public modulus `n` (base64url); `e` is `AQAB`.
const A2_N: &str = concat!(
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt",
    "0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSX",
    "ndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5",
    "IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
);
/// RFC 7515 A.3: an ES256 token (randomized: verified, not reproduced).
const A3_JWS: &str = concat!(
    "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGx",
    "lLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8I",
    "SlSApmWQxfKTUJqPP3-Kg6NU1Q",
);
/// RFC 7515 A.3: the P-256 public key's `x` and `y` (base64url).
const A3_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const A3_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

/// RFC 7515 A.2's RSA key (2048 bits) as PKCS#8. Made once from the RFC's JWK (`n`, `e`,
/// `d`, `p`, `q`, `dp`, `dq`, `qi`) with Python's `cryptography` 48
/// (`RSAPrivateNumbers(...).private_key().private_bytes(PEM, PKCS8, NoEncryption())`),
/// checked with `openssl rsa -check`, and by `openssl dgst -sha256 -sign` reproducing A.2.
const A2_PKCS8_PEM: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCh+BYK4uPJtGXO\n\
jS1lYmM2K5J9vinh8CR3/BYlzJChNuOL2TSXxbbqY913EeZ8dCn5VrD7io8ImtxL\n\
aYk8wTM/U+3QGbh3hCUv7JFP5IV3aVlL6kKA0ywPVb9ilE8TA5a8bpvfbr3SvaNn\n\
juygxmj3AbONv/s4yDQs4v5tJ/reSlpIdJed1LnPmt7Ex1sFhSwsD174pcF1A5L5\n\
ROjtZMEQxrZHYJqkeDrrnGya11UxMFBji4NmXG9veoKjlnAqH2QbgtPr8jkiGUkf\n\
toaHLFcW9Qr4NY2ai50Xw0Byj3+H2JoY2PyrZ62EWQwuz3WTOTY8BwNNb2BvniHg\n\
VFbK5emhAgMBAAECggEAEq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyW\n\
PEAeP88vLNO97IjlA7/GQ5sLKMgvfTeXZx9SE+7YwVol2NXOoAJe46sui395IW/G\n\
O+pWJ1O0BkTGoVEn2bKVRUCgu+GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzj\n\
kn439X0M/V51gfpRLI9JYanrC4D4qAdGcopV/0ZHHzQlBjudU2QvXt4ehNYTCBr6\n\
XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl/x/jTj3ccPDVZFD9pIuhLhBOneufuBiB\n\
4cS98l2SR/RQyGWSeWjnczT0QU91p1DhOVRuOopznQKBgQDgHMQQ60imZV1URk0K\n\
pLttoLhyt3SmqdEf/kgHePDdtzEafpAu+cS191R2JiuoF2yzWXnwFDcqGigp5BNr\n\
0AHQfD8/Lk8l1Mk09jxxCfui5nYooNyac8YFjm3vItzVCVDnEd3BbVWG8qf6deqE\n\
lMGAg+C2V0L4oNXnP7LZcPAZRwKBgQC5A8R+CZW2MvRTLLHzwZkUXV866cff7tx6\n\
kqa0finGG0KgeqlaZPxgCZnFp7AeAcCMtiynVlJ7vMVgePsLq6XtON4tB5kP9jAP\n\
rq3rbAOal78eUH5OcED6eNuCV8ixEu1eWcPNCS/l1OW1EnXUEoEHKl54Xrrz2uNw\n\
kgMTP1FZ1wKBgAcCn1dwJKufzBWQxWQp1vsM5fggqPN1qGb5y0MAk3g7/Ls5bkUp\n\
5u9SN0Ai3Ya6hNnvWJMb7sXQX6U/zyO2M/hTip7tUeh7CXgwo59dkpN75gJLVds2\n\
9+DAncu3KXU4f2Fa+7bLNrur53k8KwPOq2bbuTG69QtV7Jr5MR0AHWKNAoGBAIf/\n\
evpitUf+4JYbLpvNXWcY052Mpz22aR84mY3nh3F2LF2mjMJDpTg7FmuyPcVw6EcG\n\
yoAe9fa65iNqCq+jdw6PVNGo2hxfjSiZ8IIzHdsPXI89//pMjZcQK9r+CCoRjaZj\n\
OYiIDktVWZzmevJuv6WywUqd57LE3Zar3dLSIkx1AoGAIYd7DHOhrWvxkwPQsRM2\n\
tOgrjbcrfvtQJipd+DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd/QJQ3\n\
ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp/gh6A56\n\
03k2+ZQwVK0JKSHuLFkuQ3U=\n\
-----END PRIVATE KEY-----\n\
";

/// The same key as PKCS#1 (`TraditionalOpenSSL` in the same call).
const A2_PKCS1_PEM: &str = "\
-----BEGIN RSA PRIVATE KEY-----\n\
MIIEowIBAAKCAQEAofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd/wWJcyQoTbji9k0\n\
l8W26mPddxHmfHQp+Vaw+4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL+yRT+SFd2lZS+pC\n\
gNMsD1W/YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb/7OMg0LOL+bSf63kpaSHSX\n\
ndS5z5rexMdbBYUsLA9e+KXBdQOS+UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uD\n\
Zlxvb3qCo5ZwKh9kG4LT6/I5IhlJH7aGhyxXFvUK+DWNmoudF8NAco9/h9iaGNj8\n\
q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQIDAQABAoIBABKucaRpzQorw35S\n\
bEUAVx8dYXUdZOlJcHtiWQ+dC6V8ljxAHj/PLyzTveyI5QO/xkObCyjIL303l2cf\n\
UhPu2MFaJdjVzqACXuOrLot/eSFvxjvqVidTtAZExqFRJ9mylUVAoLvhowVWmC1O\n\
n95fZCXxTUtxNEG1Xcc7m0rtzJKs45J+N/V9DP1edYH6USyPSWGp6wuA+KgHRnKK\n\
Vf9GRx80JQY7nVNkL17eHoTWEwga+lwi0FEoW9Y7lDtWXYmKBWhUE+U8PGxlJf8f\n\
40493HDw1WRQ/aSLoS4QTp3rn7gYgeHEvfJdkkf0UMhlknlo53M09EFPdadQ4TlU\n\
bjqKc50CgYEA4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH/5IB3jw3bcxGn6QLvnE\n\
tfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw/Py5PJdTJNPY8cQn7ouZ2KKDcmnPG\n\
BY5t7yLc1QlQ5xHdwW1VhvKn+nXqhJTBgIPgtldC+KDV5z+y2XDwGUcCgYEAuQPE\n\
fgmVtjL0Uyyx88GZFF1fOunH3+7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYs\n\
p1ZSe7zFYHj7C6ul7TjeLQeZD/YwD66t62wDmpe/HlB+TnBA+njbglfIsRLtXlnD\n\
zQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdcCgYAHAp9XcCSrn8wVkMVkKdb7\n\
DOX4IKjzdahm+ctDAJN4O/y7OW5FKebvUjdAIt2GuoTZ71iTG+7F0F+lP88jtjP4\n\
U4qe7VHoewl4MKOfXZKTe+YCS1XbNvfgwJ3Ltyl1OH9hWvu2yza7q+d5PCsDzqtm\n\
27kxuvULVeya+TEdAB1ijQKBgQCH/3r6YrVH/uCWGy6bzV1nGNOdjKc9tmkfOJmN\n\
54dxdixdpozCQ6U4OxZrsj3FcOhHBsqAHvX2uuYjagqvo3cOj1TRqNocX40omfCC\n\
Mx3bD1yPPf/6TI2XECva/ggqEY2mYzmIiA5LVVmc5nrybr+lssFKneeyxN2Wq93S\n\
0iJMdQKBgCGHewxzoa1r8ZMD0LETNrToK423K377UCYqXfg5XMclbrjPbEC3YI1Z\n\
NqMtuhdBJqUnBi6tjKMF+34Xf0CUN8ncuXGO2CAYvO8PdyCixHX52ybaDjy1FtCE\n\
6yUXjoKNXKvUm7MWGsAYH6f4IegOetN5NvmUMFStCSkh7ixZLkN1\n\
-----END RSA PRIVATE KEY-----\n\
";

/// RFC 7515 A.3's P-256 key (from its JWK's `d`, `x`, `y`) as PKCS#8, made the same way.
const A3_PKCS8_PEM: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjpsQnnGQmL+YBIff\n\
H1136cspYG6+0iY7X1fCE9+E9LKhRANCAAR/zc4ncPbEXUGDy+5v20t7WAczNXvp\n\
7xO6z248e9FURcfxRM0bvZt+hyzf7bnuufSzaV1uqQskrYpGIyiFiOWt\n\
-----END PRIVATE KEY-----\n\
";

/// The same key as SEC1 (`EC PRIVATE KEY`), which Postman refuses and so does this client.
const A3_SEC1_PEM: &str = "\
-----BEGIN EC PRIVATE KEY-----\n\
MHcCAQEEII6bEJ5xkJi/mASH3x9dd+nLKWBuvtImO19XwhPfhPSyoAoGCCqGSM49\n\
AwEHoUQDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEXH8UTNG72b\n\
focs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==\n\
-----END EC PRIVATE KEY-----\n\
";

/// A P-384 key made for these tests with
/// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384` (PKCS#8).
const P384_PKCS8_PEM: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDAMM7ee5+U1ZwaadD5n\n\
ueKbIxXKFj/NmqTNlkhEVk1JkWuQGk+oNjTs5Fs7sGSCyF6hZANiAASeEqq1uOGb\n\
htxWUhydGzKoJLSRd3lPbYsPGBxMhIUf61rp+baN3gN3FvFalaKsbV6wdzCgrpDc\n\
sI/xcMsKRUKhfWQ08a2kHYXwlI1SXZGrDrc1ZKAIJC2uwYCv7ZILumU=\n\
-----END PRIVATE KEY-----\n\
";
/// Its public point (uncompressed), printed by
/// `openssl pkey -in key.pem -pubout -outform DER | tail -c 97`.
const P384_PUBLIC_POINT_HEX: &str = concat!(
    "049e12aab5b8e19b86dc56521c9d1b32a824b49177794f6d8b0f181c4c84851feb5ae9f9b68dde037716f15a",
    "95a2ac6d5eb07730a0ae90dcb08ff170cb0a4542a17d6434f1ada41d85f0948d525d91ab0eb73564a008242d",
    "aec180afed920bba65",
);

fn base64url(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
        .collect()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The three parts of a compact JWS: header, payload, signature, and the signing input.
fn parts(token: &str) -> (Map<String, Value>, Map<String, Value>, Vec<u8>, String) {
    let pieces: Vec<&str> = token.split('.').collect();
    assert_eq!(pieces.len(), 3, "{token}");
    let header = serde_json::from_slice(&base64url(pieces[0])).unwrap();
    let payload = serde_json::from_slice(&base64url(pieces[1])).unwrap();
    (
        header,
        payload,
        base64url(pieces[2]),
        format!("{}.{}", pieces[0], pieces[1]),
    )
}

/// RFC 7515 A.1's claims, as a collection would give them.
fn joe_claims() -> Map<String, Value> {
    object(json!({"iss": "joe", "exp": 1300819380, "http://example.com/is_root": true}))
}

fn settings(algorithm: JwtAlgorithm, header: Value) -> JwtSettings {
    JwtSettings {
        algorithm,
        header: object(header),
        payload: joe_claims(),
        placement: JwtPlacement::Header {
            prefix: "Bearer".into(),
        },
    }
}

fn pem(text: &str) -> JwtKey {
    JwtKey::PrivateKeyPem(text.to_string())
}

fn rfc_signing_input_and_signature(jws: &str) -> (String, Vec<u8>) {
    let (input, signature) = jws.rsplit_once('.').unwrap();
    (input.to_string(), base64url(signature))
}

#[test]
fn postmans_algorithm_names_are_read_exactly() {
    for name in [
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
        "ES384", "ES512",
    ] {
        assert_eq!(
            JwtAlgorithm::named(name).map(JwtAlgorithm::name),
            Some(name)
        );
    }
    assert_eq!(JwtAlgorithm::named("hs256"), None);
    assert_eq!(JwtAlgorithm::named("none"), None);
    assert_eq!(JwtAlgorithm::named(""), None);
}

#[test]
fn rfc_7515_a1_hs256_is_signed_as_the_rfc_signs_it() {
    let key = JwtKey::Secret(base64url(A1_KEY));

    // The RFC's own signing input, through the signing primitive, gives the RFC's signature.
    let (input, expected) = rfc_signing_input_and_signature(A1_JWS);
    let signature = jws_signature(JwtAlgorithm::Hs256, &key, input.as_bytes()).unwrap();
    assert_eq!(signature, expected);

    // A whole token: its JSON is serde_json's rather than the RFC's (which has CRLFs), so its
    // MAC is checked by a second HMAC implementation, ring's, over what it signed.
    let token = jwt_token(&settings(JwtAlgorithm::Hs256, json!({"typ": "JWT"})), &key).unwrap();
    let (header, payload, signature, signing_input) = parts(&token);
    assert_eq!(header, object(json!({"typ": "JWT", "alg": "HS256"})));
    assert_eq!(payload, joe_claims());
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &base64url(A1_KEY));
    assert_eq!(
        signature,
        ring::hmac::sign(&ring_key, signing_input.as_bytes()).as_ref()
    );
    assert!(ring::hmac::verify(&ring_key, b"tampered", &signature).is_err());
}

#[test]
fn hs384_and_hs512_are_the_hmacs_ring_computes() {
    let key = JwtKey::postman_secret("a secret of no particular length", false).unwrap();
    for (algorithm, ring_algorithm) in [
        (JwtAlgorithm::Hs384, ring::hmac::HMAC_SHA384),
        (JwtAlgorithm::Hs512, ring::hmac::HMAC_SHA512),
    ] {
        let token = jwt_token(&settings(algorithm, json!({})), &key).unwrap();
        let (header, _, signature, signing_input) = parts(&token);
        assert_eq!(header, object(json!({"alg": algorithm.name()})));
        let ring_key = ring::hmac::Key::new(ring_algorithm, b"a secret of no particular length");
        ring::hmac::verify(&ring_key, signing_input.as_bytes(), &signature).unwrap();
    }
}

#[test]
fn rfc_7515_a2_rs256_gives_the_rfcs_signature_from_either_pem() {
    let (input, expected) = rfc_signing_input_and_signature(A2_JWS);
    for key in [A2_PKCS8_PEM, A2_PKCS1_PEM] {
        let signature = jws_signature(JwtAlgorithm::Rs256, &pem(key), input.as_bytes()).unwrap();
        assert_eq!(signature, expected);
    }

    // A whole token verifies with the RFC's public key (its JWK's `n` and `e`).
    let token = jwt_token(
        &settings(JwtAlgorithm::Rs256, json!({})),
        &pem(A2_PKCS8_PEM),
    )
    .unwrap();
    let (header, payload, signature, signing_input) = parts(&token);
    assert_eq!(header, object(json!({"alg": "RS256"})));
    assert_eq!(payload, joe_claims());
    rfc_public_key()
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            signing_input.as_bytes(),
            &signature,
        )
        .unwrap();
}

fn rfc_public_key() -> ring::signature::RsaPublicKeyComponents<Vec<u8>> {
    ring::signature::RsaPublicKeyComponents {
        n: base64url(A2_N),
        e: base64url("AQAB"),
    }
}

#[test]
fn rsa_pkcs1_and_pss_tokens_verify_with_the_public_key_and_tampering_is_caught() {
    use ring::signature::{
        RSA_PKCS1_2048_8192_SHA384, RSA_PKCS1_2048_8192_SHA512, RSA_PSS_2048_8192_SHA256,
        RSA_PSS_2048_8192_SHA384, RSA_PSS_2048_8192_SHA512,
    };
    let cases: [(JwtAlgorithm, &'static ring::signature::RsaParameters); 5] = [
        (JwtAlgorithm::Rs384, &RSA_PKCS1_2048_8192_SHA384),
        (JwtAlgorithm::Rs512, &RSA_PKCS1_2048_8192_SHA512),
        (JwtAlgorithm::Ps256, &RSA_PSS_2048_8192_SHA256),
        (JwtAlgorithm::Ps384, &RSA_PSS_2048_8192_SHA384),
        (JwtAlgorithm::Ps512, &RSA_PSS_2048_8192_SHA512),
    ];
    for (algorithm, verification) in cases {
        let settings = settings(algorithm, json!({}));
        let token = jwt_token(&settings, &pem(A2_PKCS8_PEM)).unwrap();
        let (header, _, signature, signing_input) = parts(&token);
        assert_eq!(header, object(json!({"alg": algorithm.name()})));
        rfc_public_key()
            .verify(verification, signing_input.as_bytes(), &signature)
            .unwrap_or_else(|_| panic!("{} does not verify", algorithm.name()));
        let tampered = signing_input.replacen('.', ".e", 1);
        assert!(rfc_public_key()
            .verify(verification, tampered.as_bytes(), &signature)
            .is_err());
    }
    // PSS is randomized (its salt): two tokens of the same claims differ, both valid.
    let ps256 = settings(JwtAlgorithm::Ps256, json!({}));
    assert_ne!(
        jwt_token(&ps256, &pem(A2_PKCS1_PEM)).unwrap(),
        jwt_token(&ps256, &pem(A2_PKCS1_PEM)).unwrap()
    );
}

#[test]
fn ecdsa_tokens_verify_with_the_public_key_and_tampering_is_caught() {
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, ECDSA_P384_SHA384_FIXED};
    let rfc_point = [vec![4], base64url(A3_X), base64url(A3_Y)].concat();
    let rfc_key = UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, rfc_point);
    // The verifier itself accepts the RFC's own A.3 token.
    let (rfc_input, rfc_signature) = rfc_signing_input_and_signature(A3_JWS);
    rfc_key
        .verify(rfc_input.as_bytes(), &rfc_signature)
        .unwrap();

    let p384_key = UnparsedPublicKey::new(&ECDSA_P384_SHA384_FIXED, hex(P384_PUBLIC_POINT_HEX));
    for (algorithm, key, public, width) in [
        (JwtAlgorithm::Es256, A3_PKCS8_PEM, &rfc_key, 64),
        (JwtAlgorithm::Es384, P384_PKCS8_PEM, &p384_key, 96),
    ] {
        let settings = settings(algorithm, json!({"kid": "k1"}));
        let token = jwt_token(&settings, &pem(key)).unwrap();
        let (header, payload, signature, signing_input) = parts(&token);
        assert_eq!(
            header,
            object(json!({"kid": "k1", "alg": algorithm.name()}))
        );
        assert_eq!(payload, joe_claims());
        // JWS wants `R || S` at fixed width (RFC 7518 §3.4), not DER.
        assert_eq!(signature.len(), width);
        public.verify(signing_input.as_bytes(), &signature).unwrap();
        let tampered = signing_input.replacen('.', ".e", 1);
        assert!(public.verify(tampered.as_bytes(), &signature).is_err());
        let mut flipped = signature.clone();
        flipped[0] ^= 1;
        assert!(public.verify(signing_input.as_bytes(), &flipped).is_err());
        assert_ne!(token, jwt_token(&settings, &pem(key)).unwrap());
    }
}

#[test]
fn the_algorithm_chosen_wins_over_an_alg_in_the_header() {
    // Postman: `{ ...header, alg: algorithm }`. A header's `"alg": "none"` must not unsign.
    let key = JwtKey::postman_secret("secret", false).unwrap();
    let token = jwt_token(
        &settings(JwtAlgorithm::Hs256, json!({"alg": "none", "typ": "JWT"})),
        &key,
    )
    .unwrap();
    let (header, ..) = parts(&token);
    assert_eq!(header, object(json!({"alg": "HS256", "typ": "JWT"})));
}

#[test]
fn no_claims_are_added_so_a_token_does_not_change_between_tries() {
    // Postman signs the payload as written (`new SignJWT(payload)`, no `setIssuedAt`):
    // no `iat`, `exp`, `nbf` or `jti` appear, and a deterministic algorithm gives the
    // same token on every try.
    let key = JwtKey::postman_secret("secret", false).unwrap();
    let mut settings = settings(JwtAlgorithm::Hs256, json!({}));
    settings.payload = object(json!({"sub": "someone"}));
    let first = jwt_token(&settings, &key).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = jwt_token(&settings, &key).unwrap();
    assert_eq!(first, second);
    let (header, payload, ..) = parts(&first);
    assert_eq!(header, object(json!({"alg": "HS256"})));
    assert_eq!(payload, object(json!({"sub": "someone"})));

    settings.payload = Map::new();
    let (_, payload, ..) = parts(&jwt_token(&settings, &key).unwrap());
    assert!(payload.is_empty());
}

#[test]
fn a_base64_secret_is_decoded_in_either_alphabet_and_refused_when_it_is_not_base64() {
    let plain = JwtKey::postman_secret("secret", false).unwrap();
    let standard = JwtKey::postman_secret("c2VjcmV0", true).unwrap();
    let padded_url_safe = JwtKey::postman_secret("-_8=", true).unwrap();
    assert!(matches!(&standard, JwtKey::Secret(bytes) if bytes == b"secret"));
    assert!(matches!(&padded_url_safe, JwtKey::Secret(bytes) if bytes == &[0xfb, 0xff]));
    let hs256 = settings(JwtAlgorithm::Hs256, json!({}));
    assert_eq!(
        jwt_token(&hs256, &plain).unwrap(),
        jwt_token(&hs256, &standard).unwrap()
    );

    let error = JwtKey::postman_secret("not base64!", true).unwrap_err();
    assert!(
        error.to_string().contains("isSecretBase64Encoded"),
        "{error}"
    );
    assert!(!error.to_string().contains("not base64!"), "{error}");
}

#[test]
fn keys_that_cannot_sign_are_errors_naming_the_algorithm_never_panics() {
    let error = |algorithm: JwtAlgorithm, key: &JwtKey| {
        let error = jwt_token(&settings(algorithm, json!({})), key).unwrap_err();
        let text = error.to_string();
        assert!(text.contains(algorithm.name()), "{text}");
        // No part of a key is ever in the message.
        for secret in ["topsecret", "MIIEvQIBADAN", "MHcCAQEEII6b", "jpsQnnGQ"] {
            assert!(!text.contains(secret), "{text}");
        }
        text
    };
    assert!(error(JwtAlgorithm::Hs256, &JwtKey::Secret(Vec::new())).contains("empty"));
    assert!(error(JwtAlgorithm::Hs256, &pem(A2_PKCS8_PEM)).contains("secret"));
    assert!(error(JwtAlgorithm::Rs256, &JwtKey::Secret(b"topsecret".to_vec())).contains("PEM"));
    assert!(error(JwtAlgorithm::Es512, &pem(A3_PKCS8_PEM)).contains("P-521"));
    assert!(error(JwtAlgorithm::Es256, &pem(A3_SEC1_PEM)).contains("openssl pkcs8 -topk8"));
    assert!(error(JwtAlgorithm::Es256, &pem(A2_PKCS8_PEM)).contains("P-256"));
    assert!(error(JwtAlgorithm::Es384, &pem(A3_PKCS8_PEM)).contains("P-384"));
    assert!(error(JwtAlgorithm::Es256, &pem(A2_PKCS1_PEM)).contains("PKCS#8"));
    assert!(error(JwtAlgorithm::Rs256, &pem(A3_PKCS8_PEM)).contains("RSA"));
    assert!(error(JwtAlgorithm::Ps256, &pem("topsecret")).contains("none was found"));
    let truncated = &A2_PKCS8_PEM[..A2_PKCS8_PEM.len() / 2];
    error(JwtAlgorithm::Rs256, &pem(truncated));
    let garbled = A2_PKCS8_PEM.replace("MIIEvQIBADAN", "MIIEvQIBADAM");
    error(JwtAlgorithm::Rs256, &pem(&garbled));
    let encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assert!(error(JwtAlgorithm::Rs256, &pem(encrypted)).contains("encrypted"));
}

#[test]
fn debug_of_a_key_shows_no_secret() {
    for (key, secret) in [
        (JwtKey::Secret(b"topsecret".to_vec()), "topsecret"),
        (pem(A2_PKCS8_PEM), "MIIEvQIBADAN"),
    ] {
        let shown = format!("{key:?}");
        assert!(!shown.contains(secret), "{shown}");
        assert!(shown.starts_with("JwtKey::"), "{shown}");
    }
    let shown = format!("{:?}", JwtKey::Secret(b"topsecret".to_vec()));
    assert!(!shown.contains("116"), "no bytes either: {shown}");
}

fn get_with_basic_auth(url: &str) -> reqwest::Request {
    let mut request = reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap());
    request.headers_mut().insert(
        reqwest::header::AUTHORIZATION,
        reqwest::header::HeaderValue::from_static("Basic old"),
    );
    request
}

#[test]
fn the_token_replaces_the_authorization_header_after_its_prefix() {
    let authorization = |prefix: &str| {
        let mut request = get_with_basic_auth("https://api.example.com/items");
        let placement = JwtPlacement::Header {
            prefix: prefix.into(),
        };
        jwt_apply(&mut request, &placement, "aaa.bbb.ccc").unwrap();
        let values: Vec<_> = request
            .headers()
            .get_all(reqwest::header::AUTHORIZATION)
            .iter()
            .map(|value| {
                assert!(value.is_sensitive());
                value.to_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(request.url().as_str(), "https://api.example.com/items");
        values
    };
    assert_eq!(authorization("Bearer"), ["Bearer aaa.bbb.ccc"]);
    assert_eq!(authorization("JWT"), ["JWT aaa.bbb.ccc"]);
    // Postman: an empty prefix sends the bare token, without a space.
    assert_eq!(authorization(""), ["aaa.bbb.ccc"]);

    let mut request = get_with_basic_auth("https://api.example.com/items");
    let broken = JwtPlacement::Header {
        prefix: "Bearer\r\nX-Injected: 1".into(),
    };
    assert!(jwt_apply(&mut request, &broken, "aaa.bbb.ccc").is_err());
}

#[test]
fn the_token_replaces_the_query_parameter_of_its_key_and_keeps_the_others() {
    let mut request =
        get_with_basic_auth("https://api.example.com/items?token=old&page=2&q=a%20b+c&token=older");
    let key = JwtSettings {
        placement: JwtPlacement::Query {
            key: "token".into(),
        },
        ..settings(JwtAlgorithm::Hs256, json!({}))
    };
    let token = jwt_token(&key, &JwtKey::postman_secret("secret", false).unwrap()).unwrap();
    jwt_apply(&mut request, &key.placement, &token).unwrap();
    assert_eq!(
        request.url().query(),
        Some(format!("page=2&q=a%20b+c&token={token}").as_str())
    );
    // The header is left alone.
    assert_eq!(
        request.headers()[reqwest::header::AUTHORIZATION],
        "Basic old"
    );
    let read_back: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    assert!(read_back.contains(&("token".into(), token.clone())));

    // A key of its own, escaped; a url without a query.
    let mut request = get_with_basic_auth("https://api.example.com/items");
    let placement = JwtPlacement::Query {
        key: "jwt&x=y".into(),
    };
    jwt_apply(&mut request, &placement, "aaa.bbb.ccc").unwrap();
    assert_eq!(request.url().query(), Some("jwt%26x%3Dy=aaa.bbb.ccc"));
    let read_back: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    assert_eq!(
        read_back,
        [("jwt&x=y".to_string(), "aaa.bbb.ccc".to_string())]
    );
}
