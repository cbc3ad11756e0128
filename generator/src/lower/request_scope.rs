//! What is known of one request while it is lowered, shared by the files that lower its
//! parts (`operation.rs`, `body.rs`, `responses.rs`) and made by the folder walk.

use crate::postman::Item;

/// One request as it is lowered: the item, where it sits, and the names already decided
/// for it.
pub(super) struct RequestScope<'a> {
    pub item: &'a Item,
    /// `Links / Update`, for messages and docs.
    pub item_path: String,
    /// What the record remembers the request by (see `keys.rs`).
    pub key: String,
    /// The module its types go in.
    pub module_path: &'a [String],
    pub method_name: String,
    /// What its types' names start with (`Update`).
    pub type_prefix: String,
}
