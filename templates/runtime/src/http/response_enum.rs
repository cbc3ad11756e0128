/// `decode`, `status` and [`FromResponse`] for a response enum, from its documented statuses:
/// each one's variant and how its body decodes (`json`, `text`, or nothing for no body).
///
/// A generated enum is followed by
/// `crate::http::response_enum!(ListLinksResponse { 200 => Ok(json), 204 => NoContent });`
/// instead of the three methods printed out: they are the same in every enum but for these
/// arms, and a large crate has a hundred enums.
macro_rules! response_enum {
    (@decode $response:ident, $variant:ident) => {
        Ok(Self::$variant)
    };
    (@decode $response:ident, $variant:ident, json) => {
        crate::http::decode_json(&$response).map(Self::$variant)
    };
    (@decode $response:ident, $variant:ident, text) => {
        crate::http::decode_text(&$response).map(Self::$variant)
    };
    ($name:ident { $($status:literal => $variant:ident $(($body:ident))?),* $(,)? }) => {
        impl $name {
            /// Decodes a response from its status and body, without any I/O. Documented
            /// statuses decode into their variant (or fail with [`crate::Error::Decode`]);
            /// any other status becomes [`Self::Undocumented`].
            pub fn decode(status: u16, body: &[u8]) -> Result<Self, crate::Error> {
                <Self as crate::http::FromResponse>::from_response(crate::http::RawResponse::new(
                    status, body,
                ))
            }

            /// The HTTP status this response came with.
            pub fn status(&self) -> u16 {
                match self {
                    $(Self::$variant { .. } => $status,)*
                    Self::Undocumented(response) => response.status,
                }
            }

        }

        impl crate::http::FromResponse for $name {
            fn from_response(response: crate::http::RawResponse) -> Result<Self, crate::Error> {
                match response.status {
                    $($status => crate::http::response_enum!(@decode response, $variant $(, $body)?),)*
                    _ => Ok(Self::Undocumented(response.into_undocumented())),
                }
            }
        }
    };
}

pub(crate) use response_enum;

/// What a call's response decodes into: an operation's response enum.
pub(crate) trait FromResponse: Sized {
    /// Decodes a response as received: an undocumented status keeps its headers.
    fn from_response(response: crate::http::RawResponse) -> Result<Self, crate::Error>;
}
