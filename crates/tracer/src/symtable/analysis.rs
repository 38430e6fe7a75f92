//! Pass 2 of the symbol table: resolves every name top-down with the names bound and declared
//! global by enclosing scopes, then bottom-up turns locals captured by children into cells and
//! merges inlined comprehensions into their parent.

use crate::object::namehash::FastSet;

use super::*;

/// Resolves every name of `id` and its children. `bound`: names bound by enclosing function
/// scopes; `global`: names declared global in enclosing scopes. Returns the names free in `id`
/// (which the parent must provide as cells or pass through).
pub(super) fn analyze(
    table: &mut SymbolTable,
    id: ScopeId,
    bound: &FastSet<String>,
    global: &FastSet<String>,
) -> FastSet<String> {
    analyze_in(table, id, bound, global, None)
}

/// [`analyze`] for a scope that may see the class scope `class_entry` (an annotation scope
/// in a class body, or a bound's scope inside one): a name the class binds is looked up in
/// the class namespace, then globally, never in an enclosing function (CPython's
/// `analyze_name` with a `class_entry`).
fn analyze_in(
    table: &mut SymbolTable,
    id: ScopeId,
    bound: &FastSet<String>,
    global: &FastSet<String>,
    class_entry: Option<ScopeId>,
) -> FastSet<String> {
    let outer_global = global;
    let scope = &table.scopes[id];
    let kind = scope.kind;
    let mut resolved = FastMap::default();
    let mut free = FastSet::default();
    let mut local = FastSet::default();
    let mut global = global.clone();
    let mut nonlocal_errors = Vec::new();
    for (name, &flags) in &scope.symbols {
        let directive = || {
            table
                .directives
                .get(&(id, name.clone()))
                .copied()
                .unwrap_or_default()
        };
        if flags & DEF_GLOBAL != 0 && flags & DEF_NONLOCAL != 0 {
            nonlocal_errors.push((format!("name '{name}' is nonlocal and global"), directive()));
        }
        let s = if flags & DEF_GLOBAL != 0 {
            global.insert(name.clone());
            NameScope::GlobalExplicit
        } else if flags & DEF_NONLOCAL != 0 {
            if id != 0 && !bound.contains(name) {
                let message = format!("no binding for nonlocal '{name}' found");
                nonlocal_errors.push((message, directive()));
            }
            free.insert(name.clone());
            NameScope::Free
        } else if flags & DEF_BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            NameScope::Local
        } else if let Some(s) = class_entry.and_then(|c| class_binding(&table.scopes[c], name)) {
            s
        } else if kind != ScopeKind::Module && bound.contains(name) {
            free.insert(name.clone());
            NameScope::Free
        } else if global.contains(name) {
            NameScope::GlobalExplicit
        } else {
            NameScope::GlobalImplicit
        };
        resolved.insert(name.clone(), s);
    }
    table.errors.extend(nonlocal_errors);
    // What children may capture: enclosing function bindings plus ours if we are a function.
    let mut child_bound = bound.clone();
    let mut child_global = global.clone();
    match kind {
        ScopeKind::Module => child_bound.clear(),
        ScopeKind::Class => {
            // Class-level names are not visible inside methods, but `__class__` is, and
            // annotation scopes reach the class namespace through `__classdict__`. A class's
            // own `global` statements do not reach its methods either: CPython takes the
            // sets it passes down before it looks at the class body's names.
            child_bound.insert("__class__".to_string());
            child_bound.insert("__classdict__".to_string());
            child_global = outer_global.clone();
        }
        _ => {
            child_bound.extend(local.iter().cloned());
            // A name this scope declares global is no longer an enclosing binding; a name
            // merely global further out (even `global __class__` in some other class) stays.
            let scope = &table.scopes[id];
            for (name, &flags) in &scope.symbols {
                if flags & DEF_GLOBAL != 0 {
                    child_bound.remove(name);
                }
            }
        }
    }
    let global = child_global;
    let children = table.scopes[id].children.clone();
    let mut child_free = FastSet::default();
    for child in children {
        let inlined = table.scopes[child].kind == (ScopeKind::Comprehension { inlined: true });
        let child_class = match (table.scopes[child].can_see_class_scope, kind) {
            (false, _) => None,
            (true, ScopeKind::Class) => Some(id),
            (true, _) => class_entry,
        };
        let f = analyze_in(table, child, &child_bound, &global, child_class);
        if inlined {
            inline_comprehension(table, id, child, &mut resolved, &f, &mut child_free);
        } else {
            child_free.extend(f);
        }
    }
    finish_scope(table, id, kind, resolved, free, child_free)
}

/// How a name the class `class` binds or declares global resolves in the annotation scopes
/// that see it; `None` when the class has nothing to say.
fn class_binding(class: &Scope, name: &str) -> Option<NameScope> {
    let flags = class.flags(name);
    if flags & DEF_GLOBAL != 0 {
        Some(NameScope::GlobalExplicit)
    } else if flags & DEF_BOUND != 0 && flags & DEF_NONLOCAL == 0 {
        Some(NameScope::GlobalImplicit)
    } else {
        None
    }
}

