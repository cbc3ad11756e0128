//! Two records' items compared by the Rust API-evolution rules (Cargo book, "SemVer
//! compatibility"), and the version that follows.
//!
//! Breaking: an item removed, its kind or type changed, a struct or enum made
//! `#[non_exhaustive]`, a field added to a struct users build with a struct literal, a
//! variant added to an enum users match exhaustively. Additive: new items, new fields of
//! non-exhaustive structs, new variants of non-exhaustive enums.

use std::collections::BTreeMap;
use std::fmt;

use super::model::{parent_path, ApiItem, ItemKind, Version};

/// Every change between two records, breaking ones apart, each list sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiChanges {
    pub breaking: Vec<Change>,
    pub additive: Vec<Change>,
}

impl ApiChanges {
    pub fn is_empty(&self) -> bool {
        self.breaking.is_empty() && self.additive.is_empty()
    }

    /// Adds `other`'s changes, keeping each list sorted by path. A method removed and one
    /// added beside it, named as a renamed method was and is (the mock's stub of a renamed
    /// request: `mock::links::LinksMock::get_a_links_details`), are that rename too.
    pub fn extend(&mut self, other: ApiChanges) {
        self.breaking.extend(other.breaking);
        self.additive.extend(other.additive);
        self.follow_method_renames();
        self.breaking.sort_by(|a, b| a.path.cmp(&b.path));
        self.additive.sort_by(|a, b| a.path.cmp(&b.path));
    }

    fn follow_method_renames(&mut self) {
        let last = |path: &str| path.rsplit("::").next().unwrap_or(path).to_string();
        let mut new_names: BTreeMap<String, Option<String>> = BTreeMap::new();
        for change in &self.breaking {
            if let ChangeKind::Renamed {
                to,
                before: ItemKind::Method,
                after: ItemKind::Method,
            } = &change.what
            {
                let entry = new_names
                    .entry(last(&change.path))
                    .or_insert(Some(last(to)));
                if entry.as_deref() != Some(last(to).as_str()) {
                    *entry = None; // Renamed two ways: no telling which.
                }
            }
        }
        let added: std::collections::HashSet<String> = self
            .additive
            .iter()
            .filter(|change| change.what == ChangeKind::Added(ItemKind::Method))
            .map(|change| change.path.clone())
            .collect();
        let mut taken = std::collections::HashSet::new();
        for change in &mut self.breaking {
            if change.what != ChangeKind::Removed(ItemKind::Method) {
                continue;
            }
            let Some(Some(new_name)) = new_names.get(&last(&change.path)) else {
                continue;
            };
            let to = match parent_path(&change.path) {
                Some(parent) => format!("{parent}::{new_name}"),
                None => new_name.clone(),
            };
            if added.contains(&to) && taken.insert(to.clone()) {
                change.what = ChangeKind::Renamed {
                    to,
                    before: ItemKind::Method,
                    after: ItemKind::Method,
                };
            }
        }
        self.additive.retain(|change| {
            !(change.what == ChangeKind::Added(ItemKind::Method) && taken.contains(&change.path))
        });
    }
}

/// One changed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The item's path from the crate root (`links::LinksApi::update`).
    pub path: String,
    pub what: ChangeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added(ItemKind),
    Removed(ItemKind),
    /// Another kind of item, or another type or signature, under the same path.
    Retyped {
        before: (ItemKind, String),
        after: (ItemKind, String),
    },
    /// A field of a struct users build with a struct literal: their literals miss it.
    FieldOfExhaustiveStruct,
    /// A variant of an enum users may match without a wildcard arm.
    VariantOfExhaustiveEnum,
    BecameNonExhaustive,
    NoLongerNonExhaustive,
    /// Removed here and added as `to`, from the very same origins (`from`): one item under a
    /// new name, possibly of another kind (a struct now an alias of a shared one).
    Renamed {
        to: String,
        before: ItemKind,
        after: ItemKind,
    },
}

impl ChangeKind {
    fn is_breaking(&self) -> bool {
        !matches!(
            self,
            ChangeKind::Added(_) | ChangeKind::NoLongerNonExhaustive
        )
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &self.what {
            ChangeKind::Added(kind) => write!(f, "`{path}` added ({})", kind.describe()),
            ChangeKind::Removed(kind) => write!(f, "`{path}` removed ({})", kind.describe()),
            ChangeKind::Retyped { before, after } if before.0 == after.0 => write!(
                f,
                "`{path}` changed: `{}` became `{}` ({})",
                before.1,
                after.1,
                after.0.describe()
            ),
            ChangeKind::Retyped { before, after } => write!(
                f,
                "`{path}` changed from a {} to a {}",
                before.0.describe(),
                after.0.describe()
            ),
            ChangeKind::FieldOfExhaustiveStruct => write!(
                f,
                "`{path}` added: a new field of a struct built with struct literals"
            ),
            ChangeKind::VariantOfExhaustiveEnum => write!(
                f,
                "`{path}` added: a new variant of an enum matched without a wildcard"
            ),
            ChangeKind::BecameNonExhaustive => write!(f, "`{path}` became `#[non_exhaustive]`"),
            ChangeKind::NoLongerNonExhaustive => {
                write!(f, "`{path}` is no longer `#[non_exhaustive]`")
            }
            ChangeKind::Renamed { to, before, after } if before == after => {
                write!(f, "renamed `{path}` → `{to}` ({})", after.describe())
            }
            ChangeKind::Renamed { to, before, after } => write!(
                f,
                "renamed `{path}` → `{to}` ({}, now a {})",
                before.describe(),
                after.describe()
            ),
        }
    }
}

