package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.hyperupcall.abi.ArgKind;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * Abstract interpretation of every path of a program, in the manner of the Linux verifier: states
 * are forked at conditional jumps and pruned where a state already proven safe covers them. A
 * state covered by one of its own ancestors at the same instruction means a loop the verifier
 * cannot prove to end; loops with a constant bound are followed iteration by iteration.
 */
final class Analyzer {
    private static final long MAX_LOG_CHARS = 4_000_000;
    private static final long U32_MAX = 0xffffffffL;

    /** A state at a pruning point, and how many paths from it are still being explored. */
    private static final class Checkpoint {
        final int pc;
        final State state;
        final Checkpoint parent;
        /** The nearest ancestor at the same instruction (the previous iteration of a loop), or null. */
        final Checkpoint previous;
        int branches = 1;
        boolean done;

        Checkpoint(int pc, State state, Checkpoint parent) {
            this.pc = pc;
            this.state = state;
            this.parent = parent;
            Checkpoint a = parent;
            while (a != null && a.pc != pc) {
                a = a.parent;
            }
            this.previous = a;
        }
    }

    /**
     * How many earlier iterations a loop state is compared with. A loop whose abstract state
     * repeats with a longer period is still stopped, by the processed-instruction limit.
     */
    private static final int LOOP_LOOKBACK = 16;

    /** A path waiting to be explored: where, in which state, under which checkpoint, from which jump. */
    private record Path(int pc, State state, Checkpoint checkpoint, int from) {
    }

    /** Thrown to stop at the first error. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Diagnostic diagnostic;

        Stop(Diagnostic d) {
            super(d.message(), null, false, false);
            this.diagnostic = d;
        }
    }

    private final Program program;
    private final ProgramType type;
    private final VerifierOptions options;
    private final int n;
    private final boolean[] prunePoint;
    /** Registers that may be read at or after each instruction (others are forgotten in kept states). */
    private final int[] live;
    private final List<List<Checkpoint>> done;
    private final Deque<Path> pending = new ArrayDeque<>();
    private final StringBuilder log;
    private long processed;