/// Merges an inlined comprehension's names into its parent (PEP 709): iteration variables become
/// the parent's locals (hidden fast locals in module and class bodies).
fn inline_comprehension(
    table: &mut SymbolTable,
    parent: ScopeId,
    comp: ScopeId,
    resolved: &mut FastMap<String, NameScope>,
    comp_free: &FastSet<String>,
    child_free: &mut FastSet<String>,
) {
    let comp_symbols = table.scopes[comp].symbols.clone();
    let parent_kind = table.scopes[parent].kind;
    // Names free only in a closure inside the comprehension pass through it without being
    // among its symbols (CPython's `update_symbols` adds them there; the rule is the same).
    for name in comp_free.iter().filter(|n| !comp_symbols.contains_key(*n)) {
        let parent_flags = table.scopes[parent].flags(name);
        let local_in_parent = parent_flags & DEF_BOUND != 0 && parent_kind != ScopeKind::Class;
        if !local_in_parent || free_in_any_child(table, comp, name) {
            child_free.insert(name.clone());
        }
    }
    for (name, flags) in comp_symbols {
        if flags & DEF_PARAM != 0 {
            continue;
        }
        let comp_scope = table.scopes[comp].scope_of(&name);
        if !table.scopes[parent].symbols.contains_key(&name) {
            table.scopes[parent]
                .symbols
                .insert(name.clone(), flags & !DEF_COMP_ITER);
            resolved.insert(name.clone(), comp_scope);
        }
        // A comprehension variable captured by a closure is a cell of the enclosing code. In a
        // function the name is then a cell throughout; in a module or class body it stays a
        // plain name outside the comprehension (CPython's `inline_comprehension` changes only
        // a function's existing locals).
        if comp_scope == NameScope::Cell {
            match resolved.get(&name) {
                Some(NameScope::Local) if parent_kind != ScopeKind::Function => {
                    table.scopes[parent].comp_cells.insert(name.clone());
                }
                None | Some(NameScope::Local) => {
                    resolved.insert(name.clone(), NameScope::Cell);
                }
                // Free here (a type parameter seen from its bound, a class's enclosing
                // local): a cell of the comprehension too (CPython's DEF_COMP_CELL).
                Some(NameScope::Free) => {
                    table.scopes[parent].comp_cells.insert(name.clone());
                }
                _ => {}
            }
        }
        // A name free in the comprehension but local in the parent is simply the parent's
        // local now, unless a closure inside the comprehension captures it (CPython's
        // `is_free_in_any_child`): then the parent must make it a cell.
        let parent_flags = table.scopes[parent].flags(&name);
        let local_in_parent = parent_flags & DEF_BOUND != 0 && parent_kind != ScopeKind::Class;
        if comp_free.contains(&name) && (!local_in_parent || free_in_any_child(table, comp, &name))
        {
            child_free.insert(name);
        }
    }
}

/// Whether a closure nested in `scope` (a lambda in a comprehension) has `name` free. The
/// children of an inlined comprehension count as its parent's (CPython splices them into the
/// parent's children), the inlined comprehension itself does not.
fn free_in_any_child(table: &SymbolTable, scope: ScopeId, name: &str) -> bool {
    table.scopes[scope].children.iter().any(|&child| {
        if table.scopes[child].kind == (ScopeKind::Comprehension { inlined: true }) {
            free_in_any_child(table, child, name)
        } else {
            table.scopes[child].scope_of(name) == NameScope::Free
        }
    })
}

fn finish_scope(
    table: &mut SymbolTable,
    id: ScopeId,
    kind: ScopeKind,
    mut resolved: FastMap<String, NameScope>,
    mut free: FastSet<String>,
    child_free: FastSet<String>,
) -> FastSet<String> {
    for name in child_free {
        if kind == ScopeKind::Class && name != "__class__" && name != "__classdict__" {
            // A method's free name passes through the class to the enclosing function. If
            // the class body has the name itself (binds it, declares it global, uses it), its
            // own accesses keep their scope and the name is only added to the class's free
            // variables, to hand the method its cell (CPython's DEF_FREE_CLASS).
            if table.scopes[id].symbols.contains_key(&name) {
                table.scopes[id].free_class.insert(name.clone());
            } else {
                resolved.insert(name.clone(), NameScope::Free);
            }
            free.insert(name);
            continue;
        }
        match resolved.get(&name).copied() {
            Some(NameScope::Local) if kind != ScopeKind::Class && kind != ScopeKind::Module => {
                resolved.insert(name, NameScope::Cell);
            }
            // A class makes these cells for its methods whatever its own body does with the
            // names (`global __class__` there included): CPython's `drop_class_free`.
            _ if kind == ScopeKind::Class && name == "__class__" => {
                table.scopes[id].needs_class_closure = true;
            }
            _ if kind == ScopeKind::Class && name == "__classdict__" => {
                table.scopes[id].needs_classdict = true;
            }
            Some(NameScope::Cell) | Some(NameScope::GlobalExplicit) => {}
            _ if kind == ScopeKind::Module => {}
            // Free here already (possibly only through an inlined comprehension, whose names
            // were merged in): the parent must provide it.
            Some(NameScope::Free) => {
                free.insert(name);
            }
            _ => {
                // Passed through: free here too, so the closure can reach the child.
                resolved.insert(name.clone(), NameScope::Free);
                free.insert(name);
            }
        }
    }
    table.scopes[id].resolved = resolved;
    free
}
