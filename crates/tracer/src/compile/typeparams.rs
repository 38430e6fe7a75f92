//! PEP 695 / 696 code generation, as CPython 3.13 compiles it: `def f[T](...)`,
//! `class C[T, *Ts, **P]` and `type X[T] = ...`. The parameters live in a hidden function,
//! `<generic parameters of NAME>`, called at once where the definition stands:
//!
//! ```text
//!   <module>:                      LOAD_CONST <generic parameters of f>; MAKE_FUNCTION
//!                                  PUSH_NULL; CALL 0; STORE_NAME f
//!   <generic parameters of f>:     LOAD_CONST 'T'; CALL_INTRINSIC_1 INTRINSIC_TYPEVAR
//!                                  COPY 1; STORE_FAST T; BUILD_TUPLE 1
//!                                  (annotations) LOAD_CONST <code f>; MAKE_FUNCTION
//!                                  SWAP 2; CALL_INTRINSIC_2 INTRINSIC_SET_FUNCTION_TYPE_PARAMS
//!                                  RETURN_VALUE
//! ```
//!
//! A function's defaults are evaluated outside and passed in (`.defaults`, `.kwdefaults`). A
//! class stores the tuple as `.type_params` (its body copies it to `__type_params__`) and gets
//! one more base, `.generic_base` (`INTRINSIC_SUBSCRIPT_GENERIC`: `Generic[T, ...]`). Bounds,
//! constraints, defaults and an alias's value are each compiled as a small function that the
//! runtime calls only when asked (`T.__bound__`, `X.__value__`).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::Const;
use crate::symtable::{bound_key, default_key};

/// `CALL_INTRINSIC_1` opargs.
const INTRINSIC_TYPEVAR: u32 = 7;
const INTRINSIC_PARAMSPEC: u32 = 8;
const INTRINSIC_TYPEVARTUPLE: u32 = 9;
const INTRINSIC_SUBSCRIPT_GENERIC: u32 = 10;
const INTRINSIC_TYPEALIAS: u32 = 11;
/// `CALL_INTRINSIC_2` opargs.
const INTRINSIC_TYPEVAR_WITH_BOUND: u32 = 2;
const INTRINSIC_TYPEVAR_WITH_CONSTRAINTS: u32 = 3;
const INTRINSIC_SET_FUNCTION_TYPE_PARAMS: u32 = 4;
const INTRINSIC_SET_TYPEPARAM_DEFAULT: u32 = 5;

impl<'a> Compiler<'a> {
    /// Opens `<generic parameters of NAME>` and builds the parameters' tuple in it.
    fn enter_type_params(&mut self, tp: &'a ast::TypeParams, name: &str, line: u32) -> CResult {
        let scope = self
            .symtable
            .scope_at(tp.range.start())
            .expect("symtable has every type parameter list");
        self.enter_unit(scope, &format!("<generic parameters of {name}>"), line);
        self.type_params(tp)
    }

    /// `def f[T](...)`, first half (after the defaults, before the annotations): returns how
    /// many of the defaults' tuple and dict the hidden function receives.
    pub(crate) fn enter_generic_function(
        &mut self,
        tp: &'a ast::TypeParams,
        name: &str,
        funcflags: u32,
        line: u32,
        loc: Loc,
    ) -> CResult<u32> {
        let n = (funcflags & 1) + ((funcflags >> 1) & 1);
        if n == 2 {
            self.op_arg(Opcode::SWAP, 2, loc);
        }
        self.enter_type_params(tp, name, line)?;
        for i in 0..n {
            self.op_arg(Opcode::LOAD_FAST, i, loc);
        }
        Ok(n)
    }

    /// `def f[T](...)`, second half: the function made inside gets its `__type_params__`, and
    /// the hidden function is called with the defaults.
    pub(crate) fn exit_generic_function(
        &mut self,
        tp: &ast::TypeParams,
        nargs: u32,
        loc: Loc,
    ) -> CResult {
        // Refused once the definition compiled, so its syntax errors come first.
        self.refuse_when_run("type parameters", tp.range)?;
        self.op_arg(Opcode::SWAP, 2, loc);
        self.op_arg(
            Opcode::CALL_INTRINSIC_2,
            INTRINSIC_SET_FUNCTION_TYPE_PARAMS,
            loc,
        );
        self.u().argcount = nargs;
        let code = self.exit_unit(false);
        self.make_closure(code, 0, loc)?;
        self.call_hidden(nargs, loc);
        Ok(())
    }

    /// Calls the hidden function just made, with the `nargs` values under it as arguments
    /// (the first one sits in the `self_or_null` slot).
    fn call_hidden(&mut self, nargs: u32, loc: Loc) {
        if nargs > 0 {
            self.op_arg(Opcode::SWAP, nargs + 1, loc);
            self.op_arg(Opcode::CALL, nargs - 1, loc);
        } else {
            self.op(Opcode::PUSH_NULL, loc);
            self.op_arg(Opcode::CALL, 0, loc);
        }
    }

