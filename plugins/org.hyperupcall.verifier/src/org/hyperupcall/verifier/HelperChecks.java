package org.hyperupcall.verifier;

import java.util.List;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * The safety checks of helper calls: the helper exists and the platform allows it, and each
 * argument register holds what its prototype asks for, memory arguments proven inside the stack,
 * the context or registered guest memory for the size argument's largest value. After the call r0
 * is an unknown number and r1-r5 are unreadable.
 */
final class HelperChecks {
    private static final long U32_MAX = 0xffffffffL;

    private final Program program;
    private final Platform platform;
    private final MemoryChecks memory;
    private final java.util.Map<Long, Platform.Helper> prototypes = new java.util.HashMap<>();

    HelperChecks(Program program, Platform platform, MemoryChecks memory) {
        this.program = program;
        this.platform = platform;
        this.memory = memory;
    }

    private Rejection error(Rule rule, int pc, String message) {
        return Rejection.at(program, rule, pc, message);
    }

    void call(int pc, Instruction insn, State s) {
        long id = insn.imm() & U32_MAX;
        var refusal = platform.refusal(id);
        if (refusal.isPresent()) {
            throw error(Rule.HELPER, pc, refusal.get());
        }
        Platform.Helper h = prototypes.computeIfAbsent(id, k -> platform.helperPrototype(k).orElseThrow());
        List<Platform.Arg> params = h.params();
        for (int i = 0; i < params.size(); i++) {
            Platform.Arg p = params.get(i);
            int reg = i + 1;
            Value v = s.regs[reg];
            String arg = h.name() + " argument " + (i + 1) + " (" + p.name() + ", r" + reg + ")";
            if (v.kind == Value.Kind.UNINIT) {
                throw error(Rule.HELPER_ARG, pc, arg + " is never set");
            }
            switch (p.type()) {
                case SCALAR, MEM_SIZE, MEM_SIZE_BITS -> {
                    if (!v.isScalar()) {
                        throw error(Rule.HELPER_ARG, pc, arg + " must be a number, not a pointer (" + v + ")");
                    }
                }
                case MEM, WRITABLE_MEM -> {
                    try {
                        memoryArg(pc, s, h, i, arg, p.type() == Platform.ArgType.WRITABLE_MEM);
                    } catch (Rejection r) {
                        throw asHelperArg(pc, arg, r);
                    }
                }
                case PTR_TO_U64, PTR_TO_U32 -> {
                    int size = p.type() == Platform.ArgType.PTR_TO_U64 ? 8 : 4;
                    if (!v.isScalar()) {
                        throw error(Rule.HELPER_ARG, pc, arg + " must point into registered guest memory, not " + v);
                    }
                    if (v.align < Integer.numberOfTrailingZeros(size)) {
                        throw error(Rule.HELPER_ARG, pc, arg + " must be " + size + "-byte aligned, but " + v + " is not provably aligned");
                    }
                    try {
                        memory.guestAccess(pc, v, 0, size, true);
                    } catch (Rejection r) {
                        throw asHelperArg(pc, arg, r);
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
    private Rejection asHelperArg(int pc, String arg, Rejection r) {
        Diagnostic d = r.diagnostic;
        if (d.message().startsWith(arg)) {
            return r;
        }
        return Rejection.at(program, d.rule(), pc, arg + ": " + d.message(), d.related());
    }

    /** A memory argument and the size argument after it. */
    private void memoryArg(int pc, State s, Platform.Helper h, int i, String arg, boolean write) {
        List<Platform.Arg> params = h.params();
        int sizeIndex = -1;
        for (int k = i + 1; k < params.size(); k++) {
            if (params.get(k).type() == Platform.ArgType.MEM_SIZE || params.get(k).type() == Platform.ArgType.MEM_SIZE_BITS) {
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
        if (params.get(sizeIndex).type() == Platform.ArgType.MEM_SIZE_BITS) {
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
                    memory.stackWrite(pc, s, ptr, 0, n, Value.UNKNOWN, size.umin);
                } else {
                    memory.stackBytes(pc, s, ptr, 0, n, arg + " would copy a pointer spilled on the stack out of it");
                }
            }
            case SCALAR -> memory.guestAccess(pc, ptr, 0, n, write);
            case CTX -> {
                if (write) {
                    throw error(Rule.CTX_WRITE, pc, arg + " would write the context, which is read-only");
                }
                long at = ptr.smin;
                int ctxSize = platform.contextLayout().size();
                if (ptr.smin != ptr.smax || at < 0 || at + n > ctxSize) {
                    throw error(Rule.HELPER_ARG, pc, arg + " reads " + n + " bytes of the context at " + ptr + ", beyond its "
                            + ctxSize + " bytes");
                }
            }
            default -> throw error(Rule.HELPER_ARG, pc, arg + " is not a pointer");
        }
    }
}
