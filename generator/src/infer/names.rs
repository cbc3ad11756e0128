//! Names and homes of the grouped structs, and the type space the emitters read.
//!
//! Each group is one definition; the bodies in it that are not the definition keep their
//! own names as aliases of it, and nested uses merged into it disappear into it. Names the
//! previous generation gave are taken first, for the same origins; everything else is named
//! as on a first generation, from the nearest keys, in registration order.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::candidates::{Candidate, NameUse};
use super::groups::Groups;
use crate::ir::origin::Site;
use crate::ir::reserved;
use crate::ir::{StructDef, TypeHome, TypeId, TypeRef, TypeSpace};
use crate::naming::Scope;
use crate::previous::RememberedNames;

/// Names no inferred type takes, in any module, besides the emitted crate's own (the crate
/// root's types, kept clear of in every module so that no folder's type reads as the crate's
/// `Error`, and std's prelude; both in `ir/reserved.rs`). These two are inference's own:
/// `Self` is a keyword, which `pascal_word` does not escape (an escape inside a name breaks the
/// `non_camel_case_types` lint), and `Value` is what untyped fields are (`serde_json::Value`),
/// which a struct of that name would be taken for.
const INFERRED_TYPES_AVOID: &[&str] = &["Self", "Value"];

/// Where each registered id ended up in the [`TypeSpace`]; applied to every type the
/// lowering handed out while registering. The default is an empty registry's.
#[derive(Debug, Clone, Default)]
pub struct TypeRemap(Vec<TypeId>);

impl TypeRemap {
    /// Points `ty`'s structs at their final ids.
    pub fn apply(&self, ty: &mut TypeRef) {
        match ty {
            TypeRef::Named(id) => *id = self.0[id.0],
            TypeRef::Vec(inner) | TypeRef::Option(inner) | TypeRef::Map(inner) => self.apply(inner),
            _ => {}
        }
    }
}

/// What becomes of one registered id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// The group's one definition.
    Definition,
    /// A body with a name of its own: `pub type Name = Definition;`.
    Alias(usize),
    /// A nested use folded into the definition.
    Merged(usize),
}

/// The type space of the grouped `candidates`, and where each registered id went. The steps
/// below run in this order; each one's doc says what it decides.
pub(super) fn name_groups(
    candidates: Vec<Candidate>,
    groups: Groups,
    reserved: &BTreeMap<TypeHome, Scope>,
    remembered: &RememberedNames,
) -> (TypeSpace, TypeRemap) {
    let members = members_by_group(&groups, candidates.len());
    let fates = decide_fates(&candidates, &groups, &members, remembered);
    let uses = uses_by_definition(&candidates, &fates);
    let mut named =
        claim_remembered_names(&candidates, &groups, &members, &fates, reserved, remembered);
    name_new_types(&mut named, &uses, &fates, reserved, remembered);
    let remap = final_ids(&fates);
    let space = type_space(&candidates, &groups, &fates, &uses, named, &remap);
    (space, remap)
}

/// A type's home and name, once chosen.
type Placement = (TypeHome, String);

/// The ids of each group, by the group's root, in id order.
fn members_by_group(groups: &Groups, count: usize) -> BTreeMap<usize, Vec<usize>> {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for id in 0..count {
        members.entry(groups.root(id)).or_default().push(id);
    }
    members
}

/// What becomes of each id: its group's definition (see [`choose_definition`]), or, for the
/// group's other members, an alias of it (a body, which keeps a name of its own) or a use
/// merged into it (a nested struct, which disappears).
fn decide_fates(
    candidates: &[Candidate],
    groups: &Groups,
    members: &BTreeMap<usize, Vec<usize>>,
    remembered: &RememberedNames,
) -> Vec<Fate> {
    let mut fates = vec![Fate::Definition; candidates.len()];
    for ids in members.values() {
        let definition = choose_definition(ids, candidates, groups, remembered);
        for &id in ids.iter().filter(|&&id| id != definition) {
            fates[id] = if candidates[id].top_level {
                Fate::Alias(definition)
            } else {
                Fate::Merged(definition)
            };
        }
    }
    fates
}

