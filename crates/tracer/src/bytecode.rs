//! CPython 3.13's instruction set: opcode numbers, inline cache sizes, flags and the generic
//! family of every specialized form.
//!
//! A code object's `co_code` is a sequence of 2-byte code units `(opcode, oparg)`. Opargs wider
//! than 8 bits are spelled with `EXTENDED_ARG` prefixes, and every instruction of a specializable
//! family is followed by its inline `CACHE` units (zero in a fresh code object; the specializer
//! writes counters and guard data there). The numbers below are CPython's own, so a `co_code` built
//! here is byte-for-byte what CPython 3.13 produces.
//!
//! The table between the GENERATED markers is data printed by `scripts/gen_opcodes.py` from the
//! `opcode` module of a real CPython 3.13; rerun it rather than editing by hand.

/// One CPython opcode number (0..=255). Associated constants name every real 3.13 opcode.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Opcode(pub u8);

/// What the table knows about one opcode.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    pub op: Opcode,
    pub name: &'static str,
    /// Inline cache units following the instruction (those of its family for specialized forms).
    pub caches: u8,
    /// `HAS_*` bits below, of the generic family.
    pub flags: u8,
    /// The generic family this opcode belongs to (itself unless specialized).
    pub deopt: Opcode,
}

/// The oparg means something (`opcode.hasarg`).
pub const HAS_ARG: u8 = 1;
/// The oparg indexes `co_consts`.
pub const HAS_CONST: u8 = 2;
/// The oparg indexes (or encodes an index into) `co_names`.
pub const HAS_NAME: u8 = 4;
/// The oparg indexes the fast locals.
pub const HAS_LOCAL: u8 = 8;
/// The oparg indexes cell or free variables.
pub const HAS_FREE: u8 = 16;
/// The oparg is a relative jump in code units.
pub const HAS_JUMP: u8 = 32;
/// The oparg encodes a comparison operator.
pub const HAS_COMPARE: u8 = 64;

/// `BINARY_OP` oparg names (`NB_*`) as `dis` prints them, indexed by oparg.
pub const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];

/// `COMPARE_OP` operators, indexed by `oparg >> 5`.
pub const CMP_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// `CALL_INTRINSIC_1` oparg names.
pub const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];

/// `CALL_INTRINSIC_2` oparg names.
pub const INTRINSIC_2: [&str; 6] = [
    "INTRINSIC_2_INVALID",
    "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
    "INTRINSIC_SET_TYPEPARAM_DEFAULT",
];

/// `CALL_INTRINSIC_2` oparg of `INTRINSIC_PREP_RERAISE_STAR` (the end of `try/except*`).
pub const INTRINSIC_PREP_RERAISE_STAR: u32 = 1;

/// `CALL_INTRINSIC_1` oparg of `INTRINSIC_IMPORT_STAR` (`from m import *`).
pub const INTRINSIC_IMPORT_STAR: u32 = 2;
/// `CALL_INTRINSIC_1` oparg of `INTRINSIC_STOPITERATION_ERROR` (generator bodies).
pub const INTRINSIC_STOPITERATION_ERROR: u32 = 3;
/// `CALL_INTRINSIC_1` oparg of `INTRINSIC_ASYNC_GEN_WRAP` (`yield` in an async generator).
pub const INTRINSIC_ASYNC_GEN_WRAP: u32 = 4;
/// `CALL_INTRINSIC_1` oparg of `INTRINSIC_UNARY_POSITIVE` (`+x`).
pub const INTRINSIC_UNARY_POSITIVE: u32 = 5;
/// `CALL_INTRINSIC_1` oparg of `INTRINSIC_LIST_TO_TUPLE`.
pub const INTRINSIC_LIST_TO_TUPLE: u32 = 6;

impl Opcode {
    /// The table row, if this number is a real 3.13 opcode.
    pub const fn info(self) -> Option<&'static OpInfo> {
        lookup(self)
    }

    /// CPython's name (`<N>` for numbers 3.13 does not use, as `dis` prints them).
    pub fn name(self) -> &'static str {
        self.info().map_or("<unknown>", |i| i.name)
    }

    /// Looks an opcode up by its CPython name.
    pub fn from_name(name: &str) -> Option<Opcode> {
        OPCODES.iter().find(|i| i.name == name).map(|i| i.op)
    }

    /// Inline cache units that follow this instruction.
    pub const fn cache_entries(self) -> usize {
        match self.info() {
            Some(i) => i.caches as usize,
            None => 0,
        }
    }

    fn flags(self) -> u8 {
        self.info().map_or(0, |i| i.flags)
    }

    /// True when the oparg is meaningful (`dis` prints it).
    pub fn has_arg(self) -> bool {
        self.flags() & HAS_ARG != 0
    }

    /// True for relative jumps (`FOR_ITER`, `POP_JUMP_IF_*`, `JUMP_*`, `SEND`).
    pub fn is_jump(self) -> bool {
        self.flags() & HAS_JUMP != 0
    }

    /// True for jumps whose target lies before the instruction.
    pub fn is_backward_jump(self) -> bool {
        matches!(
            self.deopt(),
            Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT
        )
    }

    /// True when the oparg indexes `co_consts`.
    pub fn has_const(self) -> bool {
        self.flags() & HAS_CONST != 0
    }

    /// True when the oparg (possibly shifted) indexes `co_names`.
    pub fn has_name(self) -> bool {
        self.flags() & HAS_NAME != 0
    }

    /// True when the oparg indexes the fast locals.
    pub fn has_local(self) -> bool {
        self.flags() & HAS_LOCAL != 0
    }

    /// True when the oparg indexes cell/free variables (`localsplus`).
    pub fn has_free(self) -> bool {
        self.flags() & HAS_FREE != 0
    }

    /// The generic family (e.g. `BINARY_OP` for `BINARY_OP_ADD_INT`); itself when generic.
    pub const fn deopt(self) -> Opcode {
        match self.info() {
            Some(i) => i.deopt,
            None => self,
        }
    }

    /// True for the specialized forms that the adaptive interpreter writes in place.
    pub fn is_specialized(self) -> bool {
        self.deopt() != self
    }

    /// The specialized forms of a generic family, in `opcode._specializations` order by number.
    pub fn specializations(self) -> impl Iterator<Item = Opcode> {
        OPCODES
            .iter()
            .filter(move |i| i.deopt == self && i.op != self)
            .map(|i| i.op)
    }

    /// Named cache fields of this instruction's family, for `show_caches`.
    pub fn cache_format(self) -> &'static [(&'static str, u8)] {
        let family = self.deopt();
        CACHE_FORMAT
            .iter()
            .find(|(op, _)| *op == family)
            .map_or(&[], |(_, fields)| fields)
    }
}

impl std::fmt::Debug for Opcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Opcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Row of `OPCODES` for each opcode number, built once. Invariant: `OPCODES` has fewer than 255
/// rows, so `u8::MAX` can mean "not a 3.13 opcode".
const fn lookup(op: Opcode) -> Option<&'static OpInfo> {
    match INDEX[op.0 as usize] {
        u8::MAX => None,
        row => Some(&OPCODES[row as usize]),
    }
}

/// Row of each opcode number in `OPCODES` (`u8::MAX`: not an opcode), built at compile time.
const INDEX: [u8; 256] = {
    let mut index = [u8::MAX; 256];
    let mut row = 0;
    while row < OPCODES.len() {
        index[OPCODES[row].op.0 as usize] = row as u8;
        row += 1;
    }
    index
};

