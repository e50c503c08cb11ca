package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.List;

import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * The safety checks of memory accesses: the context (exactly one readable field, never written),
 * the stack (inside the 512-byte frame, no byte read before it is written, no pointer read in part
 * or leaked) and guest memory (inside a registered region, not written when read-only). Loads give
 * the value the state knows for the bytes read.
 */
final class MemoryChecks {
    private final Program program;
    private final VerifierOptions options;
    private final Platform.Context context;

    MemoryChecks(Program program, Platform platform, VerifierOptions options) {
        this.program = program;
        this.options = options;
        this.context = platform.contextLayout();
    }

    private Rejection error(Rule rule, int pc, String message) {
        return Rejection.at(program, rule, pc, message);
    }

    private Rejection error(Rule rule, int pc, String message, List<Diagnostic.Related> related) {
        return Rejection.at(program, rule, pc, message, related);
    }

    Value load(int pc, Instruction insn, State s) {
        int size = sizeBytes(insn.opcode());
        boolean sx = mode(insn.opcode()) == MODE_MEMSX;
        Value base = s.regs[insn.src()];
        int off = insn.offset();
        switch (base.kind) {
            case CTX -> {
                contextField(pc, base, off, size);
                return ScalarOps.loaded(size, sx).withOrigin(pc);
            }
            case STACK -> {
                Value v = stackRead(pc, s, base, off, size, sx);
                return v.origin >= 0 ? v : v.withOrigin(pc);
            }
            case SCALAR -> {
                guestAccess(pc, base, off, size, false);
                return ScalarOps.loaded(size, sx).withOrigin(pc);
            }
            default -> throw error(Rule.UNINIT_REGISTER, pc, "r" + insn.src() + " is used as an address before it holds a value");
        }
    }

    void store(int pc, Instruction insn, State s) {
        int opcode = insn.opcode();
        int size = sizeBytes(opcode);
        Value base = s.regs[insn.dst()];
        int off = insn.offset();
        boolean atomic = mode(opcode) == MODE_ATOMIC;
        Value stored = cls(opcode) == CLS_ST ? Value.constant(insn.imm()) : s.regs[insn.src()];
        if (atomic && !stored.isScalar()) {
            throw error(Rule.POINTER_LEAK, pc, "atomic operation with a pointer operand (r" + insn.src() + " is " + stored + ")");
        }
        if (atomic && insn.imm() == ATOMIC_CMPXCHG && !s.regs[0].isScalar()) {
            throw error(Rule.POINTER_LEAK, pc, "cmpxchg compares with r0, which holds a pointer (" + s.regs[0] + ")");
        }
        switch (base.kind) {
            case CTX -> throw error(Rule.CTX_WRITE, pc, "writes to the context (struct " + context.name()
                    + "), which is read-only");
            case STACK -> {
                if (atomic) {
                    stackBytes(pc, s, base, off, size, "atomic operation on a pointer spilled");
                }
                stackWrite(pc, s, base, off, size, atomic ? Value.UNKNOWN : stored, size);
            }
            case SCALAR -> {
                if (stored.isPointer()) {
                    throw error(Rule.POINTER_LEAK, pc, "stores a pointer (" + stored + ") into guest memory, where the guest can read it");
                }
                guestAccess(pc, base, off, size, true);
            }
            default -> throw error(Rule.UNINIT_REGISTER, pc, "r" + insn.dst() + " is used as an address before it holds a value");
        }
        if (atomic) {
            int op = insn.imm();
            Value old = ScalarOps.loaded(size, false);
            if (op == ATOMIC_CMPXCHG) {
                s.regs[0] = old;
            } else if ((op & ATOMIC_FETCH) != 0) {
                s.regs[insn.src()] = old;
            }
        }
    }

    /** Checks a context read of {@code size} bytes at {@code base + off}: exactly one field. */
    void contextField(int pc, Value base, int off, int size) {
        Platform.Context ctx = context;
        if (base.smin != base.smax) {
            throw error(Rule.CTX_ACCESS, pc, "reads the context at a variable offset (" + base + "); context fields are read at fixed offsets");
        }
        long at = base.smin + off;
        for (Platform.ContextField f : ctx.fields()) {
            if (f.offset() == at && f.size() == size) {
                return;
            }
        }
        throw error(Rule.CTX_ACCESS, pc, "reads " + size + " bytes at offset " + at + " of struct " + ctx.name() + " (" + ctx.size()
                + " bytes), which is not a field" + fieldHint(ctx, at));
    }

