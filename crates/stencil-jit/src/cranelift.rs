//! The yardstick for compile speed: the same executors compiled by Cranelift (only with the
//! `cranelift` feature, which no default build enables; `benches/cranelift.rs` uses it).
//!
//! Copy-and-patch claims to compile much faster than a compiler with an IR and a register
//! allocator. To measure that honestly, this module makes Cranelift produce the *same
//! behaviour* as the stencils, uop for uop, so that only the way of compiling differs:
//!
//! ```text
//!   stencil                 Cranelift IR for that uop (one block per uop)
//!   helper                  r = call_indirect helper(state, index, count)
//!                           brif r == IN_TRACE, after the run, return r
//!   fused                   (no block of its own: the run's first uop calls for it)
//!   nop                     jump next
//!   check_validity          v = load.i8 [&executor.valid]; brif v, next, stub
//!   set_ip                  p = load [state + 8]; store operand, [p]; jump next
//!   check_validity_and_set_ip   both of the above
//!   jump_to_top             n = load [state + 16]; store n + 1; jump uop 1
//!   leave                   return index
//!   any other (inline)      the helper call above, for this uop alone
//! ```
//!
//! The inline stencils (loads, stores, guards, int and float arithmetic, comparisons, stack
//! shuffles, constants: their fast path on the frame's stack plus a slow path that calls
//! the VM) are built as a helper call, not as their fast path: this module does not model
//! the frame's stack. Those uops are counted in [`Compiled::modelled`] and named in
//! [`Compiled::helper_calls`], and the benchmark says so next to its figures. A helper call
//! is one of the cheaper things to compile (Cranelift's IR for a fast path with its slow
//! path is larger), so this keeps Cranelift's side of the comparison, if anything, fast.
//!
//! The function takes the same `*mut JitState` and returns the same stub index, holds the same
//! constants (helper address, uop indices, operands, `&executor.valid`), and its code is put
//! where copy-and-patch puts its own: memory mapped read-write, filled, sealed read-execute.
//! The code is never run (that would need `unsafe` outside `memory.rs`); the IR is checked by
//! Cranelift's verifier instead ([`Compiler::verify`]).

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{
    types, AbiParam, Block, Function, InstBuilder, MemFlagsData, Signature, UserFuncName, Value,
};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use tracer::backend::outcome;
use tracer::executor::Executor;
use tracer::uops::Uop;

use crate::{memory, stencil};

/// Byte offsets of `JitState`'s fields (`tracer/src/backend/state.rs`, `#[repr(C)]`).
const INSTR_OFFSET: i32 = 8;
const ITERATIONS_OFFSET: i32 = 16;

/// Why Cranelift did not compile an executor.
#[derive(Debug, thiserror::Error)]
pub enum CraneliftError {
    #[error("Cranelift has no code generator for this machine: {0}")]
    NoIsa(String),
    #[error("uop {index} ({name}) has no stencil")]
    NoStencil { index: usize, name: &'static str },
    #[error("Cranelift rejected the function: {0}")]
    Codegen(String),
    #[error("the system refused to map or protect memory for the code")]
    NoMemory,
}

/// Cranelift's optimization level (its `opt_level` setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptLevel {
    /// `none`: Cranelift's fastest way to compile.
    None,
    /// `speed`: with its mid-end optimizations (e-graphs, GVN, LICM).
    Speed,
}

/// What compiling one executor produced.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// Bytes of machine code.
    pub code_bytes: usize,
    /// Uops with an inline stencil that were built as a helper call instead.
    pub modelled: usize,
    /// Those uops.
    pub helper_calls: Vec<Uop>,
}

/// A Cranelift compiler for executors, reusing its contexts between compilations (as a
/// JIT built on Cranelift would).
pub struct Compiler {
    isa: OwnedTargetIsa,
    context: Context,
    builder: FunctionBuilderContext,
}

