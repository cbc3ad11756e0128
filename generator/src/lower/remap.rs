//! References made while lowering → references into the final, sorted registries.
//!
//! The type, credential and variable registries hand out indexes in first-use order while the
//! folders are walked, and sort once every use is known; this is where each reference follows
//! its item to its final place.

use crate::infer::TypeRemap;
use crate::ir::{
    CredentialRef, Module, PathSegment, RequestBody, ResponseBody, SegmentPart, VariableRef,
};

/// `items` sorted by `compare`, and where each moved: `moved[before] == after`. Registries
/// hand out references in first-use order and sort at the end; the references follow.
pub(super) fn sort_with_moves<T>(
    items: Vec<T>,
    compare: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> (Vec<T>, Vec<usize>) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|a, b| compare(&items[*a], &items[*b]));
    let mut moved = vec![0; items.len()];
    for (after, before) in order.iter().enumerate() {
        moved[*before] = after;
    }
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .filter_map(|before| items[*before].take())
        .collect();
    (sorted, moved)
}

/// Where the references handed out while lowering point once their registries are final.
pub(super) struct Moved<'a> {
    pub types: &'a TypeRemap,
    pub credentials: &'a [CredentialRef],
    pub variables: &'a [VariableRef],
}

/// Points every body type of `module` and below at its final struct (see [`TypeRemap`]),
/// and every credential and variable reference at its final place.
pub(super) fn remap_module(module: &mut Module, moved: &Moved<'_>) {
    module.each_operation_mut(&mut |operation| {
        if let Some(RequestBody::Json(ty, _) | RequestBody::Form(ty)) = &mut operation.body {
            moved.types.apply(ty);
        }
        for response in &mut operation.responses {
            if let ResponseBody::Json(ty) = &mut response.body {
                moved.types.apply(ty);
            }
        }
        if let Some(credential) = &mut operation.auth {
            *credential = moved.credentials[credential.0];
        }
        for segment in &mut operation.path.segments {
            if let PathSegment::Template { parts, .. } = segment {
                for part in parts {
                    if let SegmentPart::Variable(variable) = part {
                        *variable = moved.variables[variable.0];
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Operation, PathTemplate};

    #[test]
    fn sorting_says_where_each_item_went() {
        let (sorted, moved) = sort_with_moves(vec!["c", "a", "b"], |x, y| x.cmp(y));
        assert_eq!(sorted, ["a", "b", "c"]);
        assert_eq!(moved, [2, 0, 1]);
    }

    #[test]
    fn credentials_and_path_variables_follow_their_items_in_every_module() {
        let operation = |credential: usize, variable: usize| Operation {
            key: String::new(),
            item_path: String::new(),
            method_name: String::new(),
            http_method: "GET".into(),
            path: PathTemplate {
                segments: vec![PathSegment::Template {
                    written: String::new(),
                    parts: vec![SegmentPart::Variable(VariableRef(variable))],
                }],
            },
            response_enum: String::new(),
            query: None,
            fixed_headers: Vec::new(),
            headers: None,
            body: None,
            responses: Vec::new(),
            description: None,
            auth: Some(CredentialRef(credential)),
            pagination: None,
        };
        let module = |operations, children| Module {
            key: String::new(),
            item_path: String::new(),
            ident: String::new(),
            accessor: String::new(),
            description: None,
            operations,
            children,
        };
        let mut root = module(
            vec![operation(0, 1)],
            vec![module(vec![operation(1, 0)], Vec::new())],
        );
        let moved = Moved {
            types: &TypeRemap::default(),
            credentials: &[CredentialRef(1), CredentialRef(0)],
            variables: &[VariableRef(1), VariableRef(0)],
        };
        remap_module(&mut root, &moved);
        let refs = |operation: &Operation| {
            let Some(PathSegment::Template { parts, .. }) = operation.path.segments.first() else {
                unreachable!()
            };
            let [SegmentPart::Variable(variable)] = parts.as_slice() else {
                unreachable!()
            };
            (operation.auth, *variable)
        };
        assert_eq!(
            refs(&root.operations[0]),
            (Some(CredentialRef(1)), VariableRef(0))
        );
        assert_eq!(
            refs(&root.children[0].operations[0]),
            (Some(CredentialRef(0)), VariableRef(1))
        );
    }
}
