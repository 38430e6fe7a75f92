//! A model of how deep CPython's parser nests while it reads a module, to refuse what it
//! refuses: `MemoryError: Parser stack overflowed - Python source too complex to parse`.
//!
//! CPython's PEG parser calls one C function per grammar rule and gives up when 6000 of them are
//! active at once (`MAXSTACK`). ruff's parser has no such limit, so we estimate CPython's depth
//! on ruff's tree. The costs below were measured on python3.13 by nesting one construct `k`
//! times around a chain of `~` and finding the longest chain that still parses (each `~` costs
//! exactly one level): a prefix operator costs 1, a `lambda` body 2, the right side of `**` 2,
//! the `else` branch of a conditional 1, a pair of grouping parentheses 28, a list display 29,
//! a call's first argument 24, an f-string replacement field 33; a left-associative operator
//! (`a + b`, `a < b`, `f(x).y[z]`) costs nothing, because the grammar reads those chains in a
//! loop. Where an expression starts (`x = H`, `if H:`, ...) the parser is already 31 to 34 levels
//! deep, 6 to 8 more per enclosing block.
//!
//! One detail is not additive: the first bracket of an assignment's value or of an expression
//! statement is read while the parser tries it as an assignment target, a path about 18 levels
//! cheaper (`x = (H)` costs 10, `x = ((H))` 38). The model applies that discount to the leading
//! primary (`(..)`, `[..]`, `f(..)`, `a[..]`) of those values only.
//!
//! The model is exact for chains of one construct (`~~~..1`, `lambda: lambda: ..`, `a ** a **
//! ..`, `(lambda: (lambda: ..))`, nested tuples) at module level and in blocks, which the tests
//! check against python3.13; for other mixtures it can be off by a few levels out of 6000.

use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{self as ast, Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::scan::MAXSTACK;

/// Parser levels already active where each statement's main expression starts.
mod base {
    pub const EXPR_STMT: usize = 32;
    pub const ASSIGN: usize = 34;
    pub const RETURN: usize = 33;
    pub const TEST: usize = 31;
    pub const FOR: usize = 32;
    pub const ELIF: usize = 32;
    pub const DEFAULT: usize = 37;
    pub const DECORATOR: usize = 34;
    pub const CLASS_ARG: usize = 37;
    /// Levels a statement takes by itself (`pass`).
    pub const STATEMENT: usize = 32;
    /// What one enclosing block adds.
    pub const BLOCK: usize = 6;
    pub const DEF_BODY: usize = 7;
    pub const ELSE_BODY: usize = 7;
    pub const HANDLER_BODY: usize = 8;
}

/// The cost of entering brackets: (normal, discounted as a leading primary).
const GROUP: (usize, usize) = (28, 10);
const TUPLE_REST: usize = 2;
const DISPLAY: (usize, usize) = (29, 11);
const CALL_ARG: (usize, usize) = (24, 6);
const CALL_ARG_REST: usize = 4;
const KEYWORD_ARG: (usize, usize) = (27, 9);
const SUBSCRIPT: (usize, usize) = (24, 6);
const COMPREHENSION_ITER: usize = 27;
const FSTRING_FIELD: usize = 33;
const LAMBDA_BODY: usize = 2;
const LAMBDA_DEFAULT: usize = 8;
const POWER_RIGHT: usize = 2;

/// Whether an expression is the leading primary of a value CPython first tries to read as an
/// assignment target (see the module docs), and of which statement.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lead {
    No,
    /// An expression statement: one level cheaper again than an assignment's value.
    Statement,
    Assignment,
}

impl Lead {
    /// The cost of a bracket with `(normal, discounted)` costs.
    fn cost(self, (normal, discounted): (usize, usize)) -> usize {
        match self {
            Lead::No => normal,
            Lead::Statement => discounted - 1,
            Lead::Assignment => discounted,
        }
    }

    /// What the `i`th operand of a chain inherits: only the first one leads.
    fn first(self, i: usize) -> Lead {
        if i == 0 {
            self
        } else {
            Lead::No
        }
    }
}

/// Where CPython's parser would overflow its stack in `module`, if anywhere: the start of the
/// first node (in source order) the model places beyond 6000 levels.
pub fn overflow(body: &[Stmt], tokens: &[Token]) -> Option<TextSize> {
    let mut m = Model {
        tokens,
        found: None,
    };
    m.body(body, 0);
    m.found
}

struct Model<'t> {
    tokens: &'t [Token],
    found: Option<TextSize>,
}