impl Compiler {
    /// A compiler for this machine at `opt`.
    pub fn new(opt: OptLevel) -> Result<Compiler, CraneliftError> {
        let mut flags = settings::builder();
        let level = match opt {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
        };
        flags
            .set("opt_level", level)
            .map_err(|e| CraneliftError::NoIsa(e.to_string()))?;
        let isa = cranelift_codegen::isa::lookup_by_name("x86_64-unknown-linux-gnu")
            .map_err(|e| CraneliftError::NoIsa(e.to_string()))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| CraneliftError::NoIsa(e.to_string()))?;
        Ok(Compiler {
            isa,
            context: Context::new(),
            builder: FunctionBuilderContext::new(),
        })
    }

    /// Compiles `exec` into sealed machine code (then unmapped: it is never run).
    pub fn compile(&mut self, exec: &Executor) -> Result<Compiled, CraneliftError> {
        let helper_calls = self.build(exec)?;
        let mut control = ControlPlane::default();
        let code = self
            .context
            .compile(&*self.isa, &mut control)
            .map_err(|e| CraneliftError::Codegen(format!("{:?}", e.inner)))?;
        let bytes = code.code_buffer();
        let mut mapping = memory::Mapping::new(bytes.len()).ok_or(CraneliftError::NoMemory)?;
        mapping.bytes().copy_from_slice(bytes);
        let sealed = mapping.seal().ok_or(CraneliftError::NoMemory)?;
        Ok(Compiled {
            code_bytes: sealed.bytes().len(),
            modelled: helper_calls.len(),
            helper_calls,
        })
    }

    /// Builds `exec`'s function and runs Cranelift's IR verifier on it.
    pub fn verify(&mut self, exec: &Executor) -> Result<(), CraneliftError> {
        self.build(exec)?;
        cranelift_codegen::verify_function(&self.context.func, &*self.isa)
            .map_err(|e| CraneliftError::Codegen(e.to_string()))
    }

    /// The function's IR as text (for looking at it).
    pub fn ir(&mut self, exec: &Executor) -> Result<String, CraneliftError> {
        self.build(exec)?;
        Ok(self.context.func.display().to_string())
    }

    /// Writes `exec`'s function into the context; answers the uops with an inline stencil
    /// that were built as a helper call.
    fn build(&mut self, exec: &Executor) -> Result<Vec<Uop>, CraneliftError> {
        // The stencils copy-and-patch chooses, runs of helper calls made one call.
        let layout = crate::patch::Layout::new(exec).map_err(|e| match e {
            crate::CompileError::NoStencil { index, name } => {
                CraneliftError::NoStencil { index, name }
            }
            other => CraneliftError::Codegen(other.to_string()),
        })?;
        self.context.clear();
        let pointer = types::I64;
        let mut signature = Signature::new(CallConv::SystemV);
        signature.params.push(AbiParam::new(pointer));
        signature.returns.push(AbiParam::new(types::I64));
        let mut helper = signature.clone();
        helper.params.push(AbiParam::new(types::I64));
        helper.params.push(AbiParam::new(types::I64));
        self.context.func = Function::with_name_signature(UserFuncName::user(0, 0), signature);

        let frontend = self.isa.frontend_config();
        let mut b = FunctionBuilder::new(&mut self.context.func, &mut self.builder);
        let helper = b.import_signature(helper);
        // An entry block of its own: uop blocks may be jumped to (uop 0 is the target of jumps
        // that are never taken, as in patch.rs; uop 1 is the loop's top).
        let entry = b.create_block();
        let blocks: Vec<Block> = exec.uops.iter().map(|_| b.create_block()).collect();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let state = b.block_params(entry)[0];
        let first = *blocks.first().ok_or(CraneliftError::NoStencil {
            index: 0,
            name: "(empty executor)",
        })?;
        b.ins().jump(first, &[]);

        let block_at = |i: usize| blocks.get(i).copied().unwrap_or(first);
        let flags = MemFlagsData::trusted();
        let mut modelled = Vec::new();
        for (index, inst) in exec.uops.iter().enumerate() {
            let name = stencil::STENCILS[layout.stencils[index]].name;
            b.switch_to_block(blocks[index]);
            let next = block_at(index + 1);
            let stub = block_at(usize::from(inst.jump_target));
            let operand = inst.operand.int() as i64;
            let valid = exec.valid.as_ptr() as i64;
            match name {
                // Unreachable (the run's first uop calls for it), but every block needs an end.
                "nop" | "fused" => {
                    b.ins().jump(next, &[]);
                }
                "check_validity" => check_validity(&mut b, valid, next, stub),
                "set_ip" => {
                    set_ip(&mut b, state, operand, flags);
                    b.ins().jump(next, &[]);
                }
                "check_validity_and_set_ip" => {
                    let go_on = b.create_block();
                    check_validity(&mut b, valid, go_on, stub);
                    b.switch_to_block(go_on);
                    set_ip(&mut b, state, operand, flags);
                    b.ins().jump(next, &[]);
                }
                "jump_to_top" => {
                    let n = b.ins().load(types::I64, flags, state, ITERATIONS_OFFSET);
                    let n = b.ins().iadd_imm_s(n, 1);
                    b.ins().store(flags, n, state, ITERATIONS_OFFSET);
                    b.ins().jump(block_at(1), &[]);
                }
                "leave" => {
                    let index = b.ins().iconst(types::I64, index as i64);
                    b.ins().return_(&[index]);
                }
                other => {
                    if other != "helper" {
                        modelled.push(inst.uop);
                    }
                    let count = layout.counts[index].max(1);
                    let address = b.ins().iconst(pointer, memory::helper_address() as i64);
                    let uop = b.ins().iconst(types::I64, index as i64);
                    let count_value = b.ins().iconst(types::I64, i64::from(count));
                    let call = b
                        .ins()
                        .call_indirect(helper, address, &[state, uop, count_value]);
                    let result = b.inst_results(call)[0];
                    let in_trace = b.ins().icmp_imm_s(
                        cranelift_codegen::ir::condcodes::IntCC::Equal,
                        result,
                        outcome::IN_TRACE as i64,
                    );
                    let leave = b.create_block();
                    let after = block_at(index + count as usize);
                    b.ins().brif(in_trace, after, &[], leave, &[]);
                    b.switch_to_block(leave);
                    b.ins().return_(&[result]);
                }
            }
        }
        b.seal_all_blocks();
        b.finalize(frontend);
        Ok(modelled)
    }
}

