//! A crate that uses every public item of a record, the way downstream code would: reads
//! each field at its recorded type, builds request structs with struct literals, matches
//! every variant's payload, calls every method with its recorded arguments and return type.
//! If it compiles against a regenerated crate, code written against the record still does.

use std::collections::{BTreeMap, BTreeSet};

use generator::record::{ApiItem, ItemKind};

/// The consumer's `src/lib.rs`; the generated crate is its dependency `dep`.
pub fn consumer_source(items: &BTreeMap<String, ApiItem>) -> String {
    let roots: BTreeSet<&str> = items
        .keys()
        .map(|path| path.split("::").next().unwrap_or(path))
        .chain(["Error", "UndocumentedResponse", "client"])
        .collect();
    let qualify = |text: &str| qualify(text, &roots);
    let mut out = String::from(
        "//! Uses the whole recorded API of `dep`.\n\
         #![allow(unreachable_code, unused_variables, clippy::all)]\n\n\
         fn any<T>() -> T {\n    unimplemented!()\n}\n\n",
    );
    // The fixed runtime's items are generic (`Call<'a, T>`, `Response<T>`) and the same for
    // every collection: their changes are reported from the record's diff alone.
    let decided = items.iter().filter(|(_, item)| !item.runtime);
    for (index, (path, item)) in decided.enumerate() {
        let (owner, name) = path.rsplit_once("::").unwrap_or(("", path));
        let full = qualify(path);
        let owner_type = qualify(owner);
        let signature = qualify(&item.signature);
        let text = match item.kind {
            ItemKind::Module => format!("pub use dep::{path} as m{index};\n"),
            ItemKind::Struct if item.non_exhaustive => {
                format!("pub fn d{index}() -> {full} {{\n    {full}::default()\n}}\n")
            }
            ItemKind::Struct => {
                let fields: Vec<String> = items
                    .iter()
                    .filter(|(field, entry)| {
                        entry.kind == ItemKind::Field
                            && field.rsplit_once("::").map(|(parent, _)| parent) == Some(path)
                    })
                    .map(|(field, _)| {
                        let ident = field.rsplit("::").next().unwrap_or(field);
                        format!("{ident}: any(), ")
                    })
                    .collect();
                if fields.is_empty() {
                    continue; // Accessors and `Client`: private fields, built by the crate.
                }
                format!(
                    "pub fn l{index}() -> {full} {{\n    {full} {{ {} }}\n}}\n",
                    fields.concat()
                )
            }
            ItemKind::Field => format!(
                "pub fn f{index}(x: &{owner_type}) -> &{signature} {{\n    &x.{name}\n}}\n"
            ),
            ItemKind::TypeAlias => {
                format!("pub fn a{index}(x: {full}) -> {signature} {{\n    x\n}}\n")
            }
            ItemKind::Enum => format!("pub fn e{index}(x: {full}) -> u16 {{\n    x.status()\n}}\n"),
            ItemKind::Variant if item.signature.is_empty() => format!(
                "pub fn v{index}(x: {owner_type}) -> bool {{\n    matches!(x, {full})\n}}\n"
            ),
            ItemKind::Variant => format!(
                "pub fn v{index}(x: {owner_type}) {{\n    if let {full}(payload) = x {{\n        let _: {} = payload;\n    }}\n}}\n",
                signature.trim_start_matches('(').trim_end_matches(')')
            ),
            ItemKind::Method => method(index, owner, name, &item.signature, &qualify),
        };
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// A function calling one method with arguments of its recorded types.
fn method(
    index: usize,
    owner: &str,
    name: &str,
    signature: &str,
    qualify: &dyn Fn(&str) -> String,
) -> String {
    let owner_type = if owner == "Client" {
        "dep::Client".to_string()
    } else {
        format!("{}<'_>", qualify(owner))
    };
    let Some((arguments, returns)) = signature
        .split_once("fn(")
        .and_then(|(_, rest)| rest.rsplit_once(") -> "))
    else {
        return format!("pub fn c{index}() -> {owner_type} {{\n    {owner_type}::{name}()\n}}\n");
    };
    let returns = qualify(returns);
    if arguments.is_empty() {
        // An associated function (`Client::default`).
        let returns = returns.replace("Self", &owner_type);
        return format!("pub fn c{index}() -> {returns} {{\n    {owner_type}::{name}()\n}}\n");
    }
    let values: Vec<&str> = split_arguments(arguments)
        .into_iter()
        .filter(|argument| *argument != "&self" && *argument != "self")
        .map(|argument| {
            let ty = argument.split_once(": ").map_or("", |(_, ty)| ty);
            match ty {
                "&str" | "impl Into<String>" => "\"x\"",
                ty if ty.starts_with('&') => "&any()",
                _ => "any()",
            }
        })
        .collect();
    let call = format!("{name}({})", values.join(", "));
    if let Some(response) = returns
        .strip_prefix("dep::client::Call<")
        .and_then(|rest| rest.split_once(", "))
        .and_then(|(_, rest)| rest.strip_suffix('>'))
    {
        // An operation: its call as recorded, and the call awaited, as most code writes it.
        let (generics, borrowed) = borrowed_owner(&owner_type, &returns);
        format!(
            "pub fn c{index}{generics}(o: &{borrowed}) -> {returns} {{\n    o.{call}\n}}\n\n\
             pub async fn c{index}_awaited(o: &{owner_type}) -> Result<{response}, dep::Error> {{\n    o.{call}.await\n}}\n"
        )
    } else if signature.starts_with("fn(self") {
        format!("pub fn c{index}(o: {owner_type}) -> {owner_type} {{\n    o.{call}\n}}\n")
    } else {
        let returns = returns.replace("Self", &owner_type);
        let (generics, borrowed) = borrowed_owner(&owner_type, &returns);
        format!("pub fn c{index}{generics}(o: &{borrowed}) -> {returns} {{\n    o.{call}\n}}\n")
    }
}

/// What a function returning `returns` declares and takes: a value that borrows an accessor
/// for the accessor's `'a` (a call, a stream) needs the accessor with that lifetime named.
fn borrowed_owner(owner_type: &str, returns: &str) -> (&'static str, String) {
    match owner_type.strip_suffix("<'_>") {
        Some(accessor) if returns.contains("<'a,") => ("<'a>", format!("{accessor}<'a>")),
        _ => ("", owner_type.to_string()),
    }
}

/// Splits `a: T, b: Map<K, V>` at the commas outside angle brackets.
fn split_arguments(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (at, c) in text.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.retain(|part| !part.is_empty());
    parts
}

/// `links::UpdateOk` → `dep::links::UpdateOk` for paths of the crate; `String`,
/// `uuid::Uuid` and the like stay as they are.
fn qualify(text: &str, roots: &BTreeSet<&str>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.push_str(&rest[..start]);
        let word_end = rest[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .map_or(rest.len(), |end| start + end);
        let path = &rest[start..word_end];
        let first = path.split("::").next().unwrap_or(path);
        let preceded_by_path = out.ends_with("::");
        if roots.contains(first) && !preceded_by_path {
            out.push_str("dep::");
        }
        out.push_str(path);
        rest = &rest[word_end..];
    }
    out.push_str(rest);
    out
}