// BEGIN GENERATED by scripts/gen_opcodes.py (CPython 3.13.0)
#[rustfmt::skip]
impl Opcode {
    /// Inline cache unit: data for the specializer, never executed.
    pub const CACHE: Opcode = Opcode(0);
    pub const BEFORE_ASYNC_WITH: Opcode = Opcode(1);
    pub const BEFORE_WITH: Opcode = Opcode(2);
    pub const BINARY_OP_INPLACE_ADD_UNICODE: Opcode = Opcode(3);
    /// `(container start stop -- value)` `container[start:stop]`.
    pub const BINARY_SLICE: Opcode = Opcode(4);
    /// `(container key -- value)`; specializable.
    pub const BINARY_SUBSCR: Opcode = Opcode(5);
    pub const CHECK_EG_MATCH: Opcode = Opcode(6);
    /// `(exc type -- exc bool)` `except type:`.
    pub const CHECK_EXC_MATCH: Opcode = Opcode(7);
    pub const CLEANUP_THROW: Opcode = Opcode(8);
    /// `(container key -- )`.
    pub const DELETE_SUBSCR: Opcode = Opcode(9);
    pub const END_ASYNC_FOR: Opcode = Opcode(10);
    /// `(value -- )` pops the last value when FOR_ITER's iterator is exhausted.
    pub const END_FOR: Opcode = Opcode(11);
    pub const END_SEND: Opcode = Opcode(12);
    pub const EXIT_INIT_CHECK: Opcode = Opcode(13);
    /// `(value -- str)` format(value) for an f-string field.
    pub const FORMAT_SIMPLE: Opcode = Opcode(14);
    /// `(value spec -- str)` format(value, spec).
    pub const FORMAT_WITH_SPEC: Opcode = Opcode(15);
    pub const GET_AITER: Opcode = Opcode(16);
    pub const RESERVED: Opcode = Opcode(17);
    pub const GET_ANEXT: Opcode = Opcode(18);
    /// `(iterable -- iter)`.
    pub const GET_ITER: Opcode = Opcode(19);
    pub const GET_LEN: Opcode = Opcode(20);
    pub const GET_YIELD_FROM_ITER: Opcode = Opcode(21);
    pub const INTERPRETER_EXIT: Opcode = Opcode(22);
    /// `( -- AssertionError)`.
    pub const LOAD_ASSERTION_ERROR: Opcode = Opcode(23);
    /// `( -- __build_class__)`.
    pub const LOAD_BUILD_CLASS: Opcode = Opcode(24);
    /// `( -- locals)` class bodies.
    pub const LOAD_LOCALS: Opcode = Opcode(25);
    /// `(code -- func)`.
    pub const MAKE_FUNCTION: Opcode = Opcode(26);
    pub const MATCH_KEYS: Opcode = Opcode(27);
    pub const MATCH_MAPPING: Opcode = Opcode(28);
    pub const MATCH_SEQUENCE: Opcode = Opcode(29);
    /// `( -- )` does nothing; kept only to carry a line number.
    pub const NOP: Opcode = Opcode(30);
    /// `(prev_exc -- )` restores the previous handled exception.
    pub const POP_EXCEPT: Opcode = Opcode(31);
    /// `(value -- )` discards the top of the stack.
    pub const POP_TOP: Opcode = Opcode(32);
    /// `(exc -- prev_exc exc)` entering an except handler.
    pub const PUSH_EXC_INFO: Opcode = Opcode(33);
    /// `( -- NULL)` the NULL slot below a callable that is not a method.
    pub const PUSH_NULL: Opcode = Opcode(34);
    /// `( -- )` turns the frame into a generator at its first instruction.
    pub const RETURN_GENERATOR: Opcode = Opcode(35);
    /// `(value -- )` returns from the frame.
    pub const RETURN_VALUE: Opcode = Opcode(36);
    pub const SETUP_ANNOTATIONS: Opcode = Opcode(37);
    /// `(value container start stop -- )` `container[start:stop] = value`.
    pub const STORE_SLICE: Opcode = Opcode(38);
    /// `(value container key -- )`; specializable.
    pub const STORE_SUBSCR: Opcode = Opcode(39);
    /// `(value -- bool)` converts for a conditional jump; specializable.
    pub const TO_BOOL: Opcode = Opcode(40);
    /// `(value -- ~value)`.
    pub const UNARY_INVERT: Opcode = Opcode(41);
    /// `(value -- -value)`.
    pub const UNARY_NEGATIVE: Opcode = Opcode(42);
    /// `(bool -- not bool)` on an exact bool (TO_BOOL runs first).
    pub const UNARY_NOT: Opcode = Opcode(43);
    pub const WITH_EXCEPT_START: Opcode = Opcode(44);
    /// `(lhs rhs -- res)` oparg = NB_* operator; specializable.
    pub const BINARY_OP: Opcode = Opcode(45);
    pub const BUILD_CONST_KEY_MAP: Opcode = Opcode(46);
    /// `(values[oparg] -- list)`.
    pub const BUILD_LIST: Opcode = Opcode(47);
    /// `(keys_and_values[2*oparg] -- dict)`.
    pub const BUILD_MAP: Opcode = Opcode(48);
    /// `(values[oparg] -- set)`.
    pub const BUILD_SET: Opcode = Opcode(49);
    /// `(start stop [step] -- slice)`.
    pub const BUILD_SLICE: Opcode = Opcode(50);
    /// `(pieces[oparg] -- str)` joins f-string parts.
    pub const BUILD_STRING: Opcode = Opcode(51);
    /// `(values[oparg] -- tuple)`.
    pub const BUILD_TUPLE: Opcode = Opcode(52);
    /// `(callable self_or_null args[oparg] -- res)`; specializable.
    pub const CALL: Opcode = Opcode(53);
    pub const CALL_FUNCTION_EX: Opcode = Opcode(54);
    /// `(value -- res)` runs intrinsic oparg (INTRINSIC_*).
    pub const CALL_INTRINSIC_1: Opcode = Opcode(55);
    pub const CALL_INTRINSIC_2: Opcode = Opcode(56);
    /// `(callable self_or_null args[oparg] kwnames -- res)`.
    pub const CALL_KW: Opcode = Opcode(57);
    /// `(lhs rhs -- res)` oparg = op<<5 | to-bool(16); specializable.
    pub const COMPARE_OP: Opcode = Opcode(58);
    /// `(lhs rhs -- bool)` `in` (oparg 0) / `not in` (1); specializable.
    pub const CONTAINS_OP: Opcode = Opcode(59);
    /// `(value -- value)` !s (1), !r (2) or !a (3).
    pub const CONVERT_VALUE: Opcode = Opcode(60);
    /// `(bottom, unused[oparg-1] -- bottom, unused[oparg-1], bottom)`.
    pub const COPY: Opcode = Opcode(61);
    /// `( -- )` copies oparg closure cells into the frame.
    pub const COPY_FREE_VARS: Opcode = Opcode(62);
    /// `(owner -- )`.
    pub const DELETE_ATTR: Opcode = Opcode(63);
    pub const DELETE_DEREF: Opcode = Opcode(64);
    /// `( -- )` unbinds a local.
    pub const DELETE_FAST: Opcode = Opcode(65);
    pub const DELETE_GLOBAL: Opcode = Opcode(66);
    /// `( -- )` deletes from the locals mapping.
    pub const DELETE_NAME: Opcode = Opcode(67);
    pub const DICT_MERGE: Opcode = Opcode(68);
    pub const DICT_UPDATE: Opcode = Opcode(69);
    pub const ENTER_EXECUTOR: Opcode = Opcode(70);
    /// Prefix: shifts 8 more bits into the next instruction's oparg.
    pub const EXTENDED_ARG: Opcode = Opcode(71);
    /// `(iter -- iter next)` or jump forward past END_FOR when exhausted; specializable.
    pub const FOR_ITER: Opcode = Opcode(72);
    pub const GET_AWAITABLE: Opcode = Opcode(73);
    /// `(module -- module attr)`.
    pub const IMPORT_FROM: Opcode = Opcode(74);
    /// `(level fromlist -- module)`.
    pub const IMPORT_NAME: Opcode = Opcode(75);
    /// `(lhs rhs -- bool)` `is` (oparg 0) / `is not` (1).
    pub const IS_OP: Opcode = Opcode(76);
    /// `( -- )` loop back edge; checks the eval breaker; its cache counts toward tier 2.
    pub const JUMP_BACKWARD: Opcode = Opcode(77);
    /// `( -- )` back edge that never checks the eval breaker.
    pub const JUMP_BACKWARD_NO_INTERRUPT: Opcode = Opcode(78);
    /// `( -- )` relative jump forward by oparg code units.
    pub const JUMP_FORWARD: Opcode = Opcode(79);
    /// `(list, unused[oparg-1], v -- list, unused[oparg-1])`.
    pub const LIST_APPEND: Opcode = Opcode(80);
    /// `(list, unused[oparg-1], iterable -- list, unused[oparg-1])`.
    pub const LIST_EXTEND: Opcode = Opcode(81);
    /// `(owner -- attr | meth self_or_null)` oparg = name<<1 | method bit; specializable.
    pub const LOAD_ATTR: Opcode = Opcode(82);
    /// `( -- value)` pushes co_consts[oparg].
    pub const LOAD_CONST: Opcode = Opcode(83);
    /// `( -- value)` reads a cell or free variable.
    pub const LOAD_DEREF: Opcode = Opcode(84);
    /// `( -- value)` pushes a local known to be bound.
    pub const LOAD_FAST: Opcode = Opcode(85);
    /// `( -- value|NULL)` saves a local and unbinds it (inlined comprehensions).
    pub const LOAD_FAST_AND_CLEAR: Opcode = Opcode(86);
    /// `( -- value)` pushes a local that may be unbound (raises UnboundLocalError).
    pub const LOAD_FAST_CHECK: Opcode = Opcode(87);
    /// `( -- v1 v2)` superinstruction: locals oparg>>4 then oparg&15.
    pub const LOAD_FAST_LOAD_FAST: Opcode = Opcode(88);
    /// `(mapping -- value)` class bodies reading a free variable.
    pub const LOAD_FROM_DICT_OR_DEREF: Opcode = Opcode(89);
    pub const LOAD_FROM_DICT_OR_GLOBALS: Opcode = Opcode(90);
    /// `( -- [NULL] value)` oparg = name<<1 | push-NULL; specializable.
    pub const LOAD_GLOBAL: Opcode = Opcode(91);
    /// `( -- value)` locals, then globals, then builtins (module and class bodies).
    pub const LOAD_NAME: Opcode = Opcode(92);
    /// `(global_super class self -- attr [self_or_null])` zero-argument super(); specializable.
    pub const LOAD_SUPER_ATTR: Opcode = Opcode(93);
    /// `( -- )` wraps local oparg in a new cell at frame entry.
    pub const MAKE_CELL: Opcode = Opcode(94);
    /// `(dict, unused[oparg-1], key value -- dict, unused[oparg-1])`.
    pub const MAP_ADD: Opcode = Opcode(95);
    pub const MATCH_CLASS: Opcode = Opcode(96);
    /// `(bool -- )` jumps forward when false.
    pub const POP_JUMP_IF_FALSE: Opcode = Opcode(97);
    /// `(value -- )` jumps forward when None.
    pub const POP_JUMP_IF_NONE: Opcode = Opcode(98);
    /// `(value -- )` jumps forward when not None.
    pub const POP_JUMP_IF_NOT_NONE: Opcode = Opcode(99);
    /// `(bool -- )` jumps forward when true.
    pub const POP_JUMP_IF_TRUE: Opcode = Opcode(100);
    /// `(args[oparg] -- )` raise, raise exc, raise exc from cause.
    pub const RAISE_VARARGS: Opcode = Opcode(101);
    /// `(values[oparg], exc -- )` re-raises; oparg 1 restores f_lasti.
    pub const RERAISE: Opcode = Opcode(102);
    /// `( -- )` returns co_consts[oparg].
    pub const RETURN_CONST: Opcode = Opcode(103);
    pub const SEND: Opcode = Opcode(104);
    /// `(set, unused[oparg-1], v -- set, unused[oparg-1])`.
    pub const SET_ADD: Opcode = Opcode(105);
    /// `(attr func -- func)` oparg = 1 defaults, 2 kwdefaults, 4 annotations, 8 closure.
    pub const SET_FUNCTION_ATTRIBUTE: Opcode = Opcode(106);
    pub const SET_UPDATE: Opcode = Opcode(107);
    /// `(value owner -- )`; specializable.
    pub const STORE_ATTR: Opcode = Opcode(108);
    /// `(value -- )` writes a cell.
    pub const STORE_DEREF: Opcode = Opcode(109);
    /// `(value -- )` binds a local.
    pub const STORE_FAST: Opcode = Opcode(110);
    /// `(v -- w)` superinstruction: stores oparg>>4, loads oparg&15.
    pub const STORE_FAST_LOAD_FAST: Opcode = Opcode(111);
    /// `(v2 v1 -- )` superinstruction: stores oparg>>4 then oparg&15.
    pub const STORE_FAST_STORE_FAST: Opcode = Opcode(112);
    /// `(value -- )` stores into the module dict.
    pub const STORE_GLOBAL: Opcode = Opcode(113);
    /// `(value -- )` stores into the locals mapping.
    pub const STORE_NAME: Opcode = Opcode(114);
    /// `(bottom, unused[oparg-2], top -- top, unused[oparg-2], bottom)`.
    pub const SWAP: Opcode = Opcode(115);
    pub const UNPACK_EX: Opcode = Opcode(116);
    /// `(seq -- values[oparg])` the first item ends on top; specializable.
    pub const UNPACK_SEQUENCE: Opcode = Opcode(117);
    /// `(value -- sent)` suspends the generator.
    pub const YIELD_VALUE: Opcode = Opcode(118);
    /// `( -- )` frame entry check (eval breaker, instrumentation); oparg = where.
    pub const RESUME: Opcode = Opcode(149);
    pub const BINARY_OP_ADD_FLOAT: Opcode = Opcode(150);
    pub const BINARY_OP_ADD_INT: Opcode = Opcode(151);
    pub const BINARY_OP_ADD_UNICODE: Opcode = Opcode(152);
    pub const BINARY_OP_MULTIPLY_FLOAT: Opcode = Opcode(153);
    pub const BINARY_OP_MULTIPLY_INT: Opcode = Opcode(154);
    pub const BINARY_OP_SUBTRACT_FLOAT: Opcode = Opcode(155);
    pub const BINARY_OP_SUBTRACT_INT: Opcode = Opcode(156);
    pub const BINARY_SUBSCR_DICT: Opcode = Opcode(157);
    pub const BINARY_SUBSCR_GETITEM: Opcode = Opcode(158);
    pub const BINARY_SUBSCR_LIST_INT: Opcode = Opcode(159);
    pub const BINARY_SUBSCR_STR_INT: Opcode = Opcode(160);
    pub const BINARY_SUBSCR_TUPLE_INT: Opcode = Opcode(161);
    pub const CALL_ALLOC_AND_ENTER_INIT: Opcode = Opcode(162);
    pub const CALL_BOUND_METHOD_EXACT_ARGS: Opcode = Opcode(163);
    pub const CALL_BOUND_METHOD_GENERAL: Opcode = Opcode(164);
    pub const CALL_BUILTIN_CLASS: Opcode = Opcode(165);
    pub const CALL_BUILTIN_FAST: Opcode = Opcode(166);
    pub const CALL_BUILTIN_FAST_WITH_KEYWORDS: Opcode = Opcode(167);
    pub const CALL_BUILTIN_O: Opcode = Opcode(168);
    pub const CALL_ISINSTANCE: Opcode = Opcode(169);
    pub const CALL_LEN: Opcode = Opcode(170);
    pub const CALL_LIST_APPEND: Opcode = Opcode(171);
    pub const CALL_METHOD_DESCRIPTOR_FAST: Opcode = Opcode(172);
    pub const CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS: Opcode = Opcode(173);
    pub const CALL_METHOD_DESCRIPTOR_NOARGS: Opcode = Opcode(174);
    pub const CALL_METHOD_DESCRIPTOR_O: Opcode = Opcode(175);
    pub const CALL_NON_PY_GENERAL: Opcode = Opcode(176);
    pub const CALL_PY_EXACT_ARGS: Opcode = Opcode(177);
    pub const CALL_PY_GENERAL: Opcode = Opcode(178);
    pub const CALL_STR_1: Opcode = Opcode(179);
    pub const CALL_TUPLE_1: Opcode = Opcode(180);
    pub const CALL_TYPE_1: Opcode = Opcode(181);
    pub const COMPARE_OP_FLOAT: Opcode = Opcode(182);
    pub const COMPARE_OP_INT: Opcode = Opcode(183);
    pub const COMPARE_OP_STR: Opcode = Opcode(184);
    pub const CONTAINS_OP_DICT: Opcode = Opcode(185);
    pub const CONTAINS_OP_SET: Opcode = Opcode(186);
    pub const FOR_ITER_GEN: Opcode = Opcode(187);
    pub const FOR_ITER_LIST: Opcode = Opcode(188);
    pub const FOR_ITER_RANGE: Opcode = Opcode(189);
    pub const FOR_ITER_TUPLE: Opcode = Opcode(190);
    pub const LOAD_ATTR_CLASS: Opcode = Opcode(191);
    pub const LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN: Opcode = Opcode(192);
    pub const LOAD_ATTR_INSTANCE_VALUE: Opcode = Opcode(193);
    pub const LOAD_ATTR_METHOD_LAZY_DICT: Opcode = Opcode(194);
    pub const LOAD_ATTR_METHOD_NO_DICT: Opcode = Opcode(195);
    pub const LOAD_ATTR_METHOD_WITH_VALUES: Opcode = Opcode(196);
    pub const LOAD_ATTR_MODULE: Opcode = Opcode(197);
    pub const LOAD_ATTR_NONDESCRIPTOR_NO_DICT: Opcode = Opcode(198);
    pub const LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES: Opcode = Opcode(199);
    pub const LOAD_ATTR_PROPERTY: Opcode = Opcode(200);
    pub const LOAD_ATTR_SLOT: Opcode = Opcode(201);
    pub const LOAD_ATTR_WITH_HINT: Opcode = Opcode(202);
    pub const LOAD_GLOBAL_BUILTIN: Opcode = Opcode(203);
    pub const LOAD_GLOBAL_MODULE: Opcode = Opcode(204);
    pub const LOAD_SUPER_ATTR_ATTR: Opcode = Opcode(205);
    pub const LOAD_SUPER_ATTR_METHOD: Opcode = Opcode(206);
    pub const RESUME_CHECK: Opcode = Opcode(207);
    pub const SEND_GEN: Opcode = Opcode(208);
    pub const STORE_ATTR_INSTANCE_VALUE: Opcode = Opcode(209);
    pub const STORE_ATTR_SLOT: Opcode = Opcode(210);
    pub const STORE_ATTR_WITH_HINT: Opcode = Opcode(211);
    pub const STORE_SUBSCR_DICT: Opcode = Opcode(212);
    pub const STORE_SUBSCR_LIST_INT: Opcode = Opcode(213);
    pub const TO_BOOL_ALWAYS_TRUE: Opcode = Opcode(214);
    pub const TO_BOOL_BOOL: Opcode = Opcode(215);
    pub const TO_BOOL_INT: Opcode = Opcode(216);
    pub const TO_BOOL_LIST: Opcode = Opcode(217);
    pub const TO_BOOL_NONE: Opcode = Opcode(218);
    pub const TO_BOOL_STR: Opcode = Opcode(219);
    pub const UNPACK_SEQUENCE_LIST: Opcode = Opcode(220);
    pub const UNPACK_SEQUENCE_TUPLE: Opcode = Opcode(221);
    pub const UNPACK_SEQUENCE_TWO_TUPLE: Opcode = Opcode(222);
    pub const INSTRUMENTED_RESUME: Opcode = Opcode(236);
    pub const INSTRUMENTED_END_FOR: Opcode = Opcode(237);
    pub const INSTRUMENTED_END_SEND: Opcode = Opcode(238);
    pub const INSTRUMENTED_RETURN_VALUE: Opcode = Opcode(239);
    pub const INSTRUMENTED_RETURN_CONST: Opcode = Opcode(240);
    pub const INSTRUMENTED_YIELD_VALUE: Opcode = Opcode(241);
    pub const INSTRUMENTED_LOAD_SUPER_ATTR: Opcode = Opcode(242);
    pub const INSTRUMENTED_FOR_ITER: Opcode = Opcode(243);
    pub const INSTRUMENTED_CALL: Opcode = Opcode(244);
    pub const INSTRUMENTED_CALL_KW: Opcode = Opcode(245);
    pub const INSTRUMENTED_CALL_FUNCTION_EX: Opcode = Opcode(246);
    pub const INSTRUMENTED_INSTRUCTION: Opcode = Opcode(247);
    pub const INSTRUMENTED_JUMP_FORWARD: Opcode = Opcode(248);
    pub const INSTRUMENTED_JUMP_BACKWARD: Opcode = Opcode(249);
    pub const INSTRUMENTED_POP_JUMP_IF_TRUE: Opcode = Opcode(250);
    pub const INSTRUMENTED_POP_JUMP_IF_FALSE: Opcode = Opcode(251);
    pub const INSTRUMENTED_POP_JUMP_IF_NONE: Opcode = Opcode(252);
    pub const INSTRUMENTED_POP_JUMP_IF_NOT_NONE: Opcode = Opcode(253);
    pub const INSTRUMENTED_LINE: Opcode = Opcode(254);
}