impl Model<'_> {
    fn body(&mut self, body: &[Stmt], depth: usize) {
        for s in body {
            if self.found.is_some() {
                return;
            }
            // Even `pass` takes the parser this deep.
            if depth + base::STATEMENT > MAXSTACK {
                self.found = Some(s.start());
                return;
            }
            self.stmt(s, depth);
        }
    }

    fn stmt(&mut self, s: &Stmt, d: usize) {
        use base::*;
        match s {
            Stmt::Expr(e) => self.expr(&e.value, d + EXPR_STMT, Lead::Statement, None),
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.expr(t, d + ASSIGN, Lead::Assignment, None);
                }
                self.expr(&a.value, d + ASSIGN, Lead::Assignment, None);
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target, d + ASSIGN, Lead::Assignment, None);
                self.expr(&a.value, d + ASSIGN, Lead::No, None);
            }
            Stmt::AnnAssign(a) => {
                self.expr(&a.target, d + ASSIGN, Lead::Assignment, None);
                self.expr(&a.annotation, d + ASSIGN, Lead::No, None);
                if let Some(v) = &a.value {
                    self.expr(v, d + ASSIGN, Lead::No, None);
                }
            }
            Stmt::Return(r) => self.opt(r.value.as_deref(), d + RETURN),
            Stmt::Delete(x) => {
                for t in &x.targets {
                    self.expr(t, d + TEST + 1, Lead::Assignment, None);
                }
            }
            Stmt::Raise(r) => {
                self.opt(r.exc.as_deref(), d + TEST);
                self.opt(r.cause.as_deref(), d + TEST);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test, d + TEST, Lead::No, None);
                self.opt(a.msg.as_deref(), d + TEST + 1);
            }
            Stmt::If(i) => {
                self.expr(&i.test, d + TEST, Lead::No, None);
                self.body(&i.body, d + BLOCK);
                // The grammar reads `elif` clauses recursively: one level more for each.
                for (k, clause) in i.elif_else_clauses.iter().enumerate() {
                    match &clause.test {
                        Some(t) => {
                            self.expr(t, d + ELIF + k, Lead::No, None);
                            self.body(&clause.body, d + ELSE_BODY + k);
                        }
                        None => self.body(&clause.body, d + ELSE_BODY + k),
                    }
                }
            }
            Stmt::While(w) => {
                self.expr(&w.test, d + TEST, Lead::No, None);
                self.body(&w.body, d + BLOCK);
                self.body(&w.orelse, d + ELSE_BODY);
            }
            Stmt::For(f) => {
                self.expr(&f.target, d + FOR, Lead::No, None);
                self.expr(&f.iter, d + FOR, Lead::No, None);
                self.body(&f.body, d + BLOCK);
                self.body(&f.orelse, d + ELSE_BODY);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr, d + RETURN, Lead::No, None);
                    self.opt(item.optional_vars.as_deref(), d + RETURN);
                }
                self.body(&w.body, d + BLOCK);
            }
            Stmt::Try(t) => {
                self.body(&t.body, d + BLOCK);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.opt(h.type_.as_deref(), d + RETURN);
                    self.body(&h.body, d + HANDLER_BODY);
                }
                self.body(&t.orelse, d + ELSE_BODY);
                self.body(&t.finalbody, d + ELSE_BODY);
            }
            Stmt::FunctionDef(f) => {
                for dec in &f.decorator_list {
                    self.expr(&dec.expression, d + DECORATOR, Lead::No, None);
                }
                self.parameters(&f.parameters, d + DEFAULT);
                self.opt(f.returns.as_deref(), d + DEFAULT);
                self.body(&f.body, d + DEF_BODY);
            }
            Stmt::ClassDef(c) => {
                for dec in &c.decorator_list {
                    self.expr(&dec.expression, d + DECORATOR, Lead::No, None);
                }
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a, d + CLASS_ARG, Lead::No, None);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value, d + CLASS_ARG, Lead::No, None);
                    }
                }
                self.body(&c.body, d + DEF_BODY);
            }
            Stmt::Match(m) => {
                self.expr(&m.subject, d + RETURN, Lead::No, None);
                for case in &m.cases {
                    self.opt(case.guard.as_deref(), d + BLOCK + RETURN);
                    self.body(&case.body, d + 2 * BLOCK);
                }
            }
            Stmt::TypeAlias(t) => self.expr(&t.value, d + ASSIGN, Lead::No, None),
            Stmt::Import(_)
            | Stmt::ImportFrom(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    fn opt(&mut self, e: Option<&Expr>, d: usize) {
        if let Some(e) = e {
            self.expr(e, d, Lead::No, None);
        }
    }

    fn opt_at(&mut self, e: Option<&Expr>, d: usize) {
        self.opt(e, d);
    }

    fn parameters(&mut self, p: &ast::Parameters, d: usize) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            self.opt(a.default.as_deref(), d);
        }
    }

    /// Places `e` at depth `d`. `leading`: `e` is the leading primary of a value CPython first
    /// tries as an assignment target (its first bracket is discounted). `limit`: where a parent
    /// bringing its own closing parenthesis (a call's arguments) ends, so that parenthesis is not
    /// taken for one grouping `e`.
    fn expr(&mut self, e: &Expr, d: usize, leading: Lead, limit: Option<TextSize>) {
        if self.found.is_some() {
            return;
        }
        let groups = self.grouping_parens(e, limit);
        let (d, leading) = if groups == 0 {
            (d, leading)
        } else {
            (d + leading.cost(GROUP) + (groups - 1) * GROUP.0, Lead::No)
        };
        if d > MAXSTACK {
            self.found = Some(e.start());
            return;
        }
        let bracket = |costs: (usize, usize)| d + leading.cost(costs);
        match e {
            Expr::BoolOp(b) => {
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v, d, leading.first(i), None);
                }
            }
            Expr::Named(n) => {
                self.expr(&n.target, d, Lead::No, None);
                self.expr(&n.value, d + 1, Lead::No, None);
            }
            Expr::BinOp(b) => self.binop(b, d, leading),
            Expr::UnaryOp(u) => self.expr(&u.operand, d + 1, Lead::No, None),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.parameters(p, d + LAMBDA_DEFAULT);
                }
                self.expr(&l.body, d + LAMBDA_BODY, Lead::No, None);
            }
            Expr::If(i) => {
                self.expr(&i.body, d, leading, None);
                self.expr(&i.test, d, Lead::No, None);
                self.expr(&i.orelse, d + 1, Lead::No, None);
            }
            Expr::Dict(x) => {
                let inner = bracket(DISPLAY);
                for item in &x.items {
                    if let Some(k) = &item.key {
                        self.expr(k, inner, Lead::No, None);
                    }
                    self.expr(&item.value, inner, Lead::No, None);
                }
            }
            Expr::Set(x) => self.elements(&x.elts, bracket(DISPLAY), 1),
            Expr::List(x) => self.elements(&x.elts, bracket(DISPLAY), 1),
            Expr::Tuple(t) if t.parenthesized => self.elements(&t.elts, bracket(GROUP), TUPLE_REST),
            Expr::Tuple(t) => {
                for (i, v) in t.elts.iter().enumerate() {
                    let rest = if i == 0 { 0 } else { TUPLE_REST };
                    self.expr(v, d + rest, leading.first(i), None);
                }
            }
            Expr::ListComp(c) => {
                self.expr(&c.elt, bracket(DISPLAY), Lead::No, None);
                self.generators(&c.generators, d);
            }
            Expr::SetComp(c) => {
                self.expr(&c.elt, bracket(DISPLAY), Lead::No, None);
                self.generators(&c.generators, d);
            }
            Expr::DictComp(c) => {
                self.opt_at(c.key.as_deref(), bracket(DISPLAY));
                self.expr(&c.value, bracket(DISPLAY), Lead::No, None);
                self.generators(&c.generators, d);
            }
            Expr::Generator(g) => {
                let inner = if g.parenthesized { bracket(GROUP) } else { d };
                self.expr(&g.elt, inner, Lead::No, None);
                self.generators(&g.generators, d);
            }
            Expr::Await(a) => self.expr(&a.value, d + 1, Lead::No, None),
            Expr::Yield(y) => self.opt(y.value.as_deref(), d + 1),
            Expr::YieldFrom(y) => self.expr(&y.value, d + 1, Lead::No, None),
            Expr::Compare(c) => {
                self.expr(&c.left, d, leading, None);
                for v in c.comparators.iter() {
                    self.expr(v, d, Lead::No, None);
                }
            }
            Expr::Call(c) => self.call(c, d, leading),
            Expr::FString(f) => {
                for part in f.value.iter() {
                    if let ast::FStringPart::FString(fs) = part {
                        self.interpolations(&fs.elements, d + FSTRING_FIELD);
                    }
                }
            }
            Expr::Attribute(a) => self.expr(&a.value, d, leading, None),
            Expr::Subscript(s) => {
                self.expr(&s.value, d, leading, None);
                self.expr(&s.slice, bracket(SUBSCRIPT), Lead::No, None);
            }
            Expr::Starred(s) => self.expr(&s.value, d, Lead::No, None),
            Expr::Slice(s) => {
                self.opt(s.lower.as_deref(), d);
                self.opt(s.upper.as_deref(), d);
                self.opt(s.step.as_deref(), d);
            }
            Expr::TString(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::Name(_)
            | Expr::IpyEscapeCommand(_) => {}
        }
    }

    /// A chain of binary operators: the left operands of `a + b + c` nest in the tree but not
    /// in the parser, so the left spine is walked in a loop (leftmost first, as the source reads).
    fn binop(&mut self, b: &ast::ExprBinOp, d: usize, leading: Lead) {
        let mut spine = vec![b];
        let mut left = &*b.left;
        while let Expr::BinOp(inner) = left {
            if self.grouping_parens(left, None) > 0 {
                break;
            }
            spine.push(inner);
            left = &inner.left;
        }
        self.expr(left, d, leading, None);
        for op in spine.iter().rev() {
            let right = if op.op == Operator::Pow {
                d + POWER_RIGHT
            } else {
                d
            };
            self.expr(&op.right, right, Lead::No, None);
        }
    }

    fn call(&mut self, c: &ast::ExprCall, d: usize, leading: Lead) {
        self.expr(&c.func, d, leading, None);
        let pick = |costs: (usize, usize)| leading.cost(costs);
        let close = Some(c.arguments.range.end() - TextSize::from(1));
        for arg in c.arguments.iter_source_order() {
            let (value, cost) = match arg {
                ast::ArgOrKeyword::Arg(a) => {
                    let first =
                        a.start() == c.arguments.args.first().map_or(a.start(), Ranged::start);
                    let rest = if first { 0 } else { CALL_ARG_REST };
                    (a, pick(CALL_ARG) + rest)
                }
                ast::ArgOrKeyword::Keyword(k) => (&k.value, pick(KEYWORD_ARG)),
            };
            self.expr(value, d + cost, Lead::No, close);
        }
    }

    fn elements(&mut self, elts: &[Expr], inner: usize, rest: usize) {
        for (i, v) in elts.iter().enumerate() {
            let extra = if i == 0 { 0 } else { rest };
            self.expr(v, inner + extra, Lead::No, None);
        }
    }

    fn generators(&mut self, generators: &[ast::Comprehension], d: usize) {
        for g in generators {
            self.expr(&g.target, d + COMPREHENSION_ITER, Lead::No, None);
            self.expr(&g.iter, d + COMPREHENSION_ITER, Lead::No, None);
            for cond in &g.ifs {
                self.expr(cond, d + DISPLAY.0, Lead::No, None);
            }
        }
    }

    fn interpolations(&mut self, elements: &ast::InterpolatedStringElements, d: usize) {
        for element in elements.iter() {
            if let ast::InterpolatedStringElement::Interpolation(i) = element {
                self.expr(&i.expression, d, Lead::No, None);
                if let Some(spec) = &i.format_spec {
                    self.interpolations(&spec.elements, d + FSTRING_FIELD);
                }
            }
        }
    }

    /// How many pairs of parentheses group `e` alone (`((x))` around `x`), read off the tokens:
    /// `(` right before it and `)` right after it, comments and line breaks skipped.
    fn grouping_parens(&self, e: &Expr, limit: Option<TextSize>) -> usize {
        let (start, end) = (e.start(), e.end());
        let before = self.tokens.partition_point(|t| t.start() < start);
        let after = self.tokens.partition_point(|t| t.start() < end);
        let trivia = |t: &&Token| t.kind().is_trivia();
        let opening = self.tokens[..before]
            .iter()
            .rev()
            .filter(|t| !trivia(t))
            .take_while(|t| t.kind() == TokenKind::Lpar)
            .count();
        if opening == 0 {
            return 0;
        }
        let mut rest = self.tokens[after..]
            .iter()
            .filter(|t| !trivia(t))
            .peekable();
        let mut closing = 0;
        while rest
            .next_if(|t| t.kind() == TokenKind::Rpar && limit.is_none_or(|l| t.start() < l))
            .is_some()
        {
            closing += 1;
        }
        // Input cut short (see `scan::Scan::cut`) ends with its brackets still open: they group
        // what they hold all the same.
        let at_end = rest.all(|t| {
            matches!(
                t.kind(),
                TokenKind::Newline | TokenKind::Dedent | TokenKind::EndOfFile | TokenKind::Unknown
            )
        });
        if at_end {
            closing = opening;
        }
        opening.min(closing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::{Mode, ParseOptions};

    fn at(source: &str) -> Option<usize> {
        let parsed = ruff_python_parser::parse_unchecked(source, ParseOptions::from(Mode::Module));
        let ast::Mod::Module(m) = parsed.syntax() else {
            panic!("a module");
        };
        overflow(&m.body, parsed.tokens()).map(|t| t.to_usize())
    }

    #[test]
    fn brackets_left_open_by_a_cut_still_group() {
        let src = format!("x = {}", "(lambda:".repeat(200));
        assert!(at(&src).is_some());
        let src = format!("x = {}", "(lambda:".repeat(199));
        assert_eq!(at(&src), None);
    }
}
