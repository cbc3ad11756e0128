//! Links in descriptions, made into what rustdoc can render.
//!
//! Collection descriptions are markdown written for a web page, and three kinds of link in
//! them make `cargo doc` on an emitted crate warn (and fail under `-D warnings`):
//! - bare URLs (`see https://…`), which rustdoc leaves as text: wrapped in `<…>`, they link;
//! - links whose target reads like a Rust path (`[Store](ctp:api:type:Store)`), which rustdoc
//!   resolves as intra-doc links to items that do not exist: the link text is kept, the
//!   target dropped;
//! - brackets that are no link (`[US] account`, `[[<role>_UserName]]`), which rustdoc also
//!   tries to resolve: escaped, so they read as brackets.
//!
//! The markdown is read as rustdoc reads it (pulldown-cmark, the same extensions), so only
//! those places change: other link targets, code and HTML stay byte for byte.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The markdown extensions rustdoc enables; they decide what counts as text or a link.
pub fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// `markdown` with its links fixed as the module explains.
pub fn fix_links(markdown: &str) -> Cow<'_, str> {
    // Every link starts with `[`, and every bare URL with `http`: most docs have neither
    // and are not parsed.
    if !markdown.contains('[') && !markdown.contains("http") {
        return Cow::Borrowed(markdown);
    }
    apply_edits(markdown, link_edits(markdown))
}

/// A replacement of one source range.
pub struct Edit {
    pub range: Range<usize>,
    pub with: String,
}

/// `markdown` with non-overlapping edits, sorted by position, applied; borrowed if none.
pub fn apply_edits(markdown: &str, edits: Vec<Edit>) -> Cow<'_, str> {
    if edits.is_empty() {
        return Cow::Borrowed(markdown);
    }
    let mut fixed = String::with_capacity(markdown.len() + 8 * edits.len());
    let mut copied = 0;
    for edit in edits {
        fixed.push_str(&markdown[copied..edit.range.start]);
        fixed.push_str(&edit.with);
        copied = edit.range.end;
    }
    fixed.push_str(&markdown[copied..]);
    Cow::Owned(fixed)
}

/// A link being read: where it is, and what to do with it once its end is seen.
struct OpenLink {
    range: Range<usize>,
    /// Where the link text starts and ends, once its first event is seen.
    text: Option<Range<usize>>,
    action: LinkAction,
}

enum LinkAction {
    Keep,
    /// Replace the link by its text.
    Unlink,
    /// Escape its brackets: a bracketed phrase that is no link.
    EscapeBrackets,
}

fn link_edits(markdown: &str) -> Vec<Edit> {
    // Every bracketed phrase without a definition becomes a link here, as rustdoc makes it one
    // to resolve as a path; without this, pulldown-cmark would leave it as text.
    let mut treat_as_link =
        |_: pulldown_cmark::BrokenLink<'_>| Some((CowStr::Borrowed(""), CowStr::Borrowed("")));
    let parser = Parser::new_with_broken_link_callback(
        markdown,
        rustdoc_options(),
        Some(&mut treat_as_link),
    );
    let mut edits = Vec::new();
    let mut text_runs: Vec<Range<usize>> = Vec::new();
    let mut open_links: Vec<OpenLink> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in parser.into_offset_iter() {
        if let Some(link) = open_links.last_mut() {
            if !matches!(event, Event::End(TagEnd::Link)) {
                let text = link.text.get_or_insert(range.clone());
                text.end = text.end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => open_links.push(OpenLink {
                range,
                text: None,
                action: link_action(link_type, &dest_url),
            }),
            Event::End(TagEnd::Link) => {
                let Some(link) = open_links.pop() else {
                    continue;
                };
                // Only the outermost link is edited; the next pass sees what is inside.
                if open_links.is_empty() {
                    edits.extend(link_edit(markdown, link));
                }
            }
            // Rustdoc reads text for bare URLs outside links and code blocks only.
            Event::Text(_) if open_links.is_empty() && !in_code_block => {
                match text_runs.last_mut() {
                    // The parser splits text at characters such as `_` or `[` that could
                    // have started markup, and a URL may contain them.
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => text_runs.push(range),
                }
            }
            _ => {}
        }
    }
    for run in text_runs {
        for url in bare_urls_in(&markdown[run.clone()]) {
            let url = run.start + url.start..run.start + url.end;
            edits.push(Edit {
                with: format!("<{}>", &markdown[url.clone()]),
                range: url,
            });
        }
    }
    edits.sort_by_key(|edit| edit.range.start);
    edits
}

fn link_action(link_type: LinkType, destination: &str) -> LinkAction {
    match link_type {
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown => {
            LinkAction::EscapeBrackets
        }
        LinkType::Autolink | LinkType::Email => LinkAction::Keep,
        _ if reads_as_rust_path(destination) => LinkAction::Unlink,
        _ => LinkAction::Keep,
    }
}

fn link_edit(markdown: &str, link: OpenLink) -> Option<Edit> {
    let source = &markdown[link.range.clone()];
    let with = match link.action {
        LinkAction::Keep => return None,
        LinkAction::Unlink => link
            .text
            .map(|text| markdown[text].to_string())
            .unwrap_or_default(),
        LinkAction::EscapeBrackets => {
            let mut escaped = String::with_capacity(source.len() + 4);
            let mut previous = None;
            for c in source.chars() {
                if matches!(c, '[' | ']') && previous != Some('\\') {
                    escaped.push('\\');
                }
                escaped.push(c);
                previous = Some(c);
            }
            escaped
        }
    };
    Some(Edit {
        range: link.range,
        with,
    })
}

/// Whether rustdoc would try to resolve a link target as a path to an item: it does unless
/// the target holds a character no path (with disambiguators such as `struct@` or `!`) has,
/// so `https://…`, `#anchor` and `page.html` are left to the browser.
fn reads_as_rust_path(destination: &str) -> bool {
    let destination = destination.trim().trim_matches('`');
    !destination.is_empty()
        && destination
            .chars()
            .all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c))
}