/// The uses a definition stands for: its own and those of the nested uses merged into it.
/// An alias stands for its own; a merged id for none.
fn uses_by_definition<'a>(candidates: &'a [Candidate], fates: &[Fate]) -> Vec<Vec<&'a NameUse>> {
    let mut uses: Vec<Vec<&NameUse>> = vec![Vec::new(); candidates.len()];
    for (id, candidate) in candidates.iter().enumerate() {
        let owner = match fates[id] {
            Fate::Definition | Fate::Alias(_) => id,
            Fate::Merged(definition) => definition,
        };
        uses[owner].extend(candidate.uses.iter());
    }
    uses
}

/// Remembered names first, so no new type can take one an existing origin still has: a body
/// takes the name the record gave its site, a nested definition the name of the struct its
/// group was matched to; neither when the name is retired, its home has gone or another
/// type took it first.
fn claim_remembered_names(
    candidates: &[Candidate],
    groups: &Groups,
    members: &BTreeMap<usize, Vec<usize>>,
    fates: &[Fate],
    reserved: &BTreeMap<TypeHome, Scope>,
    remembered: &RememberedNames,
) -> Vec<Option<Placement>> {
    let mut named: Vec<Option<Placement>> = vec![None; candidates.len()];
    let mut given: HashSet<Placement> = HashSet::new();
    for id in unmerged(fates) {
        let candidate = &candidates[id];
        let wanted = if candidate.top_level {
            remembered
                .type_at(&candidate.uses[0].site)
                .filter(|t| !t.retired)
                .map(|t| (t.home.clone(), t.name.clone()))
        } else {
            group_identity(&members[&groups.root(id)], groups)
                .filter(|path| !remembered.is_retired(path))
                .map(|path| {
                    let (home, name) = TypeHome::split_type_path(path);
                    (home, name.to_string())
                })
        };
        if let Some((home, name)) = wanted {
            if home_exists(&home, reserved) && given.insert((home.clone(), name.clone())) {
                named[id] = Some((home, name));
            }
        }
    }
    named
}

/// Then new names, as a first generation chooses them: a type all of whose uses are in one
/// folder lives in its module (named after the operation when it has one), any other in
/// `types`; it takes the first of its [`name_candidates`] still free there, or the last one
/// numbered.
fn name_new_types(
    named: &mut [Option<Placement>],
    uses: &[Vec<&NameUse>],
    fates: &[Fate],
    reserved: &BTreeMap<TypeHome, Scope>,
    remembered: &RememberedNames,
) {
    let mut scopes: BTreeMap<TypeHome, Scope> = BTreeMap::new();
    for id in unmerged(fates) {
        if named[id].is_some() {
            continue;
        }
        let uses = &uses[id];
        let first = uses[0];
        let same_module = uses.iter().all(|u| u.module == first.module);
        let single_owner = same_module && uses.iter().all(|u| u.owner == first.owner);
        let home = if same_module {
            TypeHome::Module(first.module.clone())
        } else {
            TypeHome::Shared
        };
        let scope = scopes
            .entry(home.clone())
            .or_insert_with(|| names_taken_in(&home, reserved, remembered));
        let wanted = if single_owner {
            name_candidates(first, true)
        } else {
            most_frequent_candidates(uses)
        };
        let name = match wanted.iter().find(|name| scope.try_claim(name)) {
            Some(name) => name.clone(),
            None => scope.claim(wanted.last().map_or("Type", String::as_str)),
        };
        named[id] = Some((home, name));
    }
}

/// The final ids, compacted: merged ids leave no struct behind and point at their
/// definition's.
fn final_ids(fates: &[Fate]) -> TypeRemap {
    let mut final_id = vec![TypeId(0); fates.len()];
    for (next, id) in unmerged(fates).enumerate() {
        final_id[id] = TypeId(next);
    }
    for (id, fate) in fates.iter().enumerate() {
        if let Fate::Merged(definition) = *fate {
            final_id[id] = final_id[definition];
        }
    }
    TypeRemap(final_id)
}

