//! Warnings: information the generator had to drop or guess, reported with the item path.

use std::fmt;

/// One warning about the input, naming the item it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
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
    pub fn warn(&mut self, item_path: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            item_path: item_path.to_string(),
            message: message.into(),
        });
    }
}
