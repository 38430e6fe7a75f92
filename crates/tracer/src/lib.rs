//! `tracer`: a subset of Python compiled to CPython 3.13 bytecode, and the machinery that runs it.
//!
//! The front end turns source into code objects that are byte-for-byte what CPython 3.13
//! produces (same opcodes, opargs, constants, jump layout, line table and exception table), so
//! every later stage (specialization, traces) can be checked against the real interpreter:
//!
//! ```text
//!   source --parse--> AST --symtable--> scopes --compile--> CodeObject --dis--> listing
//!
//!   def fibonacci(n):             RESUME                   0
//!       a, b = 0, 1               LOAD_CONST               1 ((0, 1))
//!       ...                       UNPACK_SEQUENCE          2
//!                                 STORE_FAST_STORE_FAST   18 (a, b)
//! ```
//!
//! Front end: `parse` (ruff's parser, CPython-worded syntax errors), `symtable` (local, global,
//! free or cell), `compile` (code generation, CFG optimization, assembly), `bytecode` (the 3.13
//! opcode table), `code` (`CodeObject`), `dis` (CPython's listing and JSON), `error`.
//! Runtime: `value`, `object`, `builtins`, `interp`, `specialize`, `vm`, ...

pub mod bytecode;
pub mod code;

// Runtime (objects, builtins, the adaptive interpreter, the specializer).
pub mod backend;
pub mod builtins;
pub mod compile;
pub mod dis;
pub mod error;
pub mod exceptions;
pub mod executor;
pub mod frame;
pub mod interp;
pub mod object;
pub mod observe;
pub mod optimize;
pub mod parse;
pub mod specialize;
pub mod symtable;
pub mod trace;
pub mod uops;
pub mod value;
pub mod vm;