    Analyzer(Program program, ProgramType type, VerifierOptions options) {
        this.program = program;
        this.type = type;
        this.options = options;
        this.n = program.size();
        this.log = options.log() ? new StringBuilder() : null;
        prunePoint = new boolean[n];
        live = Liveness.liveIn(program, type);
        done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            done.add(null);
        }
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            int t = ProgramChecker.jumpTarget(i, insn);
            if (t >= 0 && t < n) {
                prunePoint[t] = true;
            }
            if (insn.isLddw()) {
                i++;
            }
        }
    }

    long processed() {
        return processed;
    }

    String log() {
        return log == null ? "" : log.toString();
    }

    /** Explores every path; the first error, or null when the program is safe. */
    Diagnostic run() {
        pending.push(new Path(0, State.entry(Value.ctx(0, 0)), null, -1));
        try {
            while (!pending.isEmpty()) {
                Path p = pending.pop();
                explore(p.pc, p.state, p.checkpoint, p.from);
            }
        } catch (Stop s) {
            return s.diagnostic;
        }
        return null;
    }

    private Stop error(Rule rule, int pc, String message) {
        return new Stop(Verifier.at(program, rule, pc, message));
    }

    private Stop error(Rule rule, int pc, String message, List<Diagnostic.Related> related) {
        return new Stop(Verifier.at(program, rule, pc, message, related));
    }

    private void explore(int pc, State s, Checkpoint cp, int from) {
        while (true) {
            if (prunePoint[pc]) {
                List<Checkpoint> seen = done.get(pc);
                if (seen != null) {
                    for (Checkpoint c : seen) {
                        if (s.within(c.state)) {
                            if (log != null) {
                                logLine(pc, "safe: covered by a state already verified");
                            }
                            finish(cp);
                            return;
                        }
                    }
                }
                Checkpoint nearest = cp;
                while (nearest != null && nearest.pc != pc) {
                    nearest = nearest.parent;
                }
                int looked = 0;
                for (Checkpoint a = nearest; a != null && looked < LOOP_LOOKBACK; a = a.previous, looked++) {
                    if (s.within(a.state)) {
                        String where = from >= 0 ? "back edge from insn " + from + " to insn " + pc : "loop at insn " + pc;
                        int line = from >= 0 ? program.sourceLine(from) : 0;
                        throw error(Rule.LOOP, from >= 0 ? from : pc, where + (line > 0 && program.sourceLine(pc) > 0
                                ? " (lines " + program.sourceLine(pc) + "-" + line + ")" : "")
                                + ": the loop may not terminate; the verifier proves termination only for loops with a constant bound",
                                from >= 0 ? List.of(Verifier.related(program, pc, "the loop's header (insn " + pc + "), where the back edge from insn "
                                        + from + " jumps to")) : List.of());
                    }
                }
                State kept = s.copy();
                for (int r = 0; r < 10; r++) {
                    if ((live[pc] & (1 << r)) == 0) {
                        kept.regs[r] = Value.UNINIT; // dead here: its value cannot matter
                    }
                }
                cp = new Checkpoint(pc, kept, cp);
            }
            if (++processed > options.maxProcessed()) {
                throw error(Rule.COMPLEXITY, pc, "the verifier gave up after following " + options.maxProcessed()
                        + " instructions along all paths: simplify the program, or give its loops smaller constant bounds");
            }
            if (log != null) {
                logLine(pc, s.toString());
            }
            Instruction insn = program.get(pc);
            int opcode = insn.opcode();
            int next = pc + (insn.isLddw() ? 2 : 1);
            int reads = opcode == CALL ? 0 : ProgramChecker.reads(insn); // call arguments are checked by kind
            for (int r = 0; r < 10; r++) {
                if ((reads & (1 << r)) != 0 && s.regs[r].kind == Value.Kind.UNINIT) {
                    throw error(Rule.UNINIT_REGISTER, pc, "reads r" + r + " before any value was written to it"
                            + (s.depth() > 0 && r >= 1 && r <= 5 ? " (the caller did not pass it)" : ""));
                }
            }
            switch (cls(opcode)) {
                case CLS_ALU, CLS_ALU64 -> alu(pc, insn, s);
                case CLS_LD -> {
                    if (opcode != LDDW) {
                        throw error(Rule.MEM_BOUNDS, pc, "legacy packet loads (ldabs/ldind) are not available to hyperupcalls");
                    }
                    s.regs[insn.dst()] = Value.constant(program.imm64(pc)).withOrigin(pc);
                }
                case CLS_LDX -> s.regs[insn.dst()] = load(pc, insn, s);
                case CLS_ST, CLS_STX -> store(pc, insn, s);
                default -> {
                    // Jumps, calls and exit.
                    if (opcode == EXIT) {
                        int ret = exit(pc, s);
                        if (ret < 0) {
                            finish(cp);
                            return;
                        }
                        from = pc;
                        pc = ret;
                        continue;
                    }
                    if (opcode == CALL) {
                        if (insn.src() == CALL_LOCAL) {
                            int target = ProgramChecker.jumpTarget(pc, insn);
                            enter(pc, target, s);
                            from = pc;
                            pc = target;
                            continue;
                        }
                        helperCall(pc, insn, s);
                        break;
                    }
                    int target = ProgramChecker.jumpTarget(pc, insn);
                    if (opcode == JA || opcode == JA32) {
                        from = pc;
                        pc = target;
                        continue;
                    }
                    State other = branch(pc, insn, s);
                    if (other == null) {
                        // Only one edge is feasible; s has been narrowed to it.
                        boolean taken = lastTaken;
                        if (taken) {
                            from = pc;
                            pc = target;
                        } else {
                            pc = next;
                        }
                        continue;
                    }
                    // Both edges: follow the fall-through now, the jump later.
                    if (cp != null) {
                        cp.branches++;
                    }
                    pending.push(new Path(target, other, cp, pc));
                    pc = next;
                    continue;
                }
            }
            pc = next;
        }
    }

    /** A path ended safely: its checkpoints whose paths have all ended are verified. */
    private void finish(Checkpoint cp) {
        while (cp != null) {
            if (--cp.branches > 0) {
                return;
            }
            cp.done = true;
            List<Checkpoint> list = done.get(cp.pc);
            if (list == null) {
                list = new ArrayList<>();
                done.set(cp.pc, list);
            }
            list.add(cp);
            cp = cp.parent;
        }
    }

    private void logLine(int pc, String text) {
        if (log.length() < MAX_LOG_CHARS) {
            log.append(String.format("%5d: %-44s ; %s%n", pc, Disassembler.instruction(program, pc, Disassembler.Syntax.LLVM), text));
        }
    }

    // ---- arithmetic ----

    private void alu(int pc, Instruction insn, State s) {
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
            s.regs[d] = pointerArith(pc, insn, op, alu64, a, b).withOrigin(origin);
            return;
        }
        s.regs[d] = ScalarOps.apply(opcode, insn.offset(), insn.imm(), a, b).withOrigin(origin);
    }

    private Value pointerArith(int pc, Instruction insn, int op, boolean alu64, Value a, Value b) {
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

    // ---- memory ----

    private Value load(int pc, Instruction insn, State s) {
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

    private void store(int pc, Instruction insn, State s) {
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
            case CTX -> throw error(Rule.CTX_WRITE, pc, "writes to the context (struct " + type.context().name()
                    + "), which is read-only");
            case STACK -> {
                if (atomic) {
                    stackBytes(pc, s, base, off, size, "atomic operation on a pointer spilled");
                }
                stackWrite(pc, s, base, off, size, atomic ? Value.UNKNOWN : stored);
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

    private Field contextField(int pc, Value base, int off, int size) {
        Struct ctx = type.context();
        if (base.smin != base.smax) {
            throw error(Rule.CTX_ACCESS, pc, "reads the context at a variable offset (" + base + "); context fields are read at fixed offsets");
        }
        long at = base.smin + off;
        return ctx.fields().stream().filter(f -> f.offset() == at && f.size() == size).findFirst()
                .orElseThrow(() -> error(Rule.CTX_ACCESS, pc, "reads " + size + " bytes at offset " + at + " of struct " + ctx.name()
                        + " (" + ctx.size() + " bytes), which is not a field" + fieldHint(ctx, at)));
    }

    private static String fieldHint(Struct ctx, long at) {
        for (Field f : ctx.fields()) {
            if (at >= f.offset() && at < f.offset() + f.size()) {
                return "; " + f.name() + " is the " + f.cType() + " at offset " + f.offset();
            }
        }
        return "";
    }

    /** [lo, hi) of the bytes an access touches, as indices below the frame pointer (byte -1 is index 0). */
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
        if (base.smin == base.smax && size == 8 && r[0] % 8 == 0) {
            Value spilled = f.spills[(-r[0] - 8) / 8];
            if (spilled != null) {
                return spilled;
            }
        }
        stackBytes(pc, s, base, off, size, "reads part of a pointer spilled");
        return ScalarOps.loaded(size, sx);
    }

    /** Checks that the bytes an access reads were all written and hold no spilled pointer. */
    private void stackBytes(int pc, State s, Value base, int off, int size, String pointerMessage) {
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

    private void stackWrite(int pc, State s, Value base, int off, int size, Value stored) {
        stackWrite(pc, s, base, off, size, stored, size);
    }

    /** A write of up to {@code size} bytes, of which the first {@code surely} are written on every run. */
    private void stackWrite(int pc, State s, Value base, int off, int size, Value stored, long surely) {
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
        }
        if (exact && size == 8 && r[0] % 8 == 0) {
            f.spills[(-r[0] - 8) / 8] = stored;
        }
    }

    private void guestAccess(int pc, Value addr, int off, int size, boolean write) {
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
        if (o < 0 || o == pc || o >= n || program.sourceLine(o) > 0 && program.sourceLine(o) == program.sourceLine(pc)) {
            return List.of();
        }
        return List.of(Verifier.related(program, o, "the address comes from insn " + o + " ("
                + Disassembler.instruction(program, o, Disassembler.Syntax.LLVM) + ")"));
    }

    private String regionsText() {
        StringBuilder sb = new StringBuilder();
        for (MemoryRange r : options.regions()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r);
        }
        return sb.toString();
    }

    // ---- control ----

    private boolean lastTaken;

    /**
     * Narrows s to one edge of a conditional jump and returns the state of the other edge, or null
     * when only one edge is feasible (then s is that edge's state and {@link #lastTaken} says which).
     */
    private State branch(int pc, Instruction insn, State s) {
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
            if (nullCheck && !samePlace && (op == JMP_JEQ || op == JMP_JNE)) {
                // Pointers are never null: the edge of "equal to 0" is infeasible.
                lastTaken = op == JMP_JNE;
                return null;
            }
            State other = s.copy();
            return other;
        }
        Value[] taken = Branches.refine(op, jmp32, a, b, true);
        Value[] fall = Branches.refine(op, jmp32, a, b, false);
        if (taken == null && fall == null) {
            throw new IllegalStateException("insn " + pc + ": neither edge is feasible");
        }
        if (taken == null || fall == null) {
            Value[] only = taken != null ? taken : fall;
            assign(s, insn, x, only);
            lastTaken = taken != null;
            return null;
        }
        State other = s.copy();
        assign(other, insn, x, taken);
        assign(s, insn, x, fall);
        return other;
    }

    private static void assign(State s, Instruction insn, boolean x, Value[] v) {
        int dstOrigin = s.regs[insn.dst()].origin;
        int srcOrigin = x ? s.regs[insn.src()].origin : -1;
        s.regs[insn.dst()] = v[0].withOrigin(dstOrigin);
        if (x) {
            s.regs[insn.src()] = insn.src() == insn.dst() ? s.regs[insn.dst()] : v[1].withOrigin(srcOrigin);
        }
    }

    private void enter(int pc, int target, State s) {
        if (s.depth() + 1 >= MAX_CALL_DEPTH) {
            throw error(Rule.CALL_DEPTH, pc, "calls nest more than " + MAX_CALL_DEPTH + " frames deep");
        }
        State.Frame f = new State.Frame();
        f.callerSaved = new Value[] {s.regs[6], s.regs[7], s.regs[8], s.regs[9]};
        f.returnPc = pc + 1;
        State.Frame[] frames = java.util.Arrays.copyOf(s.frames, s.frames.length + 1);
        frames[frames.length - 1] = f;
        s.frames = frames;
        s.regs[0] = Value.UNINIT;
        for (int r = 6; r <= 9; r++) {
            s.regs[r] = Value.UNINIT;
        }
        s.regs[10] = Value.stack(s.depth(), 0, 0);
    }

    /** Handles exit: the slot to continue at after a callee returns, or -1 when the program ends. */
    private int exit(int pc, State s) {
        Value r0 = s.regs[0];
        if (r0.kind == Value.Kind.UNINIT) {
            throw error(Rule.UNINIT_REGISTER, pc, "exit with r0 never set");
        }
        if (s.depth() > 0) {
            if (r0.kind == Value.Kind.STACK && r0.frame == s.depth()) {
                throw error(Rule.POINTER_LEAK, pc, "returns a pointer to its own stack frame, which ends with the call");
            }
            State.Frame f = s.top();
            s.frames = java.util.Arrays.copyOf(s.frames, s.frames.length - 1);
            for (int r = 1; r <= 5; r++) {
                s.regs[r] = Value.UNINIT;
            }
            for (int r = 6; r <= 9; r++) {
                s.regs[r] = f.callerSaved[r - 6];
            }
            s.regs[10] = Value.stack(s.depth(), 0, 0);
            return f.returnPc;
        }
        if (!r0.isScalar()) {
            throw error(Rule.RETURN, pc, "returns a pointer (" + r0 + "); " + codes());
        }
        if (Long.compareUnsigned(r0.umax - r0.umin, 64) > 0) {
            throw error(Rule.RETURN, pc, "r0 may be " + r0 + " at exit; " + codes());
        }
        for (long v = r0.umin;; v++) {
            if (!type.returns(v)) {
                throw error(Rule.RETURN, pc, "r0 may be " + v + (r0.isConstant() ? "" : " (r0 is " + r0 + ")") + " at exit; " + codes());
            }
            if (v == r0.umax) {
                break;
            }
        }
        return -1;
    }

    private String codes() {
        StringBuilder sb = new StringBuilder(type.event().id() + " returns ");
        int i = 0;
        for (var c : type.event().returnCodes().values()) {
            sb.append(i++ == 0 ? "" : " or ").append(c.name()).append(" (").append(c.value()).append(')');
        }
        return sb.toString();
    }

    private void helperCall(int pc, Instruction insn, State s) {
        long id = insn.imm() & U32_MAX;
        var refusal = type.refusal(id);
        if (refusal.isPresent()) {
            throw error(Rule.HELPER, pc, refusal.get());
        }
        HelperSpec h = type.helper(id).orElseThrow();
        List<HelperSpec.Param> params = h.params();
        for (int i = 0; i < params.size(); i++) {
            HelperSpec.Param p = params.get(i);
            int reg = i + 1;
            Value v = s.regs[reg];
            String arg = h.name() + " argument " + (i + 1) + " (" + p.name() + ", r" + reg + ")";
            if (v.kind == Value.Kind.UNINIT) {
                throw error(Rule.HELPER_ARG, pc, arg + " is never set");
            }
            switch (p.kind()) {
                case SCALAR, VCPU, MEM_SIZE, MEM_SIZE_BITS -> {
                    if (!v.isScalar()) {
                        throw error(Rule.HELPER_ARG, pc, arg + " must be a number, not a pointer (" + v + ")");
                    }
                }
                case PTR_TO_MEM, PTR_TO_WRITABLE_MEM -> {
                    try {
                        memoryArg(pc, s, h, i, arg, p.kind() == ArgKind.PTR_TO_WRITABLE_MEM);
                    } catch (Stop stop) {
                        throw asHelperArg(pc, arg, stop);
                    }
                }
                case PTR_TO_U64, PTR_TO_U32 -> {
                    int size = p.kind() == ArgKind.PTR_TO_U64 ? 8 : 4;
                    if (!v.isScalar()) {
                        throw error(Rule.HELPER_ARG, pc, arg + " must point into registered guest memory, not " + v);
                    }
                    if (v.align < Integer.numberOfTrailingZeros(size)) {
                        throw error(Rule.HELPER_ARG, pc, arg + " must be " + size + "-byte aligned, but " + v + " is not provably aligned");
                    }
                    try {
                        guestAccess(pc, v, 0, size, true);
                    } catch (Stop stop) {
                        throw asHelperArg(pc, arg, stop);
                    }
                }
            }
        }
        s.regs[0] = Value.UNKNOWN.withOrigin(pc);
        for (int r = 1; r <= 5; r++) {
            s.regs[r] = Value.UNINIT;
        }
    }

    /** A memory check that failed for a helper argument: the same rule, with a message that names the argument. */
    private Stop asHelperArg(int pc, String arg, Stop stop) {
        Diagnostic d = stop.diagnostic;
        if (d.message().startsWith(arg)) {
            return stop;
        }
        return error(d.rule(), pc, arg + ": " + d.message(), d.related());
    }

    /** A memory argument and the size argument after it. */
    private void memoryArg(int pc, State s, HelperSpec h, int i, String arg, boolean write) {
        List<HelperSpec.Param> params = h.params();
        int sizeIndex = -1;
        for (int k = i + 1; k < params.size(); k++) {
            if (params.get(k).kind() == ArgKind.MEM_SIZE || params.get(k).kind() == ArgKind.MEM_SIZE_BITS) {
                sizeIndex = k;
                break;
            }
        }
        Value size = s.regs[sizeIndex + 1];
        if (!size.isScalar()) {
            throw error(Rule.HELPER_ARG, pc, h.name() + " argument " + (sizeIndex + 1) + " (" + params.get(sizeIndex).name()
                    + ") must be a number");
        }
        long max = size.umax;
        if (params.get(sizeIndex).kind() == ArgKind.MEM_SIZE_BITS) {
            max = Long.compareUnsigned(max, -1L - 7) > 0 ? max : (max + 7) >>> 3;
        }
        if (Long.compareUnsigned(max, State.FRAME * 8L) > 0 && Long.compareUnsigned(max, 1L << 30) > 0) {
            throw error(Rule.HELPER_ARG, pc, h.name() + " argument " + (sizeIndex + 1) + " (" + params.get(sizeIndex).name()
                    + ") is not bounded (" + size + "): check it against a constant first");
        }
        if (max == 0) {
            return;
        }
        Value ptr = s.regs[i + 1];
        int n = (int) max;
        switch (ptr.kind) {
            case STACK -> {
                if (write) {
                    // Only the bytes every call writes (the smallest size) count as written.
                    stackWrite(pc, s, ptr, 0, n, Value.UNKNOWN, size.umin);
                } else {
                    stackBytes(pc, s, ptr, 0, n, arg + " would copy a pointer spilled on the stack out of it");
                }
            }
            case SCALAR -> guestAccess(pc, ptr, 0, n, write);
            case CTX -> {
                if (write) {
                    throw error(Rule.CTX_WRITE, pc, arg + " would write the context, which is read-only");
                }
                long at = ptr.smin;
                if (ptr.smin != ptr.smax || at < 0 || at + n > type.context().size()) {
                    throw error(Rule.HELPER_ARG, pc, arg + " reads " + n + " bytes of the context at " + ptr + ", beyond its "
                            + type.context().size() + " bytes");
                }
            }
            default -> throw error(Rule.HELPER_ARG, pc, arg + " is not a pointer");
        }
    }
}