/// Ranges of the URLs in plain text. A URL runs from its scheme over the characters URLs
/// are written with (those rustdoc's lint accepts), less the sentence punctuation that
/// usually follows one.
fn bare_urls_in(text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let start = from + found;
        let after_scheme = ["https://", "http://"]
            .iter()
            .find(|scheme| text[start..].starts_with(*scheme))
            .map(|scheme| start + scheme.len());
        let Some(after_scheme) = after_scheme else {
            from = start + "http".len();
            continue;
        };
        let run = text[after_scheme..]
            .find(|c: char| !is_url_char(c))
            .map_or(text.len(), |len| after_scheme + len);
        let end = after_scheme
            + text[after_scheme..run]
                .trim_end_matches(is_trailing_punctuation)
                .len();
        if end > after_scheme {
            urls.push(start..end);
        }
        from = run;
    }
    urls
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-@:%._+~#?&/=".contains(c)
}

fn is_trailing_punctuation(c: char) -> bool {
    ".,:;?!".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_running_text_become_autolinks() {
        assert_eq!(
            fix_links("See https://api.belvo.com/api/transactions/?link=link_id."),
            "See <https://api.belvo.com/api/transactions/?link=link_id>."
        );
        assert_eq!(
            fix_links("a http://x.io/a_b_c, then (https://y.org)"),
            "a <http://x.io/a_b_c>, then (<https://y.org>)"
        );
    }

    #[test]
    fn links_code_and_html_are_left_alone() {
        for markdown in [
            "[Filtering](https://developers.belvo.com/docs/x) article",
            "![](https://files.readme.io/69a4676-Banking__Tax.png)",
            "already <https://x.io/a> linked",
            "in `https://x.io/code` spans",
            "```text\nhttps://x.io/block\n```",
            "<a href=\"https://x.io/html\">html</a>",
            "[ref]: https://x.io/definition\n\nsee [ref]",
            "[anchor](#section) and [page](page.html)",
            "no scheme: httpbin or http:/ or https://",
        ] {
            assert_eq!(fix_links(markdown), markdown, "{markdown}");
        }
    }

    #[test]
    fn text_split_by_markup_characters_is_read_whole() {
        assert_eq!(
            fix_links("- https://x.io/a_b and **https://y.io**"),
            "- <https://x.io/a_b> and **<https://y.io>**"
        );
    }

    #[test]
    fn urls_in_tables_are_linked() {
        assert_eq!(
            fix_links("| a | b |\n|---|---|\n| https://x.io | c |"),
            "| a | b |\n|---|---|\n| <https://x.io> | c |"
        );
    }

    #[test]
    fn links_to_what_reads_as_a_rust_path_keep_only_their_text() {
        assert_eq!(
            fix_links("assigned to any [Store](ctp:api:type:Store)."),
            "assigned to any Store."
        );
        assert_eq!(
            fix_links("the [Accounts: *create*](accounts_create) call"),
            "the Accounts: *create* call"
        );
    }

    #[test]
    fn brackets_that_are_no_link_are_escaped() {
        assert_eq!(
            fix_links("\"201 - [US] Create\" or [ML:GetRequestLog]"),
            "\"201 - \\[US\\] Create\" or \\[ML:GetRequestLog\\]"
        );
    }
}
