//! `tracer`: a subset of Python compiled to CPython 3.13 bytecode, and the machinery that runs it.
//!
//! The front end turns source into code objects that are byte-for-byte what CPython 3.13
//! produces, so that every later stage (specialization, traces) can be checked against the
//! real interpreter:
//!
//! ```text
//!   source --parse--> AST --symtable--> scopes --compile--> CodeObject --dis--> listing
//!   "a, b = 0, 1"                                            LOAD_CONST 1 ((0, 1))
//!                                                            UNPACK_SEQUENCE 2
//!                                                            STORE_NAME 0 (a) ...
//! ```

pub mod bytecode;
pub mod code;

// Runtime (objects, builtins, the adaptive interpreter, the specializer).
pub mod builtins;
pub mod compile;
pub mod dis;
pub mod error;
pub mod exceptions;
pub mod frame;
pub mod interp;
pub mod object;
pub mod observe;
pub mod parse;
pub mod specialize;
pub mod symtable;
pub mod value;
pub mod vm;
