//! HTML tags in descriptions, balanced as rustdoc requires.
//!
//! Descriptions carry HTML written for a forgiving browser: an opening `<b>` never closed,
//! a stray `</p>`, and placeholders such as `<roleName>` or `List<string>` that markdown
//! reads as tags. Rustdoc's `invalid_html_tags` lint warns about each tag left open or
//! closed without opening, so such a tag is shown as text instead (its `<` written
//! `&lt;`, which reads the same in markdown text and in an HTML block). Balanced tags,
//! void elements (`<br>`, `<img>`) and comments are left as they are.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::doc_links::{apply_edits, rustdoc_options, Edit};

/// Elements that never take a closing tag, as rustdoc lists them.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// `markdown` with every unbalanced tag shown as text.
pub fn balance_html(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains('<') {
        return Cow::Borrowed(markdown);
    }
    let mut unbalanced = unbalanced_tags(markdown);
    unbalanced.sort_unstable();
    let edits = unbalanced
        .into_iter()
        .map(|at| Edit {
            range: at..at + 1,
            with: "&lt;".to_string(),
        })
        .collect();
    apply_edits(markdown, edits)
}

/// A tag found in an HTML event.
struct FoundTag {
    /// Offset of its `<` in the markdown.
    at: usize,
    name: String,
    kind: TagKind,
}

#[derive(PartialEq)]
enum TagKind {
    Open,
    Close,
    /// `<name/>`: fine for void elements, an error for any other.
    SelfClosing,
}

/// Offsets of the `<` of every tag rustdoc would call unclosed, unopened or invalid.
fn unbalanced_tags(markdown: &str) -> Vec<usize> {
    let mut unbalanced = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(markdown, rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Html(_) | Event::InlineHtml(_) if !in_code_block => {
                for tag in tags_in(&markdown[range.clone()], range.start) {
                    let is_void = VOID_ELEMENTS.contains(&tag.name.as_str());
                    match tag.kind {
                        TagKind::Open if !is_void => open.push((tag.name, tag.at)),
                        TagKind::Open => {}
                        TagKind::SelfClosing if !is_void => unbalanced.push(tag.at),
                        TagKind::SelfClosing => {}
                        TagKind::Close => {
                            match open.iter().rposition(|(name, _)| *name == tag.name) {
                                // Whatever opened after it and is still open is unclosed.
                                Some(index) => {
                                    unbalanced.extend(open.drain(index..).skip(1).map(|(_, at)| at))
                                }
                                None if is_void => {}
                                None => unbalanced.push(tag.at),
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    unbalanced.extend(open.into_iter().map(|(_, at)| at));
    unbalanced
}

/// The tags in a piece of raw HTML that starts at `offset` in the markdown. Comments are
/// skipped; quoted attribute values may hold `>`.
fn tags_in(html: &str, offset: usize) -> Vec<FoundTag> {
    let mut tags = Vec::new();
    let mut rest = 0;
    while let Some(found) = html[rest..].find('<') {
        let at = rest + found;
        let after = &html[at + 1..];
        if after.starts_with("!--") {
            rest = after
                .find("-->")
                .map_or(html.len(), |end| at + 1 + end + "-->".len());
            continue;
        }
        let (closing, name_start) = match after.strip_prefix('/') {
            Some(_) => (true, at + 2),
            None => (false, at + 1),
        };
        let name_len = html[name_start..]
            .char_indices()
            .take_while(|&(index, c)| {
                c.is_ascii_alphabetic() || (index > 0 && (c == '-' || c.is_ascii_digit()))
            })
            .count();
        if name_len == 0 {
            rest = at + 1;
            continue;
        }
        let name_end = name_start + name_len;
        let end = tag_end(html, name_end);
        let self_closing = !closing && html[name_end..end].trim_end_matches('>').ends_with('/');
        tags.push(FoundTag {
            at: offset + at,
            name: html[name_start..name_end].to_ascii_lowercase(),
            kind: if closing {
                TagKind::Close
            } else if self_closing {
                TagKind::SelfClosing
            } else {
                TagKind::Open
            },
        });
        rest = end;
    }
    tags
}

/// Just past the `>` that ends a tag whose name ends at `from`, skipping quoted values.
fn tag_end(html: &str, from: usize) -> usize {
    let mut quote = None;
    for (index, c) in html[from..].char_indices() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return from + index + 1,
            _ => {}
        }
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_and_unopened_tags_become_text() {
        assert_eq!(
            balance_html("<b>[Description](https://x.io/a)"),
            "&lt;b>[Description](https://x.io/a)"
        );
        assert_eq!(balance_html("text</p> more"), "text&lt;/p> more");
        assert_eq!(
            balance_html("a List<string> of <roleName>_UserName"),
            "a List&lt;string> of &lt;roleName>_UserName"
        );
    }

    #[test]
    fn a_tag_left_open_inside_a_closed_one_is_text() {
        assert_eq!(balance_html("<p><b>bold</p>"), "<p>&lt;b>bold</p>");
    }

    #[test]
    fn balanced_void_commented_and_code_tags_are_kept() {
        for markdown in [
            "<b>bold</b> and <i>it</i>",
            "line<br>break<br/> and <img src=\"a.png\">",
            "<!-- <b> unclosed in a comment -->",
            "<a href=\"x?a>b\">quoted</a>",
            "`List<string>` in code",
            "```text\n<b>\n```",
            "a < b and c > d",
        ] {
            assert_eq!(balance_html(markdown), markdown, "{markdown}");
        }
    }

    #[test]
    fn self_closing_tags_that_are_not_void_become_text() {
        assert_eq!(balance_html("a <div/> b"), "a &lt;div/> b");
    }
}
