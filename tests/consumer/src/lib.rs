//! A piece of application code over the Belvo client, as a project that depends on the
//! generated crate would write it. Its tests (`tests/`) run it against `belvo::mock` rather
//! than the network, which is what the `mock` feature is for.

use belvo::links::{UpdateRequest, UpdateResponse};

/// What a user whose bank password changed has to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// The link works again.
    Done,
    /// The bank asks for a one-time token, to be sent back with this session.
    EnterToken {
        session: String,
        instructions: Option<String>,
    },
    /// The credentials were refused, with Belvo's messages.
    Refused(Vec<String>),
    /// Anything else: try again later.
    TryLater { status: u16 },
}

/// Sends a user's new bank password for their link and says what they have to do next.
pub async fn update_password(
    client: &belvo::Client,
    link_id: &str,
    password: &str,
) -> Result<NextStep, belvo::Error> {
    let body = UpdateRequest {
        password: Some(password.into()),
        ..Default::default()
    };
    let response = client.links().update(link_id, &body).await?;
    Ok(match response {
        UpdateResponse::Ok(_) => NextStep::Done,
        UpdateResponse::PreconditionRequired(required) => NextStep::EnterToken {
            session: required
                .session
                .map(|session| session.to_string())
                .unwrap_or_default(),
            instructions: required
                .token_generation_data
                .and_then(|data| data.instructions),
        },
        UpdateResponse::BadRequest(errors) | UpdateResponse::Unauthorized(errors) => {
            NextStep::Refused(
                errors
                    .into_iter()
                    .filter_map(|error| error.message)
                    .collect(),
            )
        }
        other => NextStep::TryLater {
            status: other.status(),
        },
    })
}
