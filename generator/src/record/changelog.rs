//! The emitted crate's `CHANGELOG.md`: one section per version, newest first.
//!
//! Earlier sections are kept as the previous file has them; only the header is written
//! anew. Nothing in it depends on the clock, so regenerating stays byte-identical.

use super::diff::ApiChanges;
use super::model::Version;

/// What one version's section says.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    version: Version,
    body: Body<'a>,
}

#[derive(Debug, Clone)]
enum Body<'a> {
    First { operations: usize },
    Changes(&'a ApiChanges, &'a [&'static str], &'a [&'static str]),
}

impl<'a> Section<'a> {
    /// The first generation's section.
    pub fn first(version: Version, operations: usize) -> Section<'a> {
        Section {
            version,
            body: Body::First { operations },
        }
    }

    /// A regeneration's section: its API changes and how the crate now behaves differently
    /// (`behaviour`), or a note that only docs or code changed; then how the emitted code
    /// reads differently (`code`).
    pub fn changes(
        version: Version,
        changes: &'a ApiChanges,
        behaviour: &'a [&'static str],
        code: &'a [&'static str],
    ) -> Section<'a> {
        Section {
            version,
            body: Body::Changes(changes, behaviour, code),
        }
    }

    fn render(&self) -> String {
        let mut text = format!("## {}\n\n", self.version);
        match self.body {
            Body::First { operations } => text.push_str(&format!(
                "First generation: {operations} operation{}.\n",
                if operations == 1 { "" } else { "s" }
            )),
            Body::Changes(changes, [], code) if changes.is_empty() => {
                text.push_str(
                    "No change to the public API: documentation or implementation only.\n",
                );
                if !code.is_empty() {
                    text.push_str(&format!("\n{}\n", bullets(code)));
                }
            }
            Body::Changes(changes, behaviour, code) => {
                let mut lists = Vec::new();
                if !behaviour.is_empty() {
                    lists.push(format!("### Changed behaviour\n\n{}\n", bullets(behaviour)));
                }
                for (title, list) in [
                    ("Breaking changes", &changes.breaking),
                    ("Added", &changes.additive),
                ] {
                    if list.is_empty() {
                        continue;
                    }
                    let items: Vec<String> =
                        list.iter().map(|change| format!("- {change}")).collect();
                    lists.push(format!("### {title}\n\n{}\n", items.join("\n")));
                }
                if !code.is_empty() {
                    lists.push(format!("### Emitted code\n\n{}\n", bullets(code)));
                }
                text.push_str(&lists.join("\n"));
            }
        }
        text
    }
}

/// One `- ` line per note.
fn bullets(notes: &[&str]) -> String {
    let lines: Vec<String> = notes.iter().map(|note| format!("- {note}")).collect();
    lines.join("\n")
}

/// The changelog: a fresh header (`marker` is the `@generated` line), `section` on top if
/// there is one (replacing an earlier section of the same version), then the previous
/// file's sections unchanged.
pub fn render(marker: &str, previous: Option<&str>, section: Option<Section<'_>>) -> String {
    let mut text = format!(
        "<!-- {marker} -->\n# Changelog\n\n\
         Each regeneration that changes the crate adds a section, newest first. Versions follow \
         the Rust API-evolution rules: a breaking change raises the minor version below 1.0 \
         (the major from 1.0), anything else the patch (the minor from 1.0).\n"
    );
    let earlier = previous.map(sections).unwrap_or_default();
    if let Some(section) = &section {
        text.push('\n');
        text.push_str(&section.render());
    }
    let heading = section.map(|section| format!("## {}", section.version));
    for earlier in earlier {
        if heading
            .as_deref()
            .is_some_and(|heading| earlier.lines().next() == Some(heading))
        {
            continue;
        }
        text.push('\n');
        text.push_str(earlier.trim_end());
        text.push('\n');
    }
    text
}

/// The `## ` sections of a changelog, each with its body.
fn sections(text: &str) -> Vec<&str> {
    let starts: Vec<usize> = text
        .match_indices("## ")
        .map(|(at, _)| at)
        .filter(|&at| at == 0 || text.as_bytes()[at - 1] == b'\n')
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(index, &start)| &text[start..starts.get(index + 1).copied().unwrap_or(text.len())])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::diff::{Change, ChangeKind};
    use crate::record::ItemKind;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn a_first_generation_has_one_section() {
        let text = render("@generated by x", None, Some(Section::first(v("0.1.0"), 3)));
        assert!(text.starts_with("<!-- @generated by x -->\n# Changelog\n"));
        assert!(
            text.ends_with("\n## 0.1.0\n\nFirst generation: 3 operations.\n"),
            "{text}"
        );
    }

    #[test]
    fn code_notes_follow_the_api_sentence_or_the_lists() {
        let none = ApiChanges::default();
        let code = ["Files import what they use."];
        let alone = Section::changes(v("0.1.1"), &none, &[], &code).render();
        assert_eq!(
            alone,
            "## 0.1.1\n\nNo change to the public API: documentation or implementation only.\n\n\
             - Files import what they use.\n"
        );
        let behaviour = ["Decodes more."];
        let listed = Section::changes(v("0.2.0"), &none, &behaviour, &code).render();
        assert!(
            listed.ends_with(
                "- Decodes more.\n\n### Emitted code\n\n- Files import what they use.\n"
            ),
            "{listed}"
        );
    }

    #[test]
    fn new_sections_go_on_top_and_earlier_ones_are_kept_as_they_are() {
        let first = render("m1", None, Some(Section::first(v("0.1.0"), 1)));
        let none = ApiChanges::default();
        let second = render(
            "m1",
            Some(&first),
            Some(Section::changes(v("0.1.1"), &none, &[], &[])),
        );
        let changes = ApiChanges {
            breaking: vec![Change {
                path: "links::LinksApi::delete".into(),
                what: ChangeKind::Removed(ItemKind::Method),
            }],
            additive: vec![Change {
                path: "links::LinksApi::refresh".into(),
                what: ChangeKind::Added(ItemKind::Method),
            }],
        };
        let third = render(
            "m2",
            Some(&second),
            Some(Section::changes(v("0.2.0"), &changes, &[], &[])),
        );
        let expected_tail = "\n## 0.2.0\n\n### Breaking changes\n\n\
            - `links::LinksApi::delete` removed (method)\n\n\
            ### Added\n\n- `links::LinksApi::refresh` added (method)\n\n\
            ## 0.1.1\n\nNo change to the public API: documentation or implementation only.\n\n\
            ## 0.1.0\n\nFirst generation: 1 operation.\n";
        assert!(third.starts_with("<!-- m2 -->\n"), "{third}");
        assert!(third.ends_with(expected_tail), "{third}");
        // Without a new section, the file stays as it was (but for the header).
        assert_eq!(render("m2", Some(&third), None), third);
    }

    #[test]
    fn a_section_of_the_same_version_is_replaced() {
        let first = render("m", None, Some(Section::first(v("0.1.0"), 1)));
        let none = ApiChanges::default();
        let again = render(
            "m",
            Some(&first),
            Some(Section::changes(v("0.1.0"), &none, &[], &[])),
        );
        assert_eq!(again.matches("## 0.1.0").count(), 1, "{again}");
        assert!(again.contains("documentation or implementation only"));
    }

    #[test]
    fn text_without_sections_keeps_nothing_but_gets_the_new_one() {
        let text = render(
            "m",
            Some("# Notes\nhand-written\n"),
            Some(Section::first(v("0.1.0"), 2)),
        );
        assert!(!text.contains("hand-written"));
        assert!(text.contains("## 0.1.0"));
    }
}