/// Every real opcode of CPython 3.13, generic and specialized, sorted by number.
#[rustfmt::skip]
pub static OPCODES: &[OpInfo] = &[
    OpInfo { op: Opcode::CACHE, name: "CACHE", caches: 0, flags: 0, deopt: Opcode::CACHE },
    OpInfo { op: Opcode::BEFORE_ASYNC_WITH, name: "BEFORE_ASYNC_WITH", caches: 0, flags: 0, deopt: Opcode::BEFORE_ASYNC_WITH },
    OpInfo { op: Opcode::BEFORE_WITH, name: "BEFORE_WITH", caches: 0, flags: 0, deopt: Opcode::BEFORE_WITH },
    OpInfo { op: Opcode::BINARY_OP_INPLACE_ADD_UNICODE, name: "BINARY_OP_INPLACE_ADD_UNICODE", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_SLICE, name: "BINARY_SLICE", caches: 0, flags: 0, deopt: Opcode::BINARY_SLICE },
    OpInfo { op: Opcode::BINARY_SUBSCR, name: "BINARY_SUBSCR", caches: 1, flags: 0, deopt: Opcode::BINARY_SUBSCR },
    OpInfo { op: Opcode::CHECK_EG_MATCH, name: "CHECK_EG_MATCH", caches: 0, flags: 0, deopt: Opcode::CHECK_EG_MATCH },
    OpInfo { op: Opcode::CHECK_EXC_MATCH, name: "CHECK_EXC_MATCH", caches: 0, flags: 0, deopt: Opcode::CHECK_EXC_MATCH },
    OpInfo { op: Opcode::CLEANUP_THROW, name: "CLEANUP_THROW", caches: 0, flags: 0, deopt: Opcode::CLEANUP_THROW },
    OpInfo { op: Opcode::DELETE_SUBSCR, name: "DELETE_SUBSCR", caches: 0, flags: 0, deopt: Opcode::DELETE_SUBSCR },
    OpInfo { op: Opcode::END_ASYNC_FOR, name: "END_ASYNC_FOR", caches: 0, flags: 0, deopt: Opcode::END_ASYNC_FOR },
    OpInfo { op: Opcode::END_FOR, name: "END_FOR", caches: 0, flags: 0, deopt: Opcode::END_FOR },
    OpInfo { op: Opcode::END_SEND, name: "END_SEND", caches: 0, flags: 0, deopt: Opcode::END_SEND },
    OpInfo { op: Opcode::EXIT_INIT_CHECK, name: "EXIT_INIT_CHECK", caches: 0, flags: 0, deopt: Opcode::EXIT_INIT_CHECK },
    OpInfo { op: Opcode::FORMAT_SIMPLE, name: "FORMAT_SIMPLE", caches: 0, flags: 0, deopt: Opcode::FORMAT_SIMPLE },
    OpInfo { op: Opcode::FORMAT_WITH_SPEC, name: "FORMAT_WITH_SPEC", caches: 0, flags: 0, deopt: Opcode::FORMAT_WITH_SPEC },
    OpInfo { op: Opcode::GET_AITER, name: "GET_AITER", caches: 0, flags: 0, deopt: Opcode::GET_AITER },
    OpInfo { op: Opcode::RESERVED, name: "RESERVED", caches: 0, flags: 0, deopt: Opcode::RESERVED },
    OpInfo { op: Opcode::GET_ANEXT, name: "GET_ANEXT", caches: 0, flags: 0, deopt: Opcode::GET_ANEXT },
    OpInfo { op: Opcode::GET_ITER, name: "GET_ITER", caches: 0, flags: 0, deopt: Opcode::GET_ITER },
    OpInfo { op: Opcode::GET_LEN, name: "GET_LEN", caches: 0, flags: 0, deopt: Opcode::GET_LEN },
    OpInfo { op: Opcode::GET_YIELD_FROM_ITER, name: "GET_YIELD_FROM_ITER", caches: 0, flags: 0, deopt: Opcode::GET_YIELD_FROM_ITER },
    OpInfo { op: Opcode::INTERPRETER_EXIT, name: "INTERPRETER_EXIT", caches: 0, flags: 0, deopt: Opcode::INTERPRETER_EXIT },
    OpInfo { op: Opcode::LOAD_ASSERTION_ERROR, name: "LOAD_ASSERTION_ERROR", caches: 0, flags: 0, deopt: Opcode::LOAD_ASSERTION_ERROR },
    OpInfo { op: Opcode::LOAD_BUILD_CLASS, name: "LOAD_BUILD_CLASS", caches: 0, flags: 0, deopt: Opcode::LOAD_BUILD_CLASS },
    OpInfo { op: Opcode::LOAD_LOCALS, name: "LOAD_LOCALS", caches: 0, flags: 0, deopt: Opcode::LOAD_LOCALS },
    OpInfo { op: Opcode::MAKE_FUNCTION, name: "MAKE_FUNCTION", caches: 0, flags: 0, deopt: Opcode::MAKE_FUNCTION },
    OpInfo { op: Opcode::MATCH_KEYS, name: "MATCH_KEYS", caches: 0, flags: 0, deopt: Opcode::MATCH_KEYS },
    OpInfo { op: Opcode::MATCH_MAPPING, name: "MATCH_MAPPING", caches: 0, flags: 0, deopt: Opcode::MATCH_MAPPING },
    OpInfo { op: Opcode::MATCH_SEQUENCE, name: "MATCH_SEQUENCE", caches: 0, flags: 0, deopt: Opcode::MATCH_SEQUENCE },
    OpInfo { op: Opcode::NOP, name: "NOP", caches: 0, flags: 0, deopt: Opcode::NOP },
    OpInfo { op: Opcode::POP_EXCEPT, name: "POP_EXCEPT", caches: 0, flags: 0, deopt: Opcode::POP_EXCEPT },
    OpInfo { op: Opcode::POP_TOP, name: "POP_TOP", caches: 0, flags: 0, deopt: Opcode::POP_TOP },
    OpInfo { op: Opcode::PUSH_EXC_INFO, name: "PUSH_EXC_INFO", caches: 0, flags: 0, deopt: Opcode::PUSH_EXC_INFO },
    OpInfo { op: Opcode::PUSH_NULL, name: "PUSH_NULL", caches: 0, flags: 0, deopt: Opcode::PUSH_NULL },
    OpInfo { op: Opcode::RETURN_GENERATOR, name: "RETURN_GENERATOR", caches: 0, flags: 0, deopt: Opcode::RETURN_GENERATOR },
    OpInfo { op: Opcode::RETURN_VALUE, name: "RETURN_VALUE", caches: 0, flags: 0, deopt: Opcode::RETURN_VALUE },
    OpInfo { op: Opcode::SETUP_ANNOTATIONS, name: "SETUP_ANNOTATIONS", caches: 0, flags: 0, deopt: Opcode::SETUP_ANNOTATIONS },
    OpInfo { op: Opcode::STORE_SLICE, name: "STORE_SLICE", caches: 0, flags: 0, deopt: Opcode::STORE_SLICE },
    OpInfo { op: Opcode::STORE_SUBSCR, name: "STORE_SUBSCR", caches: 1, flags: 0, deopt: Opcode::STORE_SUBSCR },
    OpInfo { op: Opcode::TO_BOOL, name: "TO_BOOL", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::UNARY_INVERT, name: "UNARY_INVERT", caches: 0, flags: 0, deopt: Opcode::UNARY_INVERT },
    OpInfo { op: Opcode::UNARY_NEGATIVE, name: "UNARY_NEGATIVE", caches: 0, flags: 0, deopt: Opcode::UNARY_NEGATIVE },
    OpInfo { op: Opcode::UNARY_NOT, name: "UNARY_NOT", caches: 0, flags: 0, deopt: Opcode::UNARY_NOT },
    OpInfo { op: Opcode::WITH_EXCEPT_START, name: "WITH_EXCEPT_START", caches: 0, flags: 0, deopt: Opcode::WITH_EXCEPT_START },
    OpInfo { op: Opcode::BINARY_OP, name: "BINARY_OP", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BUILD_CONST_KEY_MAP, name: "BUILD_CONST_KEY_MAP", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_CONST_KEY_MAP },
    OpInfo { op: Opcode::BUILD_LIST, name: "BUILD_LIST", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_LIST },
    OpInfo { op: Opcode::BUILD_MAP, name: "BUILD_MAP", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_MAP },
    OpInfo { op: Opcode::BUILD_SET, name: "BUILD_SET", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_SET },
    OpInfo { op: Opcode::BUILD_SLICE, name: "BUILD_SLICE", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_SLICE },
    OpInfo { op: Opcode::BUILD_STRING, name: "BUILD_STRING", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_STRING },
    OpInfo { op: Opcode::BUILD_TUPLE, name: "BUILD_TUPLE", caches: 0, flags: HAS_ARG, deopt: Opcode::BUILD_TUPLE },
    OpInfo { op: Opcode::CALL, name: "CALL", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_FUNCTION_EX, name: "CALL_FUNCTION_EX", caches: 0, flags: HAS_ARG, deopt: Opcode::CALL_FUNCTION_EX },
    OpInfo { op: Opcode::CALL_INTRINSIC_1, name: "CALL_INTRINSIC_1", caches: 0, flags: HAS_ARG, deopt: Opcode::CALL_INTRINSIC_1 },
    OpInfo { op: Opcode::CALL_INTRINSIC_2, name: "CALL_INTRINSIC_2", caches: 0, flags: HAS_ARG, deopt: Opcode::CALL_INTRINSIC_2 },
    OpInfo { op: Opcode::CALL_KW, name: "CALL_KW", caches: 0, flags: HAS_ARG, deopt: Opcode::CALL_KW },
    OpInfo { op: Opcode::COMPARE_OP, name: "COMPARE_OP", caches: 1, flags: HAS_ARG | HAS_COMPARE, deopt: Opcode::COMPARE_OP },
    OpInfo { op: Opcode::CONTAINS_OP, name: "CONTAINS_OP", caches: 1, flags: HAS_ARG, deopt: Opcode::CONTAINS_OP },
    OpInfo { op: Opcode::CONVERT_VALUE, name: "CONVERT_VALUE", caches: 0, flags: HAS_ARG, deopt: Opcode::CONVERT_VALUE },
    OpInfo { op: Opcode::COPY, name: "COPY", caches: 0, flags: HAS_ARG, deopt: Opcode::COPY },
    OpInfo { op: Opcode::COPY_FREE_VARS, name: "COPY_FREE_VARS", caches: 0, flags: HAS_ARG, deopt: Opcode::COPY_FREE_VARS },
    OpInfo { op: Opcode::DELETE_ATTR, name: "DELETE_ATTR", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::DELETE_ATTR },
    OpInfo { op: Opcode::DELETE_DEREF, name: "DELETE_DEREF", caches: 0, flags: HAS_ARG | HAS_FREE, deopt: Opcode::DELETE_DEREF },
    OpInfo { op: Opcode::DELETE_FAST, name: "DELETE_FAST", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::DELETE_FAST },
    OpInfo { op: Opcode::DELETE_GLOBAL, name: "DELETE_GLOBAL", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::DELETE_GLOBAL },
    OpInfo { op: Opcode::DELETE_NAME, name: "DELETE_NAME", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::DELETE_NAME },
    OpInfo { op: Opcode::DICT_MERGE, name: "DICT_MERGE", caches: 0, flags: HAS_ARG, deopt: Opcode::DICT_MERGE },
    OpInfo { op: Opcode::DICT_UPDATE, name: "DICT_UPDATE", caches: 0, flags: HAS_ARG, deopt: Opcode::DICT_UPDATE },
    OpInfo { op: Opcode::ENTER_EXECUTOR, name: "ENTER_EXECUTOR", caches: 0, flags: HAS_ARG, deopt: Opcode::ENTER_EXECUTOR },
    OpInfo { op: Opcode::EXTENDED_ARG, name: "EXTENDED_ARG", caches: 0, flags: HAS_ARG, deopt: Opcode::EXTENDED_ARG },
    OpInfo { op: Opcode::FOR_ITER, name: "FOR_ITER", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::FOR_ITER },
    OpInfo { op: Opcode::GET_AWAITABLE, name: "GET_AWAITABLE", caches: 0, flags: HAS_ARG, deopt: Opcode::GET_AWAITABLE },
    OpInfo { op: Opcode::IMPORT_FROM, name: "IMPORT_FROM", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::IMPORT_FROM },
    OpInfo { op: Opcode::IMPORT_NAME, name: "IMPORT_NAME", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::IMPORT_NAME },
    OpInfo { op: Opcode::IS_OP, name: "IS_OP", caches: 0, flags: HAS_ARG, deopt: Opcode::IS_OP },
    OpInfo { op: Opcode::JUMP_BACKWARD, name: "JUMP_BACKWARD", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::JUMP_BACKWARD },
    OpInfo { op: Opcode::JUMP_BACKWARD_NO_INTERRUPT, name: "JUMP_BACKWARD_NO_INTERRUPT", caches: 0, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::JUMP_BACKWARD_NO_INTERRUPT },
    OpInfo { op: Opcode::JUMP_FORWARD, name: "JUMP_FORWARD", caches: 0, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::JUMP_FORWARD },
    OpInfo { op: Opcode::LIST_APPEND, name: "LIST_APPEND", caches: 0, flags: HAS_ARG, deopt: Opcode::LIST_APPEND },
    OpInfo { op: Opcode::LIST_EXTEND, name: "LIST_EXTEND", caches: 0, flags: HAS_ARG, deopt: Opcode::LIST_EXTEND },
    OpInfo { op: Opcode::LOAD_ATTR, name: "LOAD_ATTR", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_CONST, name: "LOAD_CONST", caches: 0, flags: HAS_ARG | HAS_CONST, deopt: Opcode::LOAD_CONST },
    OpInfo { op: Opcode::LOAD_DEREF, name: "LOAD_DEREF", caches: 0, flags: HAS_ARG | HAS_FREE, deopt: Opcode::LOAD_DEREF },
    OpInfo { op: Opcode::LOAD_FAST, name: "LOAD_FAST", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::LOAD_FAST },
    OpInfo { op: Opcode::LOAD_FAST_AND_CLEAR, name: "LOAD_FAST_AND_CLEAR", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::LOAD_FAST_AND_CLEAR },
    OpInfo { op: Opcode::LOAD_FAST_CHECK, name: "LOAD_FAST_CHECK", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::LOAD_FAST_CHECK },
    OpInfo { op: Opcode::LOAD_FAST_LOAD_FAST, name: "LOAD_FAST_LOAD_FAST", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::LOAD_FAST_LOAD_FAST },
    OpInfo { op: Opcode::LOAD_FROM_DICT_OR_DEREF, name: "LOAD_FROM_DICT_OR_DEREF", caches: 0, flags: HAS_ARG | HAS_FREE, deopt: Opcode::LOAD_FROM_DICT_OR_DEREF },
    OpInfo { op: Opcode::LOAD_FROM_DICT_OR_GLOBALS, name: "LOAD_FROM_DICT_OR_GLOBALS", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_FROM_DICT_OR_GLOBALS },
    OpInfo { op: Opcode::LOAD_GLOBAL, name: "LOAD_GLOBAL", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_GLOBAL },
    OpInfo { op: Opcode::LOAD_NAME, name: "LOAD_NAME", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_NAME },
    OpInfo { op: Opcode::LOAD_SUPER_ATTR, name: "LOAD_SUPER_ATTR", caches: 1, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_SUPER_ATTR },
    OpInfo { op: Opcode::MAKE_CELL, name: "MAKE_CELL", caches: 0, flags: HAS_ARG | HAS_FREE, deopt: Opcode::MAKE_CELL },
    OpInfo { op: Opcode::MAP_ADD, name: "MAP_ADD", caches: 0, flags: HAS_ARG, deopt: Opcode::MAP_ADD },
    OpInfo { op: Opcode::MATCH_CLASS, name: "MATCH_CLASS", caches: 0, flags: HAS_ARG, deopt: Opcode::MATCH_CLASS },
    OpInfo { op: Opcode::POP_JUMP_IF_FALSE, name: "POP_JUMP_IF_FALSE", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::POP_JUMP_IF_FALSE },
    OpInfo { op: Opcode::POP_JUMP_IF_NONE, name: "POP_JUMP_IF_NONE", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::POP_JUMP_IF_NONE },
    OpInfo { op: Opcode::POP_JUMP_IF_NOT_NONE, name: "POP_JUMP_IF_NOT_NONE", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::POP_JUMP_IF_NOT_NONE },
    OpInfo { op: Opcode::POP_JUMP_IF_TRUE, name: "POP_JUMP_IF_TRUE", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::POP_JUMP_IF_TRUE },
    OpInfo { op: Opcode::RAISE_VARARGS, name: "RAISE_VARARGS", caches: 0, flags: HAS_ARG, deopt: Opcode::RAISE_VARARGS },
    OpInfo { op: Opcode::RERAISE, name: "RERAISE", caches: 0, flags: HAS_ARG, deopt: Opcode::RERAISE },
    OpInfo { op: Opcode::RETURN_CONST, name: "RETURN_CONST", caches: 0, flags: HAS_ARG | HAS_CONST, deopt: Opcode::RETURN_CONST },
    OpInfo { op: Opcode::SEND, name: "SEND", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::SEND },
    OpInfo { op: Opcode::SET_ADD, name: "SET_ADD", caches: 0, flags: HAS_ARG, deopt: Opcode::SET_ADD },
    OpInfo { op: Opcode::SET_FUNCTION_ATTRIBUTE, name: "SET_FUNCTION_ATTRIBUTE", caches: 0, flags: HAS_ARG, deopt: Opcode::SET_FUNCTION_ATTRIBUTE },
    OpInfo { op: Opcode::SET_UPDATE, name: "SET_UPDATE", caches: 0, flags: HAS_ARG, deopt: Opcode::SET_UPDATE },
    OpInfo { op: Opcode::STORE_ATTR, name: "STORE_ATTR", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::STORE_ATTR },
    OpInfo { op: Opcode::STORE_DEREF, name: "STORE_DEREF", caches: 0, flags: HAS_ARG | HAS_FREE, deopt: Opcode::STORE_DEREF },
    OpInfo { op: Opcode::STORE_FAST, name: "STORE_FAST", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::STORE_FAST },
    OpInfo { op: Opcode::STORE_FAST_LOAD_FAST, name: "STORE_FAST_LOAD_FAST", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::STORE_FAST_LOAD_FAST },
    OpInfo { op: Opcode::STORE_FAST_STORE_FAST, name: "STORE_FAST_STORE_FAST", caches: 0, flags: HAS_ARG | HAS_LOCAL, deopt: Opcode::STORE_FAST_STORE_FAST },
    OpInfo { op: Opcode::STORE_GLOBAL, name: "STORE_GLOBAL", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::STORE_GLOBAL },
    OpInfo { op: Opcode::STORE_NAME, name: "STORE_NAME", caches: 0, flags: HAS_ARG | HAS_NAME, deopt: Opcode::STORE_NAME },
    OpInfo { op: Opcode::SWAP, name: "SWAP", caches: 0, flags: HAS_ARG, deopt: Opcode::SWAP },
    OpInfo { op: Opcode::UNPACK_EX, name: "UNPACK_EX", caches: 0, flags: HAS_ARG, deopt: Opcode::UNPACK_EX },
    OpInfo { op: Opcode::UNPACK_SEQUENCE, name: "UNPACK_SEQUENCE", caches: 1, flags: HAS_ARG, deopt: Opcode::UNPACK_SEQUENCE },
    OpInfo { op: Opcode::YIELD_VALUE, name: "YIELD_VALUE", caches: 0, flags: HAS_ARG, deopt: Opcode::YIELD_VALUE },
    OpInfo { op: Opcode::RESUME, name: "RESUME", caches: 0, flags: HAS_ARG, deopt: Opcode::RESUME },
    OpInfo { op: Opcode::BINARY_OP_ADD_FLOAT, name: "BINARY_OP_ADD_FLOAT", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_OP_ADD_INT, name: "BINARY_OP_ADD_INT", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_OP_ADD_UNICODE, name: "BINARY_OP_ADD_UNICODE", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_OP_MULTIPLY_FLOAT, name: "BINARY_OP_MULTIPLY_FLOAT", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_OP_MULTIPLY_INT, name: "BINARY_OP_MULTIPLY_INT", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_OP_SUBTRACT_FLOAT, name: "BINARY_OP_SUBTRACT_FLOAT", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_OP_SUBTRACT_INT, name: "BINARY_OP_SUBTRACT_INT", caches: 1, flags: HAS_ARG, deopt: Opcode::BINARY_OP },
    OpInfo { op: Opcode::BINARY_SUBSCR_DICT, name: "BINARY_SUBSCR_DICT", caches: 1, flags: 0, deopt: Opcode::BINARY_SUBSCR },
    OpInfo { op: Opcode::BINARY_SUBSCR_GETITEM, name: "BINARY_SUBSCR_GETITEM", caches: 1, flags: 0, deopt: Opcode::BINARY_SUBSCR },
    OpInfo { op: Opcode::BINARY_SUBSCR_LIST_INT, name: "BINARY_SUBSCR_LIST_INT", caches: 1, flags: 0, deopt: Opcode::BINARY_SUBSCR },
    OpInfo { op: Opcode::BINARY_SUBSCR_STR_INT, name: "BINARY_SUBSCR_STR_INT", caches: 1, flags: 0, deopt: Opcode::BINARY_SUBSCR },
    OpInfo { op: Opcode::BINARY_SUBSCR_TUPLE_INT, name: "BINARY_SUBSCR_TUPLE_INT", caches: 1, flags: 0, deopt: Opcode::BINARY_SUBSCR },
    OpInfo { op: Opcode::CALL_ALLOC_AND_ENTER_INIT, name: "CALL_ALLOC_AND_ENTER_INIT", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_BOUND_METHOD_EXACT_ARGS, name: "CALL_BOUND_METHOD_EXACT_ARGS", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_BOUND_METHOD_GENERAL, name: "CALL_BOUND_METHOD_GENERAL", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_BUILTIN_CLASS, name: "CALL_BUILTIN_CLASS", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_BUILTIN_FAST, name: "CALL_BUILTIN_FAST", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_BUILTIN_FAST_WITH_KEYWORDS, name: "CALL_BUILTIN_FAST_WITH_KEYWORDS", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_BUILTIN_O, name: "CALL_BUILTIN_O", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_ISINSTANCE, name: "CALL_ISINSTANCE", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_LEN, name: "CALL_LEN", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_LIST_APPEND, name: "CALL_LIST_APPEND", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_METHOD_DESCRIPTOR_FAST, name: "CALL_METHOD_DESCRIPTOR_FAST", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS, name: "CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_METHOD_DESCRIPTOR_NOARGS, name: "CALL_METHOD_DESCRIPTOR_NOARGS", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_METHOD_DESCRIPTOR_O, name: "CALL_METHOD_DESCRIPTOR_O", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_NON_PY_GENERAL, name: "CALL_NON_PY_GENERAL", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_PY_EXACT_ARGS, name: "CALL_PY_EXACT_ARGS", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_PY_GENERAL, name: "CALL_PY_GENERAL", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_STR_1, name: "CALL_STR_1", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_TUPLE_1, name: "CALL_TUPLE_1", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::CALL_TYPE_1, name: "CALL_TYPE_1", caches: 3, flags: HAS_ARG, deopt: Opcode::CALL },
    OpInfo { op: Opcode::COMPARE_OP_FLOAT, name: "COMPARE_OP_FLOAT", caches: 1, flags: HAS_ARG | HAS_COMPARE, deopt: Opcode::COMPARE_OP },
    OpInfo { op: Opcode::COMPARE_OP_INT, name: "COMPARE_OP_INT", caches: 1, flags: HAS_ARG | HAS_COMPARE, deopt: Opcode::COMPARE_OP },
    OpInfo { op: Opcode::COMPARE_OP_STR, name: "COMPARE_OP_STR", caches: 1, flags: HAS_ARG | HAS_COMPARE, deopt: Opcode::COMPARE_OP },
    OpInfo { op: Opcode::CONTAINS_OP_DICT, name: "CONTAINS_OP_DICT", caches: 1, flags: HAS_ARG, deopt: Opcode::CONTAINS_OP },
    OpInfo { op: Opcode::CONTAINS_OP_SET, name: "CONTAINS_OP_SET", caches: 1, flags: HAS_ARG, deopt: Opcode::CONTAINS_OP },
    OpInfo { op: Opcode::FOR_ITER_GEN, name: "FOR_ITER_GEN", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::FOR_ITER },
    OpInfo { op: Opcode::FOR_ITER_LIST, name: "FOR_ITER_LIST", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::FOR_ITER },
    OpInfo { op: Opcode::FOR_ITER_RANGE, name: "FOR_ITER_RANGE", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::FOR_ITER },
    OpInfo { op: Opcode::FOR_ITER_TUPLE, name: "FOR_ITER_TUPLE", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::FOR_ITER },
    OpInfo { op: Opcode::LOAD_ATTR_CLASS, name: "LOAD_ATTR_CLASS", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN, name: "LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_INSTANCE_VALUE, name: "LOAD_ATTR_INSTANCE_VALUE", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_METHOD_LAZY_DICT, name: "LOAD_ATTR_METHOD_LAZY_DICT", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_METHOD_NO_DICT, name: "LOAD_ATTR_METHOD_NO_DICT", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_METHOD_WITH_VALUES, name: "LOAD_ATTR_METHOD_WITH_VALUES", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_MODULE, name: "LOAD_ATTR_MODULE", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_NONDESCRIPTOR_NO_DICT, name: "LOAD_ATTR_NONDESCRIPTOR_NO_DICT", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, name: "LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_PROPERTY, name: "LOAD_ATTR_PROPERTY", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_SLOT, name: "LOAD_ATTR_SLOT", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_ATTR_WITH_HINT, name: "LOAD_ATTR_WITH_HINT", caches: 9, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_ATTR },
    OpInfo { op: Opcode::LOAD_GLOBAL_BUILTIN, name: "LOAD_GLOBAL_BUILTIN", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_GLOBAL },
    OpInfo { op: Opcode::LOAD_GLOBAL_MODULE, name: "LOAD_GLOBAL_MODULE", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_GLOBAL },
    OpInfo { op: Opcode::LOAD_SUPER_ATTR_ATTR, name: "LOAD_SUPER_ATTR_ATTR", caches: 1, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_SUPER_ATTR },
    OpInfo { op: Opcode::LOAD_SUPER_ATTR_METHOD, name: "LOAD_SUPER_ATTR_METHOD", caches: 1, flags: HAS_ARG | HAS_NAME, deopt: Opcode::LOAD_SUPER_ATTR },
    OpInfo { op: Opcode::RESUME_CHECK, name: "RESUME_CHECK", caches: 0, flags: HAS_ARG, deopt: Opcode::RESUME },
    OpInfo { op: Opcode::SEND_GEN, name: "SEND_GEN", caches: 1, flags: HAS_ARG | HAS_JUMP, deopt: Opcode::SEND },
    OpInfo { op: Opcode::STORE_ATTR_INSTANCE_VALUE, name: "STORE_ATTR_INSTANCE_VALUE", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::STORE_ATTR },
    OpInfo { op: Opcode::STORE_ATTR_SLOT, name: "STORE_ATTR_SLOT", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::STORE_ATTR },
    OpInfo { op: Opcode::STORE_ATTR_WITH_HINT, name: "STORE_ATTR_WITH_HINT", caches: 4, flags: HAS_ARG | HAS_NAME, deopt: Opcode::STORE_ATTR },
    OpInfo { op: Opcode::STORE_SUBSCR_DICT, name: "STORE_SUBSCR_DICT", caches: 1, flags: 0, deopt: Opcode::STORE_SUBSCR },
    OpInfo { op: Opcode::STORE_SUBSCR_LIST_INT, name: "STORE_SUBSCR_LIST_INT", caches: 1, flags: 0, deopt: Opcode::STORE_SUBSCR },
    OpInfo { op: Opcode::TO_BOOL_ALWAYS_TRUE, name: "TO_BOOL_ALWAYS_TRUE", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::TO_BOOL_BOOL, name: "TO_BOOL_BOOL", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::TO_BOOL_INT, name: "TO_BOOL_INT", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::TO_BOOL_LIST, name: "TO_BOOL_LIST", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::TO_BOOL_NONE, name: "TO_BOOL_NONE", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::TO_BOOL_STR, name: "TO_BOOL_STR", caches: 3, flags: 0, deopt: Opcode::TO_BOOL },
    OpInfo { op: Opcode::UNPACK_SEQUENCE_LIST, name: "UNPACK_SEQUENCE_LIST", caches: 1, flags: HAS_ARG, deopt: Opcode::UNPACK_SEQUENCE },
    OpInfo { op: Opcode::UNPACK_SEQUENCE_TUPLE, name: "UNPACK_SEQUENCE_TUPLE", caches: 1, flags: HAS_ARG, deopt: Opcode::UNPACK_SEQUENCE },
    OpInfo { op: Opcode::UNPACK_SEQUENCE_TWO_TUPLE, name: "UNPACK_SEQUENCE_TWO_TUPLE", caches: 1, flags: HAS_ARG, deopt: Opcode::UNPACK_SEQUENCE },
    OpInfo { op: Opcode::INSTRUMENTED_RESUME, name: "INSTRUMENTED_RESUME", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_RESUME },
    OpInfo { op: Opcode::INSTRUMENTED_END_FOR, name: "INSTRUMENTED_END_FOR", caches: 0, flags: 0, deopt: Opcode::INSTRUMENTED_END_FOR },
    OpInfo { op: Opcode::INSTRUMENTED_END_SEND, name: "INSTRUMENTED_END_SEND", caches: 0, flags: 0, deopt: Opcode::INSTRUMENTED_END_SEND },
    OpInfo { op: Opcode::INSTRUMENTED_RETURN_VALUE, name: "INSTRUMENTED_RETURN_VALUE", caches: 0, flags: 0, deopt: Opcode::INSTRUMENTED_RETURN_VALUE },
    OpInfo { op: Opcode::INSTRUMENTED_RETURN_CONST, name: "INSTRUMENTED_RETURN_CONST", caches: 0, flags: HAS_ARG | HAS_CONST, deopt: Opcode::INSTRUMENTED_RETURN_CONST },
    OpInfo { op: Opcode::INSTRUMENTED_YIELD_VALUE, name: "INSTRUMENTED_YIELD_VALUE", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_YIELD_VALUE },
    OpInfo { op: Opcode::INSTRUMENTED_LOAD_SUPER_ATTR, name: "INSTRUMENTED_LOAD_SUPER_ATTR", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_LOAD_SUPER_ATTR },
    OpInfo { op: Opcode::INSTRUMENTED_FOR_ITER, name: "INSTRUMENTED_FOR_ITER", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_FOR_ITER },
    OpInfo { op: Opcode::INSTRUMENTED_CALL, name: "INSTRUMENTED_CALL", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_CALL },
    OpInfo { op: Opcode::INSTRUMENTED_CALL_KW, name: "INSTRUMENTED_CALL_KW", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_CALL_KW },
    OpInfo { op: Opcode::INSTRUMENTED_CALL_FUNCTION_EX, name: "INSTRUMENTED_CALL_FUNCTION_EX", caches: 0, flags: 0, deopt: Opcode::INSTRUMENTED_CALL_FUNCTION_EX },
    OpInfo { op: Opcode::INSTRUMENTED_INSTRUCTION, name: "INSTRUMENTED_INSTRUCTION", caches: 0, flags: 0, deopt: Opcode::INSTRUMENTED_INSTRUCTION },
    OpInfo { op: Opcode::INSTRUMENTED_JUMP_FORWARD, name: "INSTRUMENTED_JUMP_FORWARD", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_JUMP_FORWARD },
    OpInfo { op: Opcode::INSTRUMENTED_JUMP_BACKWARD, name: "INSTRUMENTED_JUMP_BACKWARD", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_JUMP_BACKWARD },
    OpInfo { op: Opcode::INSTRUMENTED_POP_JUMP_IF_TRUE, name: "INSTRUMENTED_POP_JUMP_IF_TRUE", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_POP_JUMP_IF_TRUE },
    OpInfo { op: Opcode::INSTRUMENTED_POP_JUMP_IF_FALSE, name: "INSTRUMENTED_POP_JUMP_IF_FALSE", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_POP_JUMP_IF_FALSE },
    OpInfo { op: Opcode::INSTRUMENTED_POP_JUMP_IF_NONE, name: "INSTRUMENTED_POP_JUMP_IF_NONE", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_POP_JUMP_IF_NONE },
    OpInfo { op: Opcode::INSTRUMENTED_POP_JUMP_IF_NOT_NONE, name: "INSTRUMENTED_POP_JUMP_IF_NOT_NONE", caches: 0, flags: HAS_ARG, deopt: Opcode::INSTRUMENTED_POP_JUMP_IF_NOT_NONE },
    OpInfo { op: Opcode::INSTRUMENTED_LINE, name: "INSTRUMENTED_LINE", caches: 0, flags: 0, deopt: Opcode::INSTRUMENTED_LINE },
];

/// Named inline cache fields of each family (`opcode._cache_format`): (name, code units).
#[rustfmt::skip]
pub static CACHE_FORMAT: &[(Opcode, &[(&str, u8)])] = &[
    (Opcode::LOAD_GLOBAL, &[("counter", 1), ("index", 1), ("module_keys_version", 1), ("builtin_keys_version", 1)]),
    (Opcode::BINARY_OP, &[("counter", 1)]),
    (Opcode::UNPACK_SEQUENCE, &[("counter", 1)]),
    (Opcode::COMPARE_OP, &[("counter", 1)]),
    (Opcode::CONTAINS_OP, &[("counter", 1)]),
    (Opcode::BINARY_SUBSCR, &[("counter", 1)]),
    (Opcode::FOR_ITER, &[("counter", 1)]),
    (Opcode::LOAD_SUPER_ATTR, &[("counter", 1)]),
    (Opcode::LOAD_ATTR, &[("counter", 1), ("version", 2), ("keys_version", 2), ("descr", 4)]),
    (Opcode::STORE_ATTR, &[("counter", 1), ("version", 2), ("index", 1)]),
    (Opcode::CALL, &[("counter", 1), ("func_version", 2)]),
    (Opcode::STORE_SUBSCR, &[("counter", 1)]),
    (Opcode::SEND, &[("counter", 1)]),
    (Opcode::JUMP_BACKWARD, &[("counter", 1)]),
    (Opcode::TO_BOOL, &[("counter", 1), ("version", 2)]),
    (Opcode::POP_JUMP_IF_TRUE, &[("counter", 1)]),
    (Opcode::POP_JUMP_IF_FALSE, &[("counter", 1)]),
    (Opcode::POP_JUMP_IF_NONE, &[("counter", 1)]),
    (Opcode::POP_JUMP_IF_NOT_NONE, &[("counter", 1)]),
];
// END GENERATED

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_families_match_cpython() {
        assert_eq!(Opcode::LOAD_FAST.0, 85);
        assert_eq!(Opcode::RESUME.0, 149);
        assert_eq!(Opcode::BINARY_OP_ADD_INT.deopt(), Opcode::BINARY_OP);
        assert_eq!(Opcode::LOAD_GLOBAL.cache_entries(), 4);
        assert_eq!(Opcode::LOAD_GLOBAL_BUILTIN.cache_entries(), 4);
        assert_eq!(Opcode::LOAD_ATTR.cache_entries(), 9);
        assert_eq!(
            Opcode::from_name("FOR_ITER_RANGE"),
            Some(Opcode::FOR_ITER_RANGE)
        );
        assert!(Opcode::JUMP_BACKWARD.is_backward_jump());
        assert!(Opcode::FOR_ITER_LIST.is_jump());
        assert!(!Opcode::RETURN_VALUE.has_arg());
        assert_eq!(Opcode::CALL.specializations().count(), 20);
        let specialized = OPCODES.iter().filter(|i| i.op.is_specialized()).count();
        assert_eq!(specialized, 74);
    }
}
