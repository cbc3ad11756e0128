//! Warnings: information the generator had to drop or guess, reported with the item path
//! and a kind, so that tests and the summary can count them by what they are about.

use std::collections::BTreeMap;
use std::fmt;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// Pre-request and test scripts: the client does not run JavaScript.
    ScriptsIgnored,
    /// An auth scheme the client does not apply, or applies only in part (OAuth 2.0 tokens
    /// are not obtained).
    UnsupportedAuth,
    /// A request that is not fully written: no request, an invalid method.
    IncompleteRequest,
    /// A request body that cannot be typed or sent as declared.
    UnusableBody,
    /// A query parameter or header that is not generated (a variable name, a line break).
    DroppedParameter,
    /// A saved example that is not used, or not all of it (no status, undecodable body).
    UnusableExample,
    /// A request without saved example responses: every response is `Undocumented`.
    NoExamples,
    /// A request written with another origin than the base url most requests use.
    OtherOrigin,
}

impl WarningKind {
    /// Lower-case words for summaries (`unsupported auth: 2`).
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::ScriptsIgnored => "scripts ignored",
            WarningKind::UnsupportedAuth => "unsupported auth",
            WarningKind::IncompleteRequest => "incomplete request",
            WarningKind::UnusableBody => "unusable body",
            WarningKind::DroppedParameter => "dropped parameter",
            WarningKind::UnusableExample => "unusable example",
            WarningKind::NoExamples => "no examples",
            WarningKind::OtherOrigin => "other origin",
        }
    }
}

/// One warning about the input, naming the item it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    /// `Links / Update`, or empty for the collection itself.
    pub item_path: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item_path.is_empty() {
            write!(f, "warning: {}", self.message)
        } else {
            write!(f, "warning: {}: {}", self.item_path, self.message)
        }
    }
}

/// Collects warnings in the order the collection is read.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn warn(&mut self, kind: WarningKind, item_path: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            kind,
            item_path: item_path.to_string(),
            message: message.into(),
        });
    }
}

/// How many warnings there are of each kind, in the kinds' order.
pub fn count_by_kind(warnings: &[Warning]) -> BTreeMap<WarningKind, usize> {
    let mut counts = BTreeMap::new();
    for warning in warnings {
        *counts.entry(warning.kind).or_default() += 1;
    }
    counts
}

/// `3 warnings (unsupported auth: 1, no examples: 2)`, or `0 warnings`.
pub fn summary(warnings: &[Warning]) -> String {
    let counts = count_by_kind(warnings);
    let total = format!(
        "{} warning{}",
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    );
    if counts.is_empty() {
        return total;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, count)| format!("{}: {count}", kind.describe()))
        .collect();
    format!("{total} ({})", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_by_kind() {
        let mut diagnostics = Diagnostics::default();
        assert_eq!(summary(&diagnostics.warnings), "0 warnings");
        diagnostics.warn(WarningKind::NoExamples, "A", "x");
        assert_eq!(summary(&diagnostics.warnings), "1 warning (no examples: 1)");
        diagnostics.warn(WarningKind::UnsupportedAuth, "B", "y");
        diagnostics.warn(WarningKind::NoExamples, "C", "z");
        assert_eq!(
            summary(&diagnostics.warnings),
            "3 warnings (unsupported auth: 1, no examples: 2)"
        );
    }
}
