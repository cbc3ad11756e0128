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
