package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * What the explorer saw, kept only when asked ({@link VerifierOptions#states}): the registers after
 * each instruction joined over the paths through it, the address of each memory access it proved,
 * and where and in which state it rejected the program. Turned into the public
 * {@link InstructionState}s at the end.
 */
final class StateRecorder {
    private final Program program;
    private final Platform platform;
    private final VerifierOptions options;
    /** Per instruction: r0..r10 joined, or null while no path got past it. */
    private final Value[][] regs;
    /** Per instruction: registers whose kinds differ between paths (bit r). */
    private final int[] mixed;
    /** Per instruction: registers unset on some paths but not all (bit r). */
    private final int[] partial;
    private final int[] paths;
    /**
     * Per instruction: registers of a path that ended there on a state already verified without
     * comparing their values (bit r): values the states after it do not show.
     */
    private final int[] unfollowed;
    /** Per load or store: the address register's value (joined), and whether paths disagree on its kind. */
    private final Value[] address;
    private final boolean[] mixedAddress;
    /** Where each rejection was found (a loop proof's may be taken back), and the registers before the instruction. */
    private final Map<Diagnostic, Failure> failures = new IdentityHashMap<>();
    private int failedAt = -1;
    private Value[] failedRegs;
    private String failure;

    private record Failure(int pc, Value[] regs) {
    }

    StateRecorder(Program program, Platform platform, VerifierOptions options) {
        this.program = program;
        this.platform = platform;
        this.options = options;
        int n = program.size();
        regs = new Value[n][];
        mixed = new int[n];
        partial = new int[n];
        paths = new int[n];
        unfollowed = new int[n];
        address = new Value[n];
        mixedAddress = new boolean[n];
    }

    /** The state after instruction pc on one path. */
    void after(int pc, State s) {
        paths[pc]++;
        Value[] kept = regs[pc];
        if (kept == null) {
            regs[pc] = s.regs.clone();
            return;
        }
        for (int r = 0; r < kept.length; r++) {
            Value a = kept[r];
            Value b = s.regs[r];
            if (a.kind == Value.Kind.UNINIT || b.kind == Value.Kind.UNINIT) {
                if (a.kind != b.kind) {
                    partial[pc] |= 1 << r;
                    kept[r] = a.kind == Value.Kind.UNINIT ? b : a;
                }
                continue;
            }
            Value j = a.kind == b.kind && a.frame == b.frame ? Value.widen(a, b, false) : null;
            if (j == null) {
                mixed[pc] |= 1 << r;
            } else {
                kept[r] = j;
            }
        }
    }

    /**
     * A path ended at pc on a verified state: its registers in {@code imprecise} (whose values the
     * state did not need) may hold values no state recorded after pc shows.
     */
    void covered(int pc, State s, State verified, int imprecise) {
        for (int r = 0; r < 10; r++) {
            if ((imprecise & (1 << r)) != 0 && !s.regs[r].within(verified.regs[r])) {
                unfollowed[pc] |= 1 << r;
            }
        }
    }

    /** The address of the load or store at pc, on a path where it was proven inside its area. */
    void access(int pc, Value base) {
        Value a = address[pc];
        if (a == null) {
            address[pc] = base;
        } else if (a.kind == base.kind && a.frame == base.frame) {
            Value j = Value.widen(a, base, false);
            address[pc] = j == null ? a : j;
        } else {
            mixedAddress[pc] = true;
        }
    }

    /** The program is rejected at pc, in state s (before the instruction did anything it checks). */
    void failed(int pc, State s, Diagnostic d) {
        failures.putIfAbsent(d, new Failure(pc, s.regs.clone()));
    }

    /** The register the instruction at pc addresses memory through, or -1 when it does not access memory. */
    static int addressRegister(Instruction insn) {
        int c = cls(insn.opcode());
        if (c == CLS_LDX) {
            return insn.src();
        }
        return c == CLS_ST || c == CLS_STX ? insn.dst() : -1;
    }

    /** The instructions some path reached, in order, with what was known after each; the rejection (or null) marked where it was found. */
    List<InstructionState> states(Diagnostic rejection) {
        Failure f = rejection == null ? null : failures.get(rejection);
        if (f != null) {
            failedAt = f.pc();
            failedRegs = f.regs();
            failure = rejection.message();
        }
        int[] partly = partlyShown();
        List<InstructionState> out = new ArrayList<>();
        for (int pc = 0; pc < regs.length; pc++) {
            boolean failedHere = pc == failedAt;
            if (regs[pc] == null && !failedHere) {
                continue;
            }
            Value[] values = regs[pc] != null ? regs[pc] : failedRegs;
            List<AbstractValue> registers = new ArrayList<>(values.length);
            for (int r = 0; r < values.length; r++) {
                registers.add(publish(values[r], (mixed[pc] & (1 << r)) != 0, (partial[pc] & (1 << r)) != 0, (partly[pc] & (1 << r)) != 0));
            }
            out.add(new InstructionState(pc, program.sourceLine(pc), registers, access(pc, failedHere), paths[pc],
                    failedHere ? failure : null));
        }
        return out;
    }

    private MemoryAccess access(int pc, boolean failedHere) {
        Instruction insn = program.get(pc);
        int reg = addressRegister(insn);
        if (reg < 0) {
            return null;
        }
        int size = sizeBytes(insn.opcode());
        boolean write = cls(insn.opcode()) != CLS_LDX;
        Value base = failedHere ? failedRegs[reg] : address[pc];
        if (base == null) {
            return null;
        }
        boolean proven = !failedHere && !mixedAddress[pc];
        String reason = failedHere ? failure : mixedAddress[pc] ? "the address is a number on some paths and a pointer on others" : null;
        long off = insn.offset();
        Platform.Context ctx = platform.contextLayout();
        switch (base.kind) {
            case CTX -> {
                long at = base.smin + off;
                String field = null;
                for (Platform.ContextField f : ctx.fields()) {
                    if (f.offset() == at && base.smin == base.smax) {
                        field = f.name();
                    }
                }
                return new MemoryAccess(write, size, MemoryAccess.Area.CONTEXT, ctx.name(), at, base.smax + off, ctx.size(), field, proven,
                        reason);
            }
            case STACK -> {
                return new MemoryAccess(write, size, MemoryAccess.Area.STACK, "stack", base.smin + off, base.smax + off, State.FRAME, null,
                        proven, reason);
            }
            case SCALAR -> {
                long lo = base.umin + off;
                long hi = base.umax + off;
                for (MemoryRange r : options.regions()) {
                    if (r.contains(lo, hi, size)) {
                        return new MemoryAccess(write, size, MemoryAccess.Area.GUEST, r.name(), lo - r.base(), hi - r.base(), r.size(), null,
                                proven, reason);
                    }
                }
                return new MemoryAccess(write, size, MemoryAccess.Area.NONE, null, lo, hi, 0, null, false,
                        reason != null ? reason : "not inside a registered region");
            }
            default -> {
                return new MemoryAccess(write, size, MemoryAccess.Area.NONE, null, 0, 0, 0, null, false,
                        reason != null ? reason : "the address register is unset");
            }
        }
    }

    /** A value as the API gives it: a number inside a registered region is an address into it. */
    private AbstractValue publish(Value v, boolean mixedKinds, boolean partialUnset, boolean partly) {
        AbstractValue a = publish(v, mixedKinds, partialUnset);
        return partly ? a.notAllPathsShown() : a;
    }

    private AbstractValue publish(Value v, boolean mixedKinds, boolean partialUnset) {
        if (mixedKinds) {
            return new AbstractValue(AbstractValue.Kind.MIXED, 0, 0, 0, 0, 0, 0, null, 0, 0, partialUnset, true);
        }
        return switch (v.kind) {
            case UNINIT -> AbstractValue.UNSET;
            case SCALAR -> {
                MemoryRange in = null;
                if (!v.isConstant() || Long.compareUnsigned(v.umin, 1L << 32) >= 0) {
                    for (MemoryRange r : options.regions()) {
                        if (r.contains(v.umin, v.umax, 1)) {
                            in = r;
                        }
                    }
                }
                yield new AbstractValue(AbstractValue.Kind.SCALAR, v.umin, v.umax, v.smin, v.smax, v.align, 0, in == null ? null : in.name(),
                        in == null ? 0 : v.umin - in.base(), in == null ? 0 : v.umax - in.base(), partialUnset, true);
            }
            case CTX -> new AbstractValue(AbstractValue.Kind.CONTEXT, 0, 0, v.smin, v.smax, v.align, 0, null, 0, 0, partialUnset, true);
            case STACK -> new AbstractValue(AbstractValue.Kind.STACK, 0, 0, v.smin, v.smax, v.align, v.frame, null, 0, 0, partialUnset,
                    true);
        };
    }

    /**
     * Per instruction, the registers after it whose values on some path are not shown: from where
     * such a path ended ({@link #covered}) forward along the control flow, until an instruction
     * writes the register from values that are all shown.
     */
    private int[] partlyShown() {
        int n = regs.length;
        int[] in = new int[n];
        int[] out = new int[n];
        boolean[] seen = new boolean[n];
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        for (int pc = 0; pc < n; pc++) {
            if (unfollowed[pc] != 0) {
                in[pc] = unfollowed[pc];
                work.add(pc);
            }
        }
        while (!work.isEmpty()) {
            int pc = work.poll();
            Instruction insn = program.get(pc);
            int writes = insn.opcode() == org.hyperupcall.ebpf.isa.Op.CALL ? 0x3f : ProgramChecker.writes(insn);
            int reads = insn.opcode() == org.hyperupcall.ebpf.isa.Op.CALL ? 0 : ProgramChecker.reads(insn);
            int o = (in[pc] & ~writes) | ((in[pc] & reads) != 0 ? writes : 0);
            if (seen[pc] && o == out[pc]) {
                continue;
            }
            seen[pc] = true;
            out[pc] = o;
            if (o == 0) {
                continue;
            }
            for (int next : successors(pc, insn)) {
                if (next >= 0 && next < n && (in[next] | o) != in[next]) {
                    in[next] |= o;
                    work.add(next);
                }
            }
        }
        return out;
    }

    private int[] successors(int pc, Instruction insn) {
        int opcode = insn.opcode();
        int next = pc + (insn.isLddw() ? 2 : 1);
        if (opcode == org.hyperupcall.ebpf.isa.Op.EXIT) {
            return new int[0];
        }
        int target = ProgramChecker.jumpTarget(pc, insn);
        if (target < 0) {
            return new int[] {next};
        }
        if (opcode == org.hyperupcall.ebpf.isa.Op.JA || opcode == org.hyperupcall.ebpf.isa.Op.JA32) {
            return new int[] {target};
        }
        return new int[] {target, next}; // conditional jumps; a local call goes in and comes back after
    }
}