/// Copy-and-patch without the memory mapping: lay out `exec`, then copy and patch its
/// stencils into an ordinary buffer (the benchmark's breakdown of `crate::compile`, whose
/// remaining time is `mmap`, the first touch of the page, and `mprotect`). Answers the bytes.
pub fn copy_and_patch_unmapped(exec: &Executor) -> Result<usize, crate::CompileError> {
    let layout = crate::patch::Layout::new(exec)?;
    let mut code = vec![0u8; layout.size()];
    let values = crate::patch::Values {
        helper: memory::helper_address(),
        incref: memory::incref_address(),
        decref: memory::decref_address(),
    };
    crate::patch::patch_into(&mut code, exec, &layout, &values, None);
    Ok(code.len())
}

/// `brif [&valid], on, stub`: leave through the stub once the executor is invalidated.
fn check_validity(b: &mut FunctionBuilder<'_>, valid: i64, on: Block, stub: Block) {
    let address = b.ins().iconst(types::I64, valid);
    let flag = b.ins().load(types::I8, MemFlagsData::trusted(), address, 0);
    b.ins().brif(flag, on, &[], stub, &[]);
}

/// `*state.instr = operand`.
fn set_ip(b: &mut FunctionBuilder<'_>, state: Value, operand: i64, flags: MemFlagsData) {
    let instr = b.ins().load(types::I64, flags, state, INSTR_OFFSET);
    let value = b.ins().iconst(types::I64, operand);
    b.ins().store(flags, value, instr, 0);
}