    private static String fieldHint(Platform.Context ctx, long at) {
        for (Platform.ContextField f : ctx.fields()) {
            if (at >= f.offset() && at < f.offset() + f.size()) {
                return "; " + f.name() + " is the " + f.cType() + " at offset " + f.offset();
            }
        }
        return "";
    }

    /** [lo, hi) of the bytes an access touches, as offsets from the frame pointer. */
    private int[] frameRange(int pc, Value base, int off, int size) {
        long lo = base.smin + off;
        long hi = base.smax + off + size;
        if (lo < -State.FRAME || hi > 0) {
            throw error(Rule.STACK_BOUNDS, pc, "accesses the stack at fp" + (lo < 0 ? "" : "+") + lo + " .. fp" + (hi < 0 ? "" : "+")
                    + hi + ", outside the 512-byte frame [fp-512, fp)");
        }
        return new int[] {(int) lo, (int) hi};
    }

    private Value stackRead(int pc, State s, Value base, int off, int size, boolean sx) {
        int[] r = frameRange(pc, base, off, size);
        State.Frame f = s.frames[base.frame];
        if (base.smin == base.smax) {
            int slot = (-r[0] - 1) / 8;
            Value spilled = f.spills[slot];
            int at = r[0] + (slot + 1) * 8; // byte of the slot the access starts at
            if (spilled != null && size == 8 && at == 0) {
                return spilled;
            }
            if (spilled != null && spilled.isConstant() && at + size <= 8 && !sx) {
                // Part of a spilled constant (little-endian): the bytes it holds.
                long bits = spilled.umin >>> (8 * at);
                return Value.constant(size == 8 ? bits : bits & ((1L << (8 * size)) - 1));
            }
            if (spilled != null && spilled.isConstant() && at + size <= 8) {
                long bits = spilled.umin << (8 * (8 - at - size));
                return Value.constant(bits >> (8 * (8 - size)));
            }
            if (at + size <= 8) {
                int need = ((1 << size) - 1) << at;
                if ((f.known[slot] & need) == need) {
                    // Every byte read holds a known constant (narrow stores of constants): the value they make.
                    stackBytes(pc, s, base, off, size, "reads part of a pointer spilled");
                    long v = f.bytes[slot] >>> (8 * at);
                    if (size < 8) {
                        v &= (1L << (8 * size)) - 1;
                        if (sx) {
                            v = (v << (64 - 8 * size)) >> (64 - 8 * size);
                        }
                    }
                    return Value.constant(v);
                }
            }
        }
        stackBytes(pc, s, base, off, size, "reads part of a pointer spilled");
        return ScalarOps.loaded(size, sx);
    }

    /** Checks that the bytes an access reads were all written and hold no spilled pointer. */
    void stackBytes(int pc, State s, Value base, int off, int size, String pointerMessage) {
        int[] r = frameRange(pc, base, off, size);
        State.Frame f = s.frames[base.frame];
        for (int b = r[0]; b < r[1]; b++) {
            int slot = (-b - 1) / 8;
            if (f.spills[slot] != null && f.spills[slot].isPointer()) {
                throw error(Rule.POINTER_LEAK, pc, pointerMessage + " at fp-" + (slot + 1) * 8 + " (" + f.spills[slot] + ")");
            }
            if (!f.isWritten(-b - 1)) {
                throw error(Rule.UNINIT_STACK, pc, "reads fp" + r[0] + " .. fp" + r[1] + ", but fp" + b + " was never written");
            }
        }
    }