/// The changes from `before` to `after`. An item whose parent is removed or added too is
/// folded into its parent: a removed struct is one change, not one per field. A removed item
/// and an added one with the same origins (`from`, which no other removed or added item
/// has) are one rename, its members folded into it.
pub fn diff(before: &BTreeMap<String, ApiItem>, after: &BTreeMap<String, ApiItem>) -> ApiChanges {
    let mut changes = ApiChanges::default();
    let mut record = |path: &str, what: ChangeKind| {
        let change = Change {
            path: path.to_string(),
            what,
        };
        if change.what.is_breaking() {
            changes.breaking.push(change);
        } else {
            changes.additive.push(change);
        }
    };
    // An ancestor reported as a whole (removed, added, or now another kind of item)
    // stands for its members.
    let folded =
        |path: &str, side: &BTreeMap<String, ApiItem>, other: &BTreeMap<String, ApiItem>| {
            std::iter::successors(parent_path(path), |p| parent_path(p)).any(|parent| {
                match (side.get(parent), other.get(parent)) {
                    (Some(_), None) => true,
                    (Some(mine), Some(theirs)) => mine.kind != theirs.kind,
                    _ => false,
                }
            })
        };
    let removed: Vec<(&String, &ApiItem)> = before
        .iter()
        .filter(|(path, _)| !after.contains_key(*path) && !folded(path, before, after))
        .collect();
    let added: Vec<(&String, &ApiItem)> = after
        .iter()
        .filter(|(path, _)| !before.contains_key(*path) && !folded(path, after, before))
        .collect();
    let renamed = renames(&removed, &added);
    for (path, old) in before {
        match after.get(path) {
            None if folded(path, before, after) => {}
            None => match renamed.get(path.as_str()) {
                Some(&(to, kind)) => record(
                    path,
                    ChangeKind::Renamed {
                        to: to.to_string(),
                        before: old.kind,
                        after: kind,
                    },
                ),
                None => record(path, ChangeKind::Removed(old.kind)),
            },
            Some(new) => {
                if (old.kind, &old.signature) != (new.kind, &new.signature) {
                    record(
                        path,
                        ChangeKind::Retyped {
                            before: (old.kind, old.signature.clone()),
                            after: (new.kind, new.signature.clone()),
                        },
                    );
                } else if !old.non_exhaustive && new.non_exhaustive {
                    record(path, ChangeKind::BecameNonExhaustive);
                } else if old.non_exhaustive && !new.non_exhaustive {
                    record(path, ChangeKind::NoLongerNonExhaustive);
                }
            }
        }
    }
    let renamed_to: std::collections::HashSet<&str> = renamed.values().map(|(to, _)| *to).collect();
    for (path, new) in after {
        if before.contains_key(path)
            || folded(path, after, before)
            || renamed_to.contains(path.as_str())
        {
            continue;
        }
        let parent = parent_path(path).and_then(|parent| before.get(parent));
        let exhaustive_parent = parent.is_some_and(|parent| !parent.non_exhaustive);
        let what = match new.kind {
            ItemKind::Field if exhaustive_parent => ChangeKind::FieldOfExhaustiveStruct,
            ItemKind::Variant if exhaustive_parent => ChangeKind::VariantOfExhaustiveEnum,
            kind => ChangeKind::Added(kind),
        };
        record(path, what);
    }
    changes
}

/// Removed path → (added path, its kind) for each removed and added item that share their
/// origins, when no other removed or added item has those origins.
fn renames<'a>(
    removed: &[(&'a String, &'a ApiItem)],
    added: &[(&'a String, &'a ApiItem)],
) -> BTreeMap<&'a str, (&'a str, ItemKind)> {
    let by_origin = |items: &[(&'a String, &'a ApiItem)]| {
        let mut found: BTreeMap<&'a [String], Vec<(&'a str, ItemKind)>> = BTreeMap::new();
        for (path, item) in items.iter().filter(|(_, item)| !item.from.is_empty()) {
            found
                .entry(item.from.as_slice())
                .or_default()
                .push((path.as_str(), item.kind));
        }
        found
    };
    let (gone, new) = (by_origin(removed), by_origin(added));
    gone.iter()
        .filter_map(
            |(from, old)| match (old.as_slice(), new.get(from)?.as_slice()) {
                ([(old, _)], [(to, kind)]) => Some((*old, (*to, *kind))),
                _ => None,
            },
        )
        .collect()
}

