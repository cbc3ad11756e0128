//! Bare URLs in descriptions → markdown autolinks.
//!
//! Collection descriptions are full of `https://…` written as plain text. Rustdoc renders
//! those as text and its `bare_urls` lint warns about each, so `cargo doc` on an emitted
//! crate is noisy and fails under `-D warnings`. Wrapping each in `<…>` makes it a link.
//! Rustdoc looks for them in markdown text outside links and code blocks; the markdown is
//! read the same way here (pulldown-cmark, as rustdoc uses) so only those are touched:
//! link targets, inline code, code blocks and HTML stay byte for byte.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// `markdown` with every bare `http://` or `https://` URL in running text wrapped in `<…>`.
pub fn link_bare_urls(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("http") {
        return Cow::Borrowed(markdown);
    }
    let urls: Vec<Range<usize>> = text_ranges(markdown)
        .into_iter()
        .flat_map(|range| {
            let start = range.start;
            bare_urls_in(&markdown[range])
                .into_iter()
                .map(move |url| start + url.start..start + url.end)
        })
        .collect();
    if urls.is_empty() {
        return Cow::Borrowed(markdown);
    }
    let mut linked = String::with_capacity(markdown.len() + 2 * urls.len());
    let mut copied = 0;
    for url in urls {
        linked.push_str(&markdown[copied..url.start]);
        linked.push('<');
        linked.push_str(&markdown[url.clone()]);
        linked.push('>');
        copied = url.end;
    }
    linked.push_str(&markdown[copied..]);
    Cow::Owned(linked)
}

/// Byte ranges of running text: what rustdoc's lint reads. Adjacent text events are merged,
/// because the parser splits text at characters such as `_` or `[` that could have started
/// markup, and a URL may contain them.
fn text_ranges(markdown: &str) -> Vec<Range<usize>> {
    // The extensions rustdoc enables; they decide what counts as text (a table's pipes, say).
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    // Links and code blocks nest no text rustdoc reads, however deep.
    let mut skipped_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. } | Tag::CodeBlock(_)) => skipped_depth += 1,
            Event::End(TagEnd::Link | TagEnd::CodeBlock) => {
                skipped_depth = skipped_depth.saturating_sub(1)
            }
            Event::Text(_) if skipped_depth == 0 => match ranges.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => ranges.push(range),
            },
            _ => {}
        }
    }
    ranges
}

/// Ranges of the URLs in plain text. A URL runs from its scheme over the characters URLs
/// are written with, less the sentence punctuation that usually follows one.
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
        from = run.max(after_scheme);
    }
    urls
}

/// The characters rustdoc's lint accepts in a URL.
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
            link_bare_urls("See https://api.belvo.com/api/transactions/?link=link_id."),
            "See <https://api.belvo.com/api/transactions/?link=link_id>."
        );
        assert_eq!(
            link_bare_urls("a http://x.io/a_b_c, then (https://y.org)"),
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
            "[ref]: https://x.io/definition",
            "no scheme: httpbin or http:/ or https://",
        ] {
            assert_eq!(link_bare_urls(markdown), markdown, "{markdown}");
        }
    }

    #[test]
    fn text_split_by_markup_characters_is_read_whole() {
        assert_eq!(
            link_bare_urls("- https://x.io/[a]_b and **https://y.io**"),
            "- <https://x.io/>[a]_b and **<https://y.io>**"
        );
    }

    #[test]
    fn urls_in_tables_are_linked() {
        assert_eq!(
            link_bare_urls("| a | b |\n|---|---|\n| https://x.io | c |"),
            "| a | b |\n|---|---|\n| <https://x.io> | c |"
        );
    }
}
