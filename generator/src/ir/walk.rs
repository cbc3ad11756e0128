//! Walks over the IR: every module with its path, every operation with its module, every
//! type a reference is made of. The passes and emitters that visit the whole tree use these
//! instead of recursing by hand.

use super::{Module, Operation, TypeRef};

impl Module {
    /// This module and every one below it, each before its children and children in the
    /// collection's order, with their paths from this module.
    pub fn walk(&self) -> Vec<(Vec<String>, &Module)> {
        let mut found = Vec::new();
        let mut stack: Vec<(Vec<String>, &Module)> = vec![(Vec::new(), self)];
        while let Some((path, module)) = stack.pop() {
            for child in module.children.iter().rev() {
                let mut child_path = path.clone();
                child_path.push(child.ident.clone());
                stack.push((child_path, child));
            }
            found.push((path, module));
        }
        found
    }

    /// Every operation of this module and the modules below it, in [`Module::walk`]'s order.
    pub fn all_operations(&self) -> impl Iterator<Item = &Operation> {
        self.walk()
            .into_iter()
            .flat_map(|(_, module)| &module.operations)
    }

    /// Calls `visit` on this module and every one below it, parents first, to change them.
    pub fn walk_mut(&mut self, visit: &mut impl FnMut(&mut Module)) {
        visit(self);
        for child in &mut self.children {
            child.walk_mut(visit);
        }
    }

    /// Calls `visit` on every operation of this module and below, to change it.
    pub fn each_operation_mut(&mut self, visit: &mut impl FnMut(&mut Operation)) {
        self.walk_mut(&mut |module| module.operations.iter_mut().for_each(&mut *visit));
    }
}

impl TypeRef {
    /// This type and each one it is made of, outermost first: `Vec<Option<Uuid>>` gives the
    /// `Vec`, the `Option`, then `Uuid`.
    pub fn layers(&self) -> impl Iterator<Item = &TypeRef> {
        std::iter::successors(Some(self), |ty| match ty {
            TypeRef::Vec(inner) | TypeRef::Option(inner) | TypeRef::Map(inner) => Some(inner),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(ident: &str, children: Vec<Module>) -> Module {
        Module {
            key: String::new(),
            item_path: String::new(),
            ident: ident.to_string(),
            accessor: String::new(),
            description: None,
            operations: Vec::new(),
            children,
        }
    }

    #[test]
    fn a_walk_gives_parents_before_children_with_their_paths() {
        let mut root = module(
            "",
            vec![
                module("a", vec![module("b", Vec::new())]),
                module("c", Vec::new()),
            ],
        );
        let paths: Vec<String> = root
            .walk()
            .into_iter()
            .map(|(path, _)| path.join("::"))
            .collect();
        assert_eq!(paths, ["", "a", "a::b", "c"]);
        let mut seen = Vec::new();
        root.walk_mut(&mut |module| seen.push(module.ident.clone()));
        assert_eq!(seen, ["", "a", "b", "c"]);
    }

    #[test]
    fn layers_peel_wrappers_outermost_first() {
        let ty = TypeRef::Vec(Box::new(TypeRef::Option(Box::new(TypeRef::Uuid))));
        let layers: Vec<&TypeRef> = ty.layers().collect();
        assert_eq!(layers.len(), 3);
        assert_eq!(layers[2], &TypeRef::Uuid);
    }
}