/// The structs, in id order: a definition has its group's (possibly widened) fields, an
/// alias its own; field types point at final ids, and origins are the sites of the uses each
/// stands for.
fn type_space(
    candidates: &[Candidate],
    groups: &Groups,
    fates: &[Fate],
    uses: &[Vec<&NameUse>],
    mut named: Vec<Option<Placement>>,
    remap: &TypeRemap,
) -> TypeSpace {
    let mut structs = Vec::new();
    for (id, candidate) in candidates.iter().enumerate() {
        let alias_of = match fates[id] {
            Fate::Merged(_) => continue,
            Fate::Alias(definition) => Some(remap.0[definition]),
            Fate::Definition => None,
        };
        let Some((home, name)) = named[id].take() else {
            continue;
        };
        let mut fields = match fates[id] {
            Fate::Definition => groups.fields(groups.root(id)).to_vec(),
            _ => candidate.fields.clone(),
        };
        for field in &mut fields {
            remap.apply(&mut field.ty);
        }
        let origins: BTreeSet<Site> = uses[id].iter().map(|u| u.site.clone()).collect();
        structs.push(StructDef {
            name,
            home,
            fields,
            role: candidate.role,
            alias_of,
            origins: origins.into_iter().collect(),
        });
    }
    TypeSpace {
        structs,
        enums: Vec::new(),
    }
}

/// The ids that become a struct or an alias, in id order.
fn unmerged(fates: &[Fate]) -> impl Iterator<Item = usize> + '_ {
    (0..fates.len()).filter(|&id| !matches!(fates[id], Fate::Merged(_)))
}

/// Whether a type can live in `home`: `types` always exists, a folder's module only when
/// the lowering has it (a remembered module whose folder is gone does not).
fn home_exists(home: &TypeHome, reserved: &BTreeMap<TypeHome, Scope>) -> bool {
    match home {
        TypeHome::Shared => true,
        TypeHome::Module(_) => reserved.contains_key(home),
    }
}

/// The names a new type cannot take in `home`: what the emitters use there, the reserved
/// names, and every name the previous generation gave there.
fn names_taken_in(
    home: &TypeHome,
    reserved: &BTreeMap<TypeHome, Scope>,
    remembered: &RememberedNames,
) -> Scope {
    let mut scope = reserved.get(home).cloned().unwrap_or_default();
    scope.reserve(
        reserved::ROOT_TYPES
            .iter()
            .chain(reserved::PRELUDE_NAMES)
            .chain(INFERRED_TYPES_AVOID)
            .copied(),
    );
    scope.reserve(remembered.type_names_in(home).iter().map(String::as_str));
    scope
}

/// The id a group is defined by. A body the previous generation emitted as the group's
/// struct keeps being it; otherwise a nested use (it carries the shared name), otherwise
/// the first body that is no alias.
fn choose_definition(
    ids: &[usize],
    candidates: &[Candidate],
    groups: &Groups,
    remembered: &RememberedNames,
) -> usize {
    if let Some(identity) = group_identity(ids, groups) {
        let owner = ids.iter().copied().find(|&id| {
            candidates[id].top_level
                && remembered
                    .type_at(&candidates[id].uses[0].site)
                    .is_some_and(|t| t.alias_of.is_none() && t.identity() == identity)
        });
        let nested = ids.iter().copied().find(|&id| !candidates[id].top_level);
        if let Some(id) = owner.or(nested) {
            return id;
        }
    }
    ids.iter()
        .copied()
        .find(|&id| candidates[id].alias_of.is_none())
        .unwrap_or(ids[0])
}

/// The remembered struct a group stands for: the one its first matched member was matched to
/// (any member, not only the root: the root may be a body the record does not know).
fn group_identity<'a>(ids: &[usize], groups: &'a Groups) -> Option<&'a str> {
    ids.iter().find_map(|&id| groups.identity(id))
}

