//! Collection descriptions → rustdoc attributes.
//!
//! Markdown is kept, but nothing in it may become a doctest: rustdoc runs unlabeled and
//! `rust` code fences, and indented blocks, as Rust. Fences are relabelled `text`, and
//! indentation outside fences is removed. Links and HTML tags are fixed so that
//! rustdoc's lints accept them (see `doc_links` and `doc_html`).

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_html::balance_html;
use super::doc_links::fix_links;

/// Makes collection markdown safe as rustdoc.
fn sanitize_markdown(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    // Width of the open list item's marker: its continuation lines are indented to match
    // (markdown's "lazy continuation", which clippy rejects).
    let mut list_indent: Option<usize> = None;
    // Control characters (NUL, escape, ...) mean nothing in docs and would make the emitted
    // files binary to git; tabs and line breaks are kept.
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (&fence, marker) {
            (None, Some(marker)) => {
                let label = trimmed
                    .trim_start_matches(marker.chars().next().unwrap_or('`'))
                    .trim();
                let runs_as_rust = label.is_empty()
                    || label
                        .split(',')
                        .any(|part| matches!(part.trim(), "rust" | "rs"));
                let label = if runs_as_rust { "text" } else { label };
                lines.push(format!("{marker}{label}"));
                fence = Some(marker.to_string());
            }
            (Some(open), Some(marker)) if open == marker => {
                lines.push(marker.to_string());
                fence = None;
            }
            (Some(_), _) => lines.push(line.trim_end().to_string()),
            (None, None) => {
                let text = trimmed.trim_end();
                if text.is_empty() {
                    list_indent = None;
                    lines.push(String::new());
                } else if let Some(width) = list_marker_width(text) {
                    list_indent = Some(width);
                    lines.push(text.to_string());
                } else if let Some(width) = list_indent.filter(|_| !text.starts_with('#')) {
                    lines.push(format!("{}{text}", " ".repeat(width)));
                } else {
                    list_indent = None;
                    lines.push(text.to_string());
                }
            }
        }
    }
    if let Some(open) = fence {
        lines.push(open);
    }
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|line| line.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// `- `, `* `, `+ ` or `12. ` at the start of a line: the width of the list marker.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// `text` as a markdown code span, whatever it holds: the fence is one backtick longer than
/// the longest run of backticks inside, and line breaks become spaces. Collection names and
/// values shown in docs go through this, so `[`, `<` or a backtick in them stays literal.
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A span that starts or ends with a backtick needs a space to keep it off the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Outer doc attributes (`///`) for an item, one per line.
pub fn doc_attrs(paragraphs: &[Option<&str>]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for a module.
pub fn inner_doc_attrs(paragraphs: &[Option<&str>]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

fn doc_lines(paragraphs: &[Option<&str>]) -> Vec<String> {
    // A leading space makes `/// text` rather than `///text`.
    markdown_lines(paragraphs)
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// The paragraphs as rustdoc-safe markdown lines, a blank line between paragraphs.
pub fn markdown_lines(paragraphs: &[Option<&str>]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().flatten() {
        let paragraph = sanitize_markdown(paragraph);
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph);
    }
    if lines.is_empty() {
        return lines;
    }
    // Fixed over the whole text, as rustdoc reads it: a fence opened in one line decides
    // whether a URL lines below is code, and a tag may close lines after it opens.
    let markdown = lines.join("\n");
    let lines = match rustdoc_clean(&markdown) {
        Cow::Borrowed(_) => lines,
        Cow::Owned(clean) => clean.split('\n').map(str::to_owned).collect(),
    };
    without_blank_runs(lines)
}

/// One blank line where the text has several (markdown reads them the same), except inside a
/// fenced code block, whose lines are kept as written.
fn without_blank_runs(lines: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let repeated_blank =
            line.trim().is_empty() && kept.last().is_some_and(|last| last.trim().is_empty());
        if in_fence || !repeated_blank {
            kept.push(line);
        }
    }
    kept
}

/// Markdown that rustdoc's lints accept: links fixed, then tags balanced. Each fix changes
/// what the markdown parser sees next (an unlinked link's text may hold a bare URL, escaped
/// brackets may close a link around them), so both run again until nothing changes.
fn rustdoc_clean(markdown: &str) -> Cow<'_, str> {
    // Each round removes links or tags and adds none, so a few rounds settle any real text;
    // the bound only guards against a case that would not.
    const MAX_ROUNDS: usize = 8;
    let mut current = Cow::Borrowed(markdown);
    for _ in 0..MAX_ROUNDS {
        let links_fixed = fix_links(&current);
        let balanced = balance_html(&links_fixed);
        if matches!(
            (&links_fixed, &balanced),
            (Cow::Borrowed(_), Cow::Borrowed(_))
        ) {
            break;
        }
        let next = balanced.into_owned();
        current = Cow::Owned(next);
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_that_would_run_are_relabelled() {
        let lines = sanitize_markdown(
            "Intro\n```\nlet x = 1;\n```\n```json\n{}\n```\n```rust\nfn f(){}\n```",
        );
        assert_eq!(
            lines,
            [
                "Intro",
                "```text",
                "let x = 1;",
                "```",
                "```json",
                "{}",
                "```",
                "```text",
                "fn f(){}",
                "```"
            ]
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(sanitize_markdown("a\u{0}b\u{1b}c\td"), ["abc\td"]);
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            sanitize_markdown("- a\nb\n\nc\n10. d\ne"),
            ["- a", "  b", "", "c", "10. d", "    e"]
        );
    }

    #[test]
    fn indentation_outside_fences_is_dropped_and_open_fences_closed() {
        assert_eq!(
            sanitize_markdown("a\n\n    indented\n```\nopen"),
            ["a", "", "indented", "```text", "open", "```"]
        );
    }

    #[test]
    fn fixes_repeat_until_rustdoc_would_accept_the_text() {
        // The inner brackets are escaped first; the outer pair then reads as no link, and
        // the placeholder inside as an unclosed tag.
        assert_eq!(
            markdown_lines(&[Some("[[<roleName>_UserName]]")]),
            ["\\[\\[&lt;roleName>_UserName\\]\\]"]
        );
        // The unlinked text is a bare URL.
        assert_eq!(
            markdown_lines(&[Some("[https://x.io](ctp:type:X)")]),
            ["<https://x.io>"]
        );
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("201 - [US] Create"), "`201 - [US] Create`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(code_span("two\nlines"), "`two lines`");
    }

    #[test]
    fn blank_runs_become_one_blank_line_outside_code() {
        let lines = |text: &str| text.split('\n').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            without_blank_runs(lines("a\n\n\nb\n```\nx\n\n\ny\n```\n\n\nc")),
            lines("a\n\nb\n```\nx\n\n\ny\n```\n\nc")
        );
    }
}