    /// `class C[T](bases)`, first half: the hidden function's prologue, `.type_params` stored.
    pub(crate) fn enter_generic_class(
        &mut self,
        tp: &'a ast::TypeParams,
        name: &str,
        line: u32,
        loc: Loc,
    ) -> CResult {
        let scope = self
            .symtable
            .scope_at(tp.range.start())
            .expect("symtable has every type parameter list");
        self.enter_unit(scope, &format!("<generic parameters of {name}>"), line);
        // Names in the parameters and bases are mangled as in the class body.
        self.u().private = Some(name.to_string());
        self.type_params(tp)?;
        self.store_name(".type_params", loc)
    }

    /// `class C[T](bases, **kw)`, second half: with the class body's function and name on the
    /// stack, `Generic[T]` joins the bases, the class is built and the hidden function called.
    pub(crate) fn exit_generic_class(
        &mut self,
        tp: &ast::TypeParams,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        loc: Loc,
    ) -> CResult {
        self.refuse_when_run("type parameters", tp.range)?;
        self.load_name(".type_params", loc)?;
        self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_SUBSCRIPT_GENERIC, loc);
        self.store_name(".generic_base", loc)?;
        self.validate_keywords(keywords)?;
        let starred = args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || keywords.iter().any(|k| k.arg.is_none());
        let big = args.len() + 1 + keywords.len() * 2 > super::expr::STACK_USE_GUIDELINE;
        if starred || big {
            self.generic_bases_ex(args, keywords, loc)?;
            let code = self.exit_unit(false);
            self.make_closure(code, 0, loc)?;
            self.call_hidden(0, loc);
            return Ok(());
        }
        for a in args {
            self.expr(a)?;
        }
        self.load_name(".generic_base", loc)?;
        let n = 2 + args.len() as u32 + 1;
        if keywords.is_empty() {
            self.op_arg(Opcode::CALL, n, loc);
        } else {
            for k in keywords {
                self.expr(&k.value)?;
            }
            self.kwnames(keywords, loc);
            self.op_arg(Opcode::CALL_KW, n + keywords.len() as u32, loc);
        }
        let code = self.exit_unit(false);
        self.make_closure(code, 0, loc)?;
        self.call_hidden(0, loc);
        Ok(())
    }

    /// The bases (with `.generic_base` last) and keywords of a generic class as
    /// `CALL_FUNCTION_EX` takes them, as CPython's `starunpack_helper` builds the tuple with
    /// the class function and name already pushed.
    fn generic_bases_ex(
        &mut self,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        loc: Loc,
    ) -> CResult {
        const PUSHED: u32 = 2;
        let n = args.len() as u32 + 1;
        let seen_star = args.iter().any(|a| matches!(a, Expr::Starred(_)));
        let big = (n + PUSHED) as usize > super::expr::STACK_USE_GUIDELINE;
        if !seen_star && !big {
            for a in args {
                self.expr(a)?;
            }
            self.load_name(".generic_base", loc)?;
            self.op_arg(Opcode::BUILD_TUPLE, n + PUSHED, loc);
        } else {
            let mut built = big;
            if big {
                self.op_arg(Opcode::BUILD_LIST, PUSHED, loc);
            }
            for (i, a) in args.iter().enumerate() {
                if let Expr::Starred(s) = a {
                    if !built {
                        self.op_arg(Opcode::BUILD_LIST, i as u32 + PUSHED, loc);
                        built = true;
                    }
                    self.expr(&s.value)?;
                    self.op_arg(Opcode::LIST_EXTEND, 1, loc);
                } else {
                    self.expr(a)?;
                    if built {
                        self.op_arg(Opcode::LIST_APPEND, 1, loc);
                    }
                }
            }
            self.load_name(".generic_base", loc)?;
            self.op_arg(Opcode::LIST_APPEND, 1, loc);
            self.op_arg(
                Opcode::CALL_INTRINSIC_1,
                crate::bytecode::INTRINSIC_LIST_TO_TUPLE,
                loc,
            );
        }
        self.ex_call_keywords(keywords, loc)?;
        self.op_arg(
            Opcode::CALL_FUNCTION_EX,
            u32::from(!keywords.is_empty()),
            loc,
        );
        Ok(())
    }

    /// CPython's `compiler_type_params`: each parameter made by its intrinsic (with its lazy
    /// bound or constraints, and default), stored under its name, all left in a tuple.
    fn type_params(&mut self, tp: &'a ast::TypeParams) -> CResult {
        let mut seen_default = false;
        for p in tp.iter() {
            let loc = self.loc(p.range());
            let name = p.name().id.as_str();
            self.load_const(Const::Str(name.into()), loc);
            match p {
                ast::TypeParam::TypeVar(t) => match &t.bound {
                    Some(b) => {
                        self.lazy_scope(name, b, bound_key(p), false)?;
                        let intrinsic = if matches!(**b, Expr::Tuple(_)) {
                            INTRINSIC_TYPEVAR_WITH_CONSTRAINTS
                        } else {
                            INTRINSIC_TYPEVAR_WITH_BOUND
                        };
                        self.op_arg(Opcode::CALL_INTRINSIC_2, intrinsic, loc);
                    }
                    None => self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_TYPEVAR, loc),
                },
                ast::TypeParam::TypeVarTuple(_) => {
                    self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_TYPEVARTUPLE, loc)
                }
                ast::TypeParam::ParamSpec(_) => {
                    self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_PARAMSPEC, loc)
                }
            }
            match p.default() {
                Some(d) => {
                    seen_default = true;
                    let starred = matches!(p, ast::TypeParam::TypeVarTuple(_));
                    self.lazy_scope(name, d, default_key(p), starred)?;
                    self.op_arg(
                        Opcode::CALL_INTRINSIC_2,
                        INTRINSIC_SET_TYPEPARAM_DEFAULT,
                        loc,
                    );
                }
                None if seen_default => {
                    let msg = format!(
                        "non-default type parameter '{name}' follows default type parameter"
                    );
                    return Err(self.invalid(&msg, p.range()));
                }
                None => {}
            }
            self.op_arg(Opcode::COPY, 1, loc);
            self.store_name(name, loc)?;
        }
        let first = tp.first().map_or(Loc::NONE, |p| self.loc(p.range()));
        self.op_arg(Opcode::BUILD_TUPLE, tp.len() as u32, first);
        Ok(())
    }

    /// A bound, constraints or default as a function of no arguments (CPython's
    /// `compiler_type_param_bound_or_default`); a TypeVarTuple's `*default` is unpacked.
    fn lazy_scope(
        &mut self,
        name: &str,
        e: &'a Expr,
        key: ruff_text_size::TextSize,
        allow_starred: bool,
    ) -> CResult {
        let scope = self
            .symtable
            .scope_at(key)
            .expect("symtable has every bound and default");
        let loc = self.loc(e.range());
        self.enter_unit(scope, name, loc.line as u32);
        match e {
            Expr::Starred(s) if allow_starred => {
                self.expr(&s.value)?;
                self.op_arg(Opcode::UNPACK_SEQUENCE, 1, loc);
            }
            _ => self.expr(e)?,
        }
        self.op(Opcode::RETURN_VALUE, loc);
        let code = self.exit_unit(true);
        self.make_closure(code, 0, loc)
    }

    /// `type X[T] = value` (CPython's `compiler_typealias`): `(name, type_params, value
    /// function)` made a `TypeAliasType` by `INTRINSIC_TYPEALIAS`.
    pub(crate) fn type_alias(&mut self, t: &'a ast::StmtTypeAlias, loc: Loc) -> CResult {
        let Expr::Name(n) = &*t.name else {
            return Err(self.unsupported("a type alias whose name is not a name", t.range));
        };
        let name = n.id.as_str();
        match &t.type_params {
            Some(tp) => {
                let scope = self
                    .symtable
                    .scope_at(tp.range.start())
                    .expect("symtable has every type parameter list");
                self.enter_unit(
                    scope,
                    &format!("<generic parameters of {name}>"),
                    loc.line as u32,
                );
                self.load_const(Const::Str(name.into()), loc);
                self.type_params(tp)?;
            }
            None => {
                self.load_const(Const::Str(name.into()), loc);
                self.load_const(Const::None, loc);
            }
        }
        let scope = self
            .symtable
            .scope_at(t.range.start())
            .expect("symtable has every type alias");
        self.enter_unit(scope, name, loc.line as u32);
        // None is the value function's first constant, as in CPython.
        self.u().consts.add(Const::None);
        self.expr(&t.value)?;
        self.op(Opcode::RETURN_VALUE, loc);
        let code = self.exit_unit(false);
        self.make_closure(code, 0, loc)?;
        self.op_arg(Opcode::BUILD_TUPLE, 3, loc);
        self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_TYPEALIAS, loc);
        self.refuse_when_run("type alias", t.range)?;
        if t.type_params.is_some() {
            let code = self.exit_unit(false);
            self.make_closure(code, 0, loc)?;
            self.call_hidden(0, loc);
        }
        self.store_name(name, loc)
    }
}

impl Compiler<'_> {
    /// The VM has no TypeVar, ParamSpec, TypeVarTuple or TypeAliasType objects yet: these
    /// compile for listings only.
    fn refuse_when_run(&self, what: &str, range: ruff_text_size::TextRange) -> CResult {
        if self.for_listing {
            Ok(())
        } else {
            Err(self.unsupported(what, range))
        }
    }
}
