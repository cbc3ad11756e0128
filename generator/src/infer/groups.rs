//! Identity groups: which registered structs are one type of the crate.
//!
//! Without a record, a group is a struct and the bodies that alias it (the same shape).
//! With one, uses that the previous generation gave one type stay one type even when their
//! shapes have drifted apart: a response struct is widened with the keys a use adds (its
//! fields are all `Option` and missing keys decode to `None`, so that is compatible), while
//! shapes that disagree on a field's type, and request structs that differ at all, split,
//! the first use in collection order keeping the name.

use std::collections::{BTreeMap, HashMap};

use super::candidates::Candidate;
use crate::ir::{FieldDef, StructRole, TypeId, TypeRef};
use crate::naming::Scope;
use crate::previous::RememberedNames;

/// A union-find over registered ids, with each group's (possibly widened) fields.
#[derive(Debug)]
pub(super) struct Groups {
    parent: Vec<usize>,
    /// The fields of the group whose root is at this index.
    fields: Vec<Vec<FieldDef>>,
    /// The remembered struct (by path) each id was matched to.
    identity: Vec<Option<String>>,
}

impl Groups {
    /// Groups the registered structs by registration aliases and remembered identity.
    pub(super) fn form(candidates: &[Candidate], remembered: &RememberedNames) -> Groups {
        let mut groups = Groups {
            parent: (0..candidates.len()).collect(),
            fields: candidates.iter().map(|c| c.fields.clone()).collect(),
            identity: vec![None; candidates.len()],
        };
        for (id, candidate) in candidates.iter().enumerate() {
            if let Some(target) = candidate.alias_of {
                let root = groups.root(target.0);
                groups.parent[id] = root;
            }
        }
        // In id order, so the structs a struct's fields name (registered before it) are
        // grouped before its own fields are compared.
        let mut claimed: HashMap<String, usize> = HashMap::new();
        for (id, candidate) in candidates.iter().enumerate() {
            let Some(path) = remembered_identity(candidate, remembered) else {
                continue;
            };
            let Some(&holder) = claimed.get(&path) else {
                claimed.insert(path.clone(), id);
                groups.identity[id] = Some(path);
                continue;
            };
            let (into, from) = (groups.root(holder), groups.root(id));
            if into == from {
                groups.identity[id] = Some(path);
            } else if candidates[into].role == candidate.role {
                if let Some(fields) = groups.unified(into, from, candidate.role) {
                    groups.fields[into] = fields;
                    groups.parent[from] = into;
                    groups.identity[id] = Some(path);
                }
            }
        }
        groups
    }

    /// The root id of `id`'s group.
    pub(super) fn root(&self, mut id: usize) -> usize {
        while self.parent[id] != id {
            id = self.parent[id];
        }
        id
    }

    /// The fields of the group rooted at `root`.
    pub(super) fn fields(&self, root: usize) -> &[FieldDef] {
        &self.fields[root]
    }

    /// The remembered struct path `id` was matched to.
    pub(super) fn identity(&self, id: usize) -> Option<&str> {
        self.identity[id].as_deref()
    }

    /// The fields of both groups as one struct, or `None` when they cannot be one type:
    /// a key typed differently, or (for requests, which users build) any difference.
    fn unified(&self, into: usize, from: usize, role: StructRole) -> Option<Vec<FieldDef>> {
        let (mine, theirs) = (&self.fields[into], &self.fields[from]);
        for field in theirs {
            if let Some(existing) = mine.iter().find(|existing| existing.key == field.key) {
                if self.canonical(&existing.ty) != self.canonical(&field.ty)
                    || existing.skip_if_none != field.skip_if_none
                {
                    return None;
                }
            } else if role == StructRole::Request {
                return None;
            }
        }
        if role == StructRole::Request && mine.len() != theirs.len() {
            return None;
        }
        let mut idents = Scope::with_reserved(mine.iter().map(|field| field.ident.as_str()));
        let mut widened = mine.clone();
        for field in theirs {
            if !mine.iter().any(|existing| existing.key == field.key) {
                widened.push(FieldDef {
                    ident: idents.claim(&field.ident),
                    ..field.clone()
                });
            }
        }
        Some(widened)
    }

    /// `ty` with every struct replaced by its group's root, for comparing types.
    fn canonical(&self, ty: &TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(id) => TypeRef::Named(TypeId(self.root(id.0))),
            TypeRef::Vec(inner) => TypeRef::Vec(Box::new(self.canonical(inner))),
            TypeRef::Option(inner) => TypeRef::Option(Box::new(self.canonical(inner))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(self.canonical(inner))),
            other => other.clone(),
        }
    }
}

