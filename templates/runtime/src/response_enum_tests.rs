//! `response_enum!` on a small enum, as an emitted crate invokes it.

use crate::http::UndocumentedResponse;
use crate::Error;

#[derive(Debug, PartialEq)]
enum ThingResponse {
    Ok(Vec<String>),
    NoContent,
    BadRequest(String),
    Undocumented(UndocumentedResponse),
}

crate::http::response_enum!(ThingResponse {
    200 => Ok(json),
    204 => NoContent,
    400 => BadRequest(text),
});

#[derive(Debug, PartialEq)]
enum NothingDocumented {
    Undocumented(UndocumentedResponse),
}

crate::http::response_enum!(NothingDocumented {});

#[test]
fn documented_statuses_decode_into_their_variant() {
    let ok = ThingResponse::decode(200, br#"["a", "b"]"#).unwrap();
    assert_eq!(ok, ThingResponse::Ok(vec!["a".into(), "b".into()]));
    assert_eq!(ok.status(), 200);
    let empty = ThingResponse::decode(204, b"").unwrap();
    assert_eq!(empty, ThingResponse::NoContent);
    assert_eq!(empty.status(), 204);
    let text = ThingResponse::decode(400, b"no").unwrap();
    assert_eq!(text, ThingResponse::BadRequest("no".into()));
    assert_eq!(text.status(), 400);
}

#[test]
fn a_body_that_does_not_fit_is_a_decode_error() {
    let error = ThingResponse::decode(200, b"{}").unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 200, .. }),
        "{error:?}"
    );
    let error = ThingResponse::decode(400, &[0xff]).unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 400, .. }),
        "{error:?}"
    );
}

#[test]
fn other_statuses_are_undocumented() {
    let ThingResponse::Undocumented(response) = ThingResponse::decode(503, b"busy").unwrap() else {
        panic!("a documented variant");
    };
    assert_eq!(
        (response.status, response.body.as_slice()),
        (503, &b"busy"[..])
    );
    let nothing = NothingDocumented::decode(200, b"").unwrap();
    assert_eq!(nothing.status(), 200);
}