/// The version after `current` given the changes: breaking → next minor below 1.0 (next
/// major from 1.0); additive → next patch below 1.0 (next minor from 1.0); no API change
/// but other output changed → next patch; nothing → `current`.
pub fn next_version(
    current: Version,
    changes: &ApiChanges,
    behaviour_changed: bool,
    output_changed: bool,
) -> Version {
    let Version {
        major,
        minor,
        patch,
    } = current;
    let (major_bump, minor_bump, patch_bump) = (
        Version {
            major: major + 1,
            minor: 0,
            patch: 0,
        },
        Version {
            major,
            minor: minor + 1,
            patch: 0,
        },
        Version {
            major,
            minor,
            patch: patch + 1,
        },
    );
    if !changes.breaking.is_empty() || behaviour_changed {
        if major == 0 {
            minor_bump
        } else {
            major_bump
        }
    } else if !changes.additive.is_empty() {
        if major == 0 {
            patch_bump
        } else {
            minor_bump
        }
    } else if output_changed {
        patch_bump
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: ItemKind, signature: &str, non_exhaustive: bool) -> ApiItem {
        ApiItem {
            kind,
            signature: signature.into(),
            non_exhaustive,
            from: Vec::new(),
            runtime: false,
        }
    }

    fn items(entries: &[(&str, ApiItem)]) -> BTreeMap<String, ApiItem> {
        entries
            .iter()
            .map(|(path, item)| (path.to_string(), item.clone()))
            .collect()
    }

    fn lines(changes: &[Change]) -> Vec<String> {
        changes.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn removals_and_retypes_break_and_fold_into_their_parent() {
        let before = items(&[
            ("links::Gone", item(ItemKind::Struct, "", true)),
            (
                "links::Gone::a",
                item(ItemKind::Field, "Option<String>", false),
            ),
            ("links::Kept", item(ItemKind::Struct, "", true)),
            (
                "links::Kept::b",
                item(ItemKind::Field, "Option<String>", false),
            ),
            (
                "links::Alias",
                item(ItemKind::TypeAlias, "links::Kept", false),
            ),
            ("links::Struct", item(ItemKind::Struct, "", true)),
            ("links::Struct::c", item(ItemKind::Field, "String", false)),
        ]);
        let after = items(&[
            (
                "links::Struct",
                item(ItemKind::TypeAlias, "links::Kept", false),
            ),
            ("links::Kept", item(ItemKind::Struct, "", true)),
            (
                "links::Kept::b",
                item(ItemKind::Field, "Option<i64>", false),
            ),
            ("links::Alias", item(ItemKind::Struct, "", true)),
        ]);
        let changes = diff(&before, &after);
        assert_eq!(
            lines(&changes.breaking),
            [
                "`links::Alias` changed from a type alias to a struct",
                "`links::Gone` removed (struct)",
                "`links::Kept::b` changed: `Option<String>` became `Option<i64>` (field)",
                "`links::Struct` changed from a struct to a type alias",
            ]
        );
        assert!(changes.additive.is_empty());
    }

    #[test]
    fn additions_are_additive_unless_users_build_or_match_the_parent_exhaustively() {
        let before = items(&[
            ("Resp", item(ItemKind::Struct, "", true)),
            ("Req", item(ItemKind::Struct, "", false)),
            ("Status", item(ItemKind::Enum, "", true)),
            ("Closed", item(ItemKind::Enum, "", false)),
        ]);
        let mut after = before.clone();
        after.extend(items(&[
            ("Resp::x", item(ItemKind::Field, "Option<String>", false)),
            ("Req::y", item(ItemKind::Field, "String", false)),
            ("Status::Gone", item(ItemKind::Variant, "", false)),
            ("Closed::Other", item(ItemKind::Variant, "", false)),
            ("New", item(ItemKind::Struct, "", true)),
            ("New::z", item(ItemKind::Field, "Option<String>", false)),
        ]));
        let changes = diff(&before, &after);
        assert_eq!(
            lines(&changes.breaking),
            [
                "`Closed::Other` added: a new variant of an enum matched without a wildcard",
                "`Req::y` added: a new field of a struct built with struct literals",
            ]
        );
        assert_eq!(
            lines(&changes.additive),
            [
                "`New` added (struct)",
                "`Resp::x` added (field)",
                "`Status::Gone` added (variant)",
            ]
        );
    }

    #[test]
    fn an_item_removed_and_added_from_the_same_origins_is_renamed() {
        let from = |item: ApiItem, origin: &str| ApiItem {
            from: vec![origin.to_string()],
            ..item
        };
        let method = |origin: &str| from(item(ItemKind::Method, "fn(&self)", false), origin);
        let before = items(&[
            ("Api::get_a_link", method("Links / Get a link")),
            ("Api::delete_a_link", method("Links / Delete a link")),
            ("Api::gone", method("Links / Gone")),
            ("A", from(item(ItemKind::Struct, "", false), "A › query")),
            ("A::x", item(ItemKind::Field, "Option<String>", false)),
        ]);
        let after = items(&[
            ("Api::get_link", method("Links / Get a link")),
            ("Api::delete_link", method("Links / Delete a link")),
            ("Api::delete_link_2", method("Links / Delete a link")),
            (
                "B",
                from(item(ItemKind::TypeAlias, "types::C", false), "A › query"),
            ),
        ]);
        let changes = diff(&before, &after);
        assert_eq!(
            lines(&changes.breaking),
            [
                "renamed `A` → `B` (struct, now a type alias)",
                "`Api::delete_a_link` removed (method)",
                "renamed `Api::get_a_link` → `Api::get_link` (method)",
                "`Api::gone` removed (method)",
            ]
        );
        assert_eq!(
            lines(&changes.additive),
            [
                "`Api::delete_link` added (method)",
                "`Api::delete_link_2` added (method)",
            ]
        );
    }

    #[test]
    fn a_method_beside_a_renamed_one_follows_its_rename() {
        let method = |path: &str, what: ChangeKind| Change {
            path: path.into(),
            what,
        };
        let mut changes = ApiChanges {
            breaking: vec![method(
                "links::LinksApi::get_a_link",
                ChangeKind::Renamed {
                    to: "links::LinksApi::get_link".into(),
                    before: ItemKind::Method,
                    after: ItemKind::Method,
                },
            )],
            additive: vec![],
        };
        changes.extend(ApiChanges {
            breaking: vec![
                method(
                    "mock::LinksMock::get_a_link",
                    ChangeKind::Removed(ItemKind::Method),
                ),
                method(
                    "mock::LinksMock::gone",
                    ChangeKind::Removed(ItemKind::Method),
                ),
            ],
            additive: vec![method(
                "mock::LinksMock::get_link",
                ChangeKind::Added(ItemKind::Method),
            )],
        });
        assert_eq!(
            lines(&changes.breaking),
            [
                "renamed `links::LinksApi::get_a_link` → `links::LinksApi::get_link` (method)",
                "renamed `mock::LinksMock::get_a_link` → `mock::LinksMock::get_link` (method)",
                "`mock::LinksMock::gone` removed (method)",
            ]
        );
        assert!(changes.additive.is_empty());
    }

    #[test]
    fn exhaustiveness_changes_are_classified() {
        let before = items(&[
            ("A", item(ItemKind::Struct, "", false)),
            ("B", item(ItemKind::Enum, "", true)),
        ]);
        let after = items(&[
            ("A", item(ItemKind::Struct, "", true)),
            ("B", item(ItemKind::Enum, "", false)),
        ]);
        let changes = diff(&before, &after);
        assert_eq!(lines(&changes.breaking), ["`A` became `#[non_exhaustive]`"]);
        assert_eq!(
            lines(&changes.additive),
            ["`B` is no longer `#[non_exhaustive]`"]
        );
    }

    #[test]
    fn versions_follow_the_rules() {
        let v = |text: &str| text.parse::<Version>().unwrap();
        let breaking = ApiChanges {
            breaking: vec![Change {
                path: "a".into(),
                what: ChangeKind::Removed(ItemKind::Struct),
            }],
            additive: Vec::new(),
        };
        let additive = ApiChanges {
            breaking: Vec::new(),
            additive: vec![Change {
                path: "a".into(),
                what: ChangeKind::Added(ItemKind::Struct),
            }],
        };
        let none = ApiChanges::default();
        assert_eq!(next_version(v("0.3.2"), &breaking, false, true), v("0.4.0"));
        assert_eq!(next_version(v("1.3.2"), &breaking, false, true), v("2.0.0"));
        assert_eq!(next_version(v("0.3.2"), &additive, false, true), v("0.3.3"));
        assert_eq!(next_version(v("1.3.2"), &additive, false, true), v("1.4.0"));
        assert_eq!(next_version(v("1.3.2"), &none, false, true), v("1.3.3"));
        assert_eq!(next_version(v("1.3.2"), &none, false, false), v("1.3.2"));
        // A generator revision that changes how the crate behaves is breaking by itself.
        assert_eq!(next_version(v("0.3.2"), &none, true, true), v("0.4.0"));
    }
}
