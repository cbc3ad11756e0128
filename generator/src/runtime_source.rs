//! The emitted crate's fixed `Client` as the generator embeds it: the text of
//! `templates/runtime/src/client.rs` (real Rust, compiled and tested in the `emitted-runtime`
//! crate), which `emit/client/fixed.rs` prints with the collection's parts, and the names of
//! its methods, which `ir/reserved.rs` keeps the collection's names clear of.
//!
//! A leaf: the IR's reserved names come from here rather than from `emit/`, so that `ir/`
//! imports no stage.

/// `templates/runtime/src/client.rs`, as written.
pub const CLIENT: &str = include_str!("../../templates/runtime/src/client.rs");

/// The methods of the file's inherent `impl Client` (`new`, the settings, `base_url`,
/// `send`), in its order. Empty only if the file had no such block, which the generator's
/// tests would show at once (`emit/client/fixed.rs` needs it).
pub fn client_method_names() -> Vec<String> {
    let Ok(file) = syn::parse_file(CLIENT) else {
        return Vec::new();
    };
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() && is_client(&block.self_ty) => {
                Some(block)
            }
            _ => None,
        })
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn is_client(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.is_ident("Client"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fixed_methods_are_read_from_the_file() {
        let names = super::client_method_names();
        for name in [
            "new",
            "with_timeout",
            "with_max_retries",
            "base_url",
            "send",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
    }
}