/// The candidates of the use whose shortest name most uses share; ties go to the first seen.
fn most_frequent_candidates(uses: &[&NameUse]) -> Vec<String> {
    let mut counts: Vec<(Vec<String>, usize)> = Vec::new();
    for candidates in uses.iter().map(|name| name_candidates(name, false)) {
        match counts.iter_mut().find(|(seen, _)| seen[0] == candidates[0]) {
            Some((_, count)) => *count += 1,
            None => counts.push((candidates, 1)),
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|(_, count)| *count == best)
        .map(|(candidates, _)| candidates)
        .unwrap_or_default()
}

/// Name candidates of one use, best first. Short names come from the end of the path (the
/// nearest keys: `TokenGenerationData`, `ValuesItem`), longer ones add outer keys, then the
/// root. Names of single-operation types start with the operation
/// (`UpdateTokenGenerationData`).
fn name_candidates(name_use: &NameUse, single_owner: bool) -> Vec<String> {
    let words = &name_use.path[1..];
    let mut names: Vec<String> = (1..=words.len())
        .map(|k| &words[words.len() - k..])
        .filter(|suffix| suffix[0] != "Item" && suffix[0] != "Value")
        .map(|suffix| suffix.concat())
        .collect();
    let root = &name_use.path[0];
    if !single_owner && name_use.error_body {
        names.push(format!("Error{}", words.concat()));
    }
    names.push(format!("{root}{}", words.concat()));
    if single_owner {
        names
            .iter()
            .map(|name| format!("{}{name}", name_use.owner))
            .collect()
    } else {
        let qualified = names
            .iter()
            .map(|name| format!("{}{name}", name_use.owner))
            .collect::<Vec<_>>();
        names.extend(qualified);
        names
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{
        body_use, candidate, field, nested, owner_widened_by_one_use, record,
    };
    use super::*;

    /// The use at `path` (`.`-separated keys) in the 200 body of `owner` in `module`.
    fn use_at(module: &str, owner: &str, path: &str) -> NameUse {
        path.split('.')
            .fold(body_use(module, owner), |name_use, key| {
                name_use.child(
                    &crate::naming::pascal_word(key, "field"),
                    &format!(".{key}"),
                )
            })
    }

    /// A nested struct of one field `key`, used at `uses`: `(module, operation, key path)`.
    fn used_at(key: &str, uses: &[(&str, &str, &str)]) -> Candidate {
        let uses = uses
            .iter()
            .map(|(module, owner, path)| use_at(module, owner, path))
            .collect();
        nested(vec![field(key, TypeRef::I64)], uses)
    }

    /// Groups `candidates` as `groups.rs` does, names them, and gives each struct's path.
    fn paths(
        candidates: Vec<Candidate>,
        reserved: &BTreeMap<TypeHome, Scope>,
        remembered: &RememberedNames,
    ) -> Vec<String> {
        let groups = Groups::form(&candidates, remembered);
        let (space, _) = name_groups(candidates, groups, reserved, remembered);
        space
            .structs
            .iter()
            .map(|def| def.home.type_path(&def.name))
            .collect()
    }

    fn fresh(candidates: Vec<Candidate>) -> Vec<String> {
        paths(candidates, &BTreeMap::new(), &RememberedNames::default())
    }

    #[test]
    fn a_type_of_one_operation_lives_in_its_module_and_starts_with_the_operation() {
        let names = fresh(vec![
            used_at("id", &[("links", "List", "owner")]),
            candidate(vec![], vec![body_use("links", "List")], None, true),
        ]);
        assert_eq!(names, ["links::ListOwner", "links::ListOk"]);
    }

    #[test]
    fn a_type_of_several_operations_takes_its_nearest_key_in_its_folder_or_in_types() {
        let names = fresh(vec![
            used_at(
                "id",
                &[("links", "List", "owner"), ("links", "Get", "owner")],
            ),
            used_at(
                "name",
                &[
                    ("links", "List", "owner"),
                    ("accounts", "Get", "data.owner"),
                ],
            ),
        ]);
        assert_eq!(names, ["links::Owner", "types::Owner"]);
    }

    #[test]
    fn a_taken_name_goes_to_the_next_candidate() {
        let names = fresh(vec![
            used_at("id", &[("links", "List", "owner")]),
            used_at("name", &[("links", "List", "data.owner")]),
            used_at(
                "a",
                &[("links", "Get", "owner"), ("accounts", "Get", "owner")],
            ),
            used_at(
                "b",
                &[("links", "Find", "owner"), ("accounts", "Find", "owner")],
            ),
        ]);
        assert_eq!(
            names,
            [
                "links::ListOwner",
                "links::ListDataOwner",
                "types::Owner",
                "types::OkOwner"
            ]
        );
    }

    #[test]
    fn reserved_names_are_avoided() {
        let links = TypeHome::Module(vec!["links".to_string()]);
        let reserved = BTreeMap::from([(links, Scope::with_reserved(["ListOwner"]))]);
        let shared = |key: &str| used_at(key, &[("links", "List", key), ("accounts", "Get", key)]);
        let names = paths(
            vec![
                // What the lowering already uses in the module.
                used_at("id", &[("links", "List", "owner")]),
                // The crate root's types, std's prelude and inference's own, in any home.
                shared("error"),
                shared("option"),
                shared("self"),
            ],
            &reserved,
            &RememberedNames::default(),
        );
        assert_eq!(
            names,
            [
                "links::ListOkOwner",
                "types::OkError",
                "types::OkOption",
                "types::OkSelf"
            ]
        );
    }

    #[test]
    fn remembered_names_are_claimed_before_any_new_one() {
        let links = TypeHome::Module(vec!["links".to_string()]);
        let reserved = BTreeMap::from([(links, Scope::default())]);
        let get = body_use("links", "Get");
        let remembered = record([("links::ListOwner".to_string(), None, vec![get.site.clone()])]);
        let names = paths(
            vec![
                // First in registration order, and still not given the remembered name.
                used_at("id", &[("links", "List", "owner")]),
                candidate(vec![], vec![get], None, true),
            ],
            &reserved,
            &remembered,
        );
        assert_eq!(names, ["links::ListOkOwner", "links::ListOwner"]);
    }

    #[test]
    fn a_remembered_name_whose_module_is_gone_is_chosen_again() {
        let get = body_use("links", "Get");
        let remembered = record([("gone::GetOk".to_string(), None, vec![get.site.clone()])]);
        let names = paths(
            vec![candidate(vec![], vec![get], None, true)],
            &BTreeMap::new(),
            &remembered,
        );
        assert_eq!(names, ["links::GetOk"]);
    }

    #[test]
    fn a_body_of_an_earlier_shape_is_an_alias_under_its_own_name() {
        let id = vec![field("id", TypeRef::I64)];
        let candidates = vec![
            nested(id.clone(), vec![use_at("links", "List", "owner")]),
            candidate(id, vec![body_use("links", "Get")], Some(0), true),
        ];
        let groups = Groups::form(&candidates, &RememberedNames::default());
        let (space, remap) = name_groups(
            candidates,
            groups,
            &BTreeMap::new(),
            &RememberedNames::default(),
        );
        let names: Vec<(&str, Option<TypeId>)> = space
            .structs
            .iter()
            .map(|def| (def.name.as_str(), def.alias_of))
            .collect();
        assert_eq!(names, [("ListOwner", None), ("GetOk", Some(TypeId(0)))]);
        let mut body = TypeRef::Named(TypeId(1));
        remap.apply(&mut body);
        assert_eq!(body, TypeRef::Named(TypeId(1)));
    }

    #[test]
    fn a_nested_use_merged_into_a_remembered_type_leaves_no_struct_behind() {
        let (candidates, remembered) = owner_widened_by_one_use();
        let groups = Groups::form(&candidates, &remembered);
        let (space, remap) = name_groups(candidates, groups, &BTreeMap::new(), &remembered);
        assert_eq!(space.structs.len(), 1);
        assert_eq!(space.structs[0].name, "Owner");
        assert_eq!(space.structs[0].origins.len(), 2);
        let mut merged = TypeRef::Named(TypeId(1));
        remap.apply(&mut merged);
        assert_eq!(merged, TypeRef::Named(TypeId(0)));
    }
}
