package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * The transfer functions of ALU instructions and conditional jumps on a state: what an
 * instruction does to the registers' abstract values, rejecting only the pointer arithmetic the
 * abstract values cannot follow (the scalar arithmetic itself is in {@link ScalarOps}, the
 * narrowing at jumps in {@link Branches}).
 */
final class Transfer {
    private static final long U32_MAX = 0xffffffffL;

    private final Program program;

    Transfer(Program program) {
        this.program = program;
    }

    private Rejection error(Rule rule, int pc, String message) {
        return Rejection.at(program, rule, pc, message);
    }

    /** Set by {@link #alu} when a register's value moved a pointer: the path's states must keep it exact. */
    boolean movedPointer;

    void alu(int pc, Instruction insn, State s) {
        int opcode = insn.opcode();
        boolean alu64 = cls(opcode) == CLS_ALU64;
        boolean x = source(opcode) == SRC_X;
        int op = op(opcode);
        int d = insn.dst();
        Value a = s.regs[d];
        Value b = x && op != ALU_END && op != ALU_NEG ? s.regs[insn.src()]
                : Value.constant(alu64 ? insn.imm() : insn.imm() & U32_MAX);
        if (op == ALU_MOV && insn.offset() == 0) {
            if (b.isPointer() && !alu64) {
                throw error(Rule.POINTER_ARITH, pc, "w" + d + " = w" + insn.src() + " truncates a pointer (" + b + ") to 32 bits");
            }
            s.regs[d] = (alu64 ? b : ScalarOps.apply(opcode, 0, insn.imm(), a, b)).withOrigin(b.origin >= 0 ? b.origin : pc);
            return;
        }
        // The result comes from where its operand that is not a constant came from.
        int origin = a.origin >= 0 && !a.isConstant() ? a.origin : b.origin >= 0 && !b.isConstant() ? b.origin
                : a.origin >= 0 ? a.origin : pc;
        if (a.isPointer() || b.isPointer()) {
            s.regs[d] = pointerArith(pc, op, alu64, a, b).withOrigin(origin);
            movedPointer = x;
            return;
        }
        s.regs[d] = ScalarOps.apply(opcode, insn.offset(), insn.imm(), a, b).withOrigin(origin);
    }

    private Value pointerArith(int pc, int op, boolean alu64, Value a, Value b) {
        String what = Disassembler.instruction(program, pc, Disassembler.Syntax.LLVM);
        if (!alu64) {
            throw error(Rule.POINTER_ARITH, pc, "'" + what + "': 32-bit arithmetic on a pointer");
        }
        if (op == ALU_ADD && (a.isPointer() != b.isPointer())) {
            Value ptr = a.isPointer() ? a : b;
            Value off = a.isPointer() ? b : a;
            return offset(pc, what, ptr, off, 1);
        }
        if (op == ALU_SUB && a.isPointer() && b.isScalar()) {
            return offset(pc, what, a, b, -1);
        }
        if (op == ALU_SUB && a.isPointer() && b.isPointer() && a.kind == b.kind && a.frame == b.frame) {
            return Value.signed(a.smin - b.smax, a.smax - b.smin);
        }
        throw error(Rule.POINTER_ARITH, pc, "'" + what + "': only adding or subtracting a number to a pointer, or subtracting"
                + " two pointers into the same area, is allowed (operands: " + a + ", " + b + ")");
    }

    private Value offset(int pc, String what, Value ptr, Value off, int sign) {
        long bound = 1L << 29;
        if (off.smin < -bound || off.smax > bound) {
            throw error(Rule.POINTER_ARITH, pc, "'" + what + "' moves a pointer by " + off + ", which is not provably bounded");
        }
        long lo = sign > 0 ? ptr.smin + off.smin : ptr.smin - off.smax;
        long hi = sign > 0 ? ptr.smax + off.smax : ptr.smax - off.smin;
        return ptr.withOffset(lo, hi, Math.min(ptr.align, off.align));
    }

    /** Which edges of a conditional jump some run can take. */
    enum Edges { TAKEN, FALL_THROUGH, BOTH }

    /** The taken edge's state after {@link #branch} returned BOTH. */
    State taken;

    /**
     * Narrows s to the fall-through edge of a conditional jump and {@link #taken} to the taken
     * edge; when only one edge is feasible, s is narrowed to that one.
     */
    Edges branch(int pc, Instruction insn, State s) {
        int opcode = insn.opcode();
        boolean jmp32 = cls(opcode) == CLS_JMP32;
        boolean x = source(opcode) == SRC_X;
        int op = op(opcode);
        Value a = s.regs[insn.dst()];
        Value b = x ? s.regs[insn.src()] : Value.constant(jmp32 ? insn.imm() & U32_MAX : insn.imm());
        if (a.isPointer() || b.isPointer()) {
            if (jmp32) {
                throw error(Rule.POINTER_ARITH, pc, "32-bit comparison of a pointer (" + a + ", " + b + "), which would leak its address");
            }
            boolean nullCheck = (b.isConstant() && b.umin == 0) || (a.isConstant() && a.umin == 0);
            boolean samePlace = a.kind == b.kind && a.frame == b.frame;
            if (!nullCheck && !samePlace) {
                throw error(Rule.POINTER_ARITH, pc, "compares a pointer with a number (" + a + ", " + b + "), which would leak its address");
            }
            if (nullCheck && !samePlace) {
                // A pointer is never 0: equality and unsigned comparisons with 0 are decided. A signed
                // comparison or a jset would tell the program bits of the address (its sign bit).
                boolean pointerLeft = a.isPointer();
                Boolean result = switch (op) {
                    case JMP_JEQ -> false;
                    case JMP_JNE -> true;
                    case JMP_JGT, JMP_JGE -> pointerLeft;
                    case JMP_JLT, JMP_JLE -> !pointerLeft;
                    default -> null;
                };
                if (result == null) {
                    throw error(Rule.POINTER_ARITH, pc, "compares a pointer with 0 by sign or bits (" + a + ", " + b
                            + "), which would leak its address; compare it with == or != 0");
                }
                return result ? Edges.TAKEN : Edges.FALL_THROUGH;
            }
            this.taken = s.copy();
            return Edges.BOTH;
        }
        Value[] taken = Branches.refine(op, jmp32, a, b, true);
        Value[] fall = Branches.refine(op, jmp32, a, b, false);
        if (taken == null && fall == null) {
            throw new IllegalStateException("insn " + pc + ": neither edge is feasible");
        }
        if (taken == null || fall == null) {
            assign(s, insn, x, taken != null ? taken : fall);
            return taken != null ? Edges.TAKEN : Edges.FALL_THROUGH;
        }
        State other = s.copy();
        assign(other, insn, x, taken);
        assign(s, insn, x, fall);
        this.taken = other;
        return Edges.BOTH;
    }

    private static void assign(State s, Instruction insn, boolean x, Value[] v) {
        int dstOrigin = s.regs[insn.dst()].origin;
        int srcOrigin = x ? s.regs[insn.src()].origin : -1;
        s.regs[insn.dst()] = v[0].withOrigin(dstOrigin);
        if (x) {
            s.regs[insn.src()] = insn.src() == insn.dst() ? s.regs[insn.dst()] : v[1].withOrigin(srcOrigin);
        }
    }
}