    /** A write of up to {@code size} bytes, of which the first {@code surely} are written on every run. */
    void stackWrite(int pc, State s, Value base, int off, int size, Value stored, long surely) {
        int[] r = frameRange(pc, base, off, size);
        if (base.frame > s.depth()) {
            throw error(Rule.STACK_BOUNDS, pc, "writes to a stack frame that has returned");
        }
        State.Frame f = s.frames[base.frame];
        if (stored.kind == Value.Kind.STACK && stored.frame > base.frame) {
            throw error(Rule.POINTER_LEAK, pc, "stores a pointer to a callee's stack frame into its caller's frame");
        }
        boolean exact = base.smin == base.smax;
        if (stored.isPointer() && !(exact && size == 8 && r[0] % 8 == 0)) {
            throw error(Rule.POINTER_LEAK, pc, "stores a pointer (" + stored + ") other than as a whole aligned 8-byte slot");
        }
        for (int b = r[0]; b < r[1]; b++) {
            int slot = (-b - 1) / 8;
            if (f.spills[slot] != null && f.spills[slot].isPointer()) {
                // Overwriting part of a spilled pointer: the rest of it must not be readable as a number.
                for (int k = 0; k < 8; k++) {
                    f.clearWritten(slot * 8 + k);
                }
            }
            f.spills[slot] = null;
        }
        for (int b = r[0]; b < r[1]; b++) {
            if (exact && b - r[0] < surely) {
                f.markWritten(-b - 1);
            }
            int slot = (-b - 1) / 8;
            int at = b + (slot + 1) * 8; // byte of the slot, from its lowest address
            if (exact && stored.isConstant() && b - r[0] < surely) {
                f.known[slot] |= (byte) (1 << at);
                f.bytes[slot] = (f.bytes[slot] & ~(0xffL << (8 * at))) | (((stored.umin >>> (8 * (b - r[0]))) & 0xff) << (8 * at));
            } else {
                f.known[slot] &= (byte) ~(1 << at);
                f.bytes[slot] &= ~(0xffL << (8 * at));
            }
        }
        if (exact && size == 8 && r[0] % 8 == 0) {
            f.spills[(-r[0] - 8) / 8] = stored;
        }
    }

    void guestAccess(int pc, Value addr, int off, int size, boolean write) {
        long lo = addr.umin + off;
        long hi = addr.umax + off;
        boolean wraps = off >= 0 ? Long.compareUnsigned(lo, addr.umin) < 0 || Long.compareUnsigned(hi, addr.umax) < 0
                : Long.compareUnsigned(lo, addr.umin) > 0 || Long.compareUnsigned(hi, addr.umax) > 0;
        String what = (write ? "writes " : "reads ") + size + " bytes";
        List<Diagnostic.Related> from = addressOrigin(pc, addr);
        if (options.regions().isEmpty()) {
            throw error(Rule.MEM_BOUNDS, pc, what + " through a number (" + addr + "), but no guest memory is registered", from);
        }
        if (!wraps) {
            for (MemoryRange r : options.regions()) {
                if (r.contains(lo, hi, size)) {
                    if (write && !r.writable()) {
                        throw error(Rule.MEM_READ_ONLY, pc, what + " into " + r + ", which is registered read-only", from);
                    }
                    return;
                }
            }
        }
        String range = Long.compareUnsigned(hi - lo, 1L << 40) > 0 ? "at an address it cannot bound (" + addr + (off != 0 ? " " + off : "") + ")"
                : String.format("at 0x%x .. 0x%x", lo, hi + size);
        throw error(Rule.MEM_BOUNDS, pc, what + " " + range + ", not provably inside a registered region (" + regionsText() + ")", from);
    }

    /** Where an address used at pc was computed, when that is another source line (or the lines are unknown). */
    private List<Diagnostic.Related> addressOrigin(int pc, Value addr) {
        int o = addr.origin;
        if (o < 0 || o == pc || o >= program.size() || program.sourceLine(o) > 0 && program.sourceLine(o) == program.sourceLine(pc)) {
            return List.of();
        }
        return List.of(Diagnostic.related(program, o, "the address comes from insn " + o + " ("
                + Disassembler.instruction(program, o, Disassembler.Syntax.LLVM) + ")"));
    }

    private String regionsText() {
        StringBuilder sb = new StringBuilder();
        for (MemoryRange r : options.regions()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r);
        }
        return sb.toString();
    }
}