/// The remembered struct most of a candidate's uses sat in (ties: the first path).
fn remembered_identity(candidate: &Candidate, remembered: &RememberedNames) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for site in candidate.uses.iter().map(|name| &name.site) {
        if let Some(remembered_type) = remembered.type_at(site) {
            *counts.entry(remembered_type.identity()).or_default() += 1;
        }
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, count)| *count == best)
        .map(|(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{
        body_use, candidate, field, nested, owner_in_two_folders, owner_widened_by_one_use, record,
    };
    use super::*;

    fn keys(fields: &[FieldDef]) -> Vec<&str> {
        fields.iter().map(|field| field.key.as_str()).collect()
    }

    #[test]
    fn without_a_record_a_group_is_a_struct_and_the_bodies_that_alias_it() {
        let id = vec![field("id", TypeRef::I64)];
        let candidates = [
            nested(
                id.clone(),
                vec![body_use("links", "List").child("Owner", ".owner")],
            ),
            candidate(id.clone(), vec![body_use("links", "Get")], Some(0), true),
            candidate(id, vec![body_use("accounts", "Get")], Some(1), true),
            candidate(
                vec![field("name", TypeRef::String)],
                vec![body_use("links", "Find")],
                None,
                true,
            ),
        ];
        let groups = Groups::form(&candidates, &RememberedNames::default());
        let roots: Vec<usize> = (0..candidates.len()).map(|id| groups.root(id)).collect();
        assert_eq!(roots, [0, 0, 0, 3]);
        assert_eq!(groups.identity(0), None);
    }

    #[test]
    fn uses_the_record_gave_one_type_stay_one_widened_by_the_keys_a_use_adds() {
        let (candidates, remembered) = owner_widened_by_one_use();
        let groups = Groups::form(&candidates, &remembered);
        assert_eq!(groups.root(1), 0);
        assert_eq!(keys(groups.fields(0)), ["id", "nickname"]);
        assert_eq!(groups.identity(0), Some("types::Owner"));
        assert_eq!(groups.identity(1), Some("types::Owner"));
    }

    #[test]
    fn a_use_whose_field_changed_type_splits_off_and_the_first_keeps_the_identity() {
        let (list, get, remembered) = owner_in_two_folders();
        let candidates = [
            nested(vec![field("id", TypeRef::I64)], vec![list]),
            nested(vec![field("id", TypeRef::String)], vec![get]),
        ];
        let groups = Groups::form(&candidates, &remembered);
        assert_eq!((groups.root(0), groups.root(1)), (0, 1));
        assert_eq!(groups.identity(0), Some("types::Owner"));
        assert_eq!(groups.identity(1), None);
        assert_eq!(keys(groups.fields(0)), ["id"]);
    }

    #[test]
    fn request_structs_that_differ_at_all_split() {
        let (list, get, remembered) = owner_in_two_folders();
        let request = |fields, name_use| Candidate {
            role: StructRole::Request,
            ..candidate(fields, vec![name_use], None, false)
        };
        let candidates = [
            request(vec![field("id", TypeRef::I64)], list),
            request(
                vec![
                    field("id", TypeRef::I64),
                    field("nickname", TypeRef::String),
                ],
                get,
            ),
        ];
        let groups = Groups::form(&candidates, &remembered);
        assert_eq!((groups.root(0), groups.root(1)), (0, 1));
        assert_eq!(keys(groups.fields(0)), ["id"]);
    }

    #[test]
    fn a_field_naming_a_struct_compares_by_the_group_of_that_struct() {
        // Two owner structs the record made one, and two bodies whose `owner` fields name
        // one each: the bodies are then of one shape, and unify.
        let (list, get, _) = owner_in_two_folders();
        let (list_body, get_body) = (body_use("links", "List"), body_use("accounts", "Get"));
        let remembered = record([
            (
                "types::Owner".to_string(),
                None,
                vec![list.site.clone(), get.site.clone()],
            ),
            (
                "types::Page".to_string(),
                None,
                vec![list_body.site.clone(), get_body.site.clone()],
            ),
        ]);
        let named = |id| field("owner", TypeRef::Named(TypeId(id)));
        let candidates = [
            nested(vec![field("id", TypeRef::I64)], vec![list]),
            nested(vec![field("id", TypeRef::I64)], vec![get]),
            candidate(vec![named(0)], vec![list_body], None, true),
            candidate(vec![named(1)], vec![get_body], None, true),
        ];
        let groups = Groups::form(&candidates, &remembered);
        assert_eq!(groups.root(1), 0);
        assert_eq!(groups.root(3), 2);
    }
}
