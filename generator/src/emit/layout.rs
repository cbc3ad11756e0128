//! Blank lines of the emitted Rust, decided on the syntax tree rather than on printed text,
//! and the field tables of `response_struct!` one entry a line.
//!
//! prettyplease prints items back to back. rustfmt keeps the blank lines a person wrote, and
//! people write one between items, after the module docs and after the `use` group, and
//! nowhere else (not between match arms, fields or statements). Each item that should be set
//! apart gets a marker doc attribute before printing; the marker's printed line becomes the
//! blank line. prettyplease fills a macro's arguments like a paragraph, where a person (and
//! rustfmt, which leaves macro arguments alone) writes a table.

use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::{Attribute, File, ImplItem, Item, TraitItem};

/// The text of the marker attribute. A NUL cannot come from a collection's description:
/// descriptions are cleaned of control characters before they become docs.
const MARKER: &str = "\0blank\0";

/// Prints `file` with blank lines between items only.
pub fn unparse(mut file: File) -> String {
    let has_docs = file.attrs.iter().any(is_inner);
    mark_items(&mut file.items, has_docs);
    let printed = prettyplease::unparse(&file);
    let marker_line = format!("///{MARKER}");
    let mut out = String::with_capacity(printed.len() + printed.len() / 16);
    let mut lines = printed.lines();
    while let Some(line) = lines.next() {
        if let Some(table) = TABLES.iter().find(|table| line.starts_with(**table)) {
            let mut call = line.to_string();
            while !call.ends_with(");") {
                let Some(next) = lines.next() else { break };
                call.push(' ');
                call.push_str(next.trim());
            }
            out.push_str(&field_table(table, &call).unwrap_or(call));
        } else if line.trim_start() != marker_line {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// How the macro calls printed as tables start: a response struct's field table
/// (`emit/types.rs::response_decoding`) and a response enum's statuses
/// (`emit/operations/response_enum.rs`); each is always an item of a file's top level.
const TABLES: &[&str] = &[
    "crate::tolerant::response_struct!(",
    "crate::http::response_enum!(",
];

/// `crate::tolerant::response_struct!(Name { "key" => field, ... } required { ... });`
/// printed one entry a line; `None` for anything else (printed as it was).
fn field_table(table: &str, call: &str) -> Option<String> {
    let arguments = call.strip_prefix(table)?.strip_suffix(");")?;
    let tokens: Vec<TokenTree> = TokenStream::from_str(arguments).ok()?.into_iter().collect();
    let mut out = String::from(table);
    for token in &tokens {
        match token {
            TokenTree::Ident(word) => {
                out.push_str(&word.to_string());
                out.push(' ');
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                out.push('{');
                for entry in split_entries(group.stream()) {
                    out.push_str("\n    ");
                    out.push_str(&entry);
                    out.push(',');
                }
                out.push_str(if group.stream().is_empty() {
                    "} "
                } else {
                    "\n} "
                });
            }
            _ => return None,
        }
    }
    Some(format!("{});", out.trim_end()))
}

/// `"key" => field` entries of a table, each as one line of text.
fn split_entries(entries: TokenStream) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut joint = false;
    for token in entries {
        if let TokenTree::Punct(punct) = &token {
            if punct.as_char() == ',' {
                lines.push(std::mem::take(&mut current));
                continue;
            }
        }
        // `Ok(json)`: no space before a variant's parenthesised body.
        let parenthesised = matches!(&token, TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis);
        if !current.is_empty() && !joint && !parenthesised {
            current.push(' ');
        }
        joint = matches!(&token, TokenTree::Punct(punct) if punct.spacing() == Spacing::Joint);
        current.push_str(&token.to_string());
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn is_inner(attr: &Attribute) -> bool {
    matches!(attr.style, syn::AttrStyle::Inner(_))
}

/// Marks every item of a module body that follows another (or the module's docs), except
/// within a run of `use` declarations or of `mod name;` declarations.
fn mark_items(items: &mut [Item], after_docs: bool) {
    for index in 0..items.len() {
        let set_apart = match index {
            0 => after_docs,
            _ => !same_run(&items[index - 1], &items[index]),
        };
        let item = &mut items[index];
        mark_nested(item);
        if set_apart {
            if let Some(attrs) = item_attrs(item) {
                attrs.insert(0, marker());
            }
        }
    }
}

fn same_run(previous: &Item, item: &Item) -> bool {
    let declaration = |item: &Item| matches!(item, Item::Mod(module) if module.content.is_none());
    matches!((previous, item), (Item::Use(_), Item::Use(_)))
        || (declaration(previous) && declaration(item))
}

/// Items inside inline modules, impl blocks and traits are set apart the same way.
fn mark_nested(item: &mut Item) {
    match item {
        Item::Mod(module) => {
            let has_docs = module.attrs.iter().any(is_inner);
            if let Some((_, items)) = &mut module.content {
                mark_items(items, has_docs);
            }
        }
        Item::Impl(block) => {
            for member in block.items.iter_mut().skip(1) {
                if let Some(attrs) = impl_item_attrs(member) {
                    attrs.insert(0, marker());
                }
            }
        }
        Item::Trait(block) => {
            for member in block.items.iter_mut().skip(1) {
                if let Some(attrs) = trait_item_attrs(member) {
                    attrs.insert(0, marker());
                }
            }
        }
        _ => {}
    }
}

fn marker() -> Attribute {
    syn::parse_quote!(#[doc = #MARKER])
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::ExternCrate(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::ForeignMod(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Static(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::TraitAlias(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        Item::Union(item) => &mut item.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return None,
    })
}

fn impl_item_attrs(item: &mut ImplItem) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        ImplItem::Const(item) => &mut item.attrs,
        ImplItem::Fn(item) => &mut item.attrs,
        ImplItem::Type(item) => &mut item.attrs,
        ImplItem::Macro(item) => &mut item.attrs,
        _ => return None,
    })
}

fn trait_item_attrs(item: &mut TraitItem) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        TraitItem::Const(item) => &mut item.attrs,
        TraitItem::Fn(item) => &mut item.attrs,
        TraitItem::Type(item) => &mut item.attrs,
        TraitItem::Macro(item) => &mut item.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::unparse;

    fn printed(source: &str) -> String {
        unparse(syn::parse_str(source).unwrap())
    }

    #[test]
    fn items_are_set_apart_and_nothing_inside_them() {
        let source = r#"
            //! Docs.
            use a::b;
            use c::d;
            mod x;
            mod y;
            /// A.
            pub struct A { x: u8, y: u8 }
            impl A {
                fn f(&self) -> u8 { match self.x { 0 => { 1 } _ => { 2 } } }
                fn g() {}
            }
            pub type T =
                crate::very::long::path::to::some::Type;
            enum E { One { a: u8 }, Two }
        "#;
        assert_eq!(
            printed(source),
            "//! Docs.\n\nuse a::b;\nuse c::d;\n\nmod x;\nmod y;\n\n/// A.\npub struct A {\n    x: u8,\n    y: u8,\n}\n\n\
             impl A {\n    fn f(&self) -> u8 {\n        match self.x {\n            0 => 1,\n            _ => 2,\n        }\n    }\n\n    fn g() {}\n}\n\n\
             pub type T = crate::very::long::path::to::some::Type;\n\nenum E {\n    One { a: u8 },\n    Two,\n}\n"
        );
    }

    #[test]
    fn field_tables_have_one_entry_a_line() {
        let source = r#"
            crate::tolerant::response_struct!(Ok { "id" => id, "a, b" => a_b, "type" => type_, "x\"y" => x_y, "= >" => odd, "long_key_number_one" => long_key_number_one, "long_key_number_two" => long_key_number_two });
            crate::tolerant::response_struct!(Counted { "label" => label } required { "items" => items });
            crate::tolerant::response_struct!(Only {} required { "items" => items });
        "#;
        assert_eq!(
            printed(source),
            "crate::tolerant::response_struct!(Ok {\n    \"id\" => id,\n    \"a, b\" => a_b,\n    \"type\" => type_,\n    \"x\\\"y\" => x_y,\n    \"= >\" => odd,\n    \"long_key_number_one\" => long_key_number_one,\n    \"long_key_number_two\" => long_key_number_two,\n});\n\n\
             crate::tolerant::response_struct!(Counted {\n    \"label\" => label,\n} required {\n    \"items\" => items,\n});\n\n\
             crate::tolerant::response_struct!(Only {} required {\n    \"items\" => items,\n});\n"
        );
    }

    #[test]
    fn a_file_without_docs_starts_with_its_first_item() {
        assert_eq!(printed("fn f() {}\nfn g() {}"), "fn f() {}\n\nfn g() {}\n");
    }
}
