package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * Which registers' exact values can matter after each instruction: a static form of the Linux
 * verifier's precision tracking. A scalar's value matters when it may reach, through moves and
 * arithmetic, an address, a helper argument, a value stored to the stack, a comparison of two
 * registers, or r0 at exit. (A comparison with a constant matters only when it
 * rules out one edge, which the explorer sees as it happens.) A live register whose value cannot matter only needs to be a number
 * for an explored state to cover another one, so a counter that only ever reaches a register that
 * is overwritten before exit does not multiply the states at every join (200 diamonds that each add
 * 1 to r0 are 200 states, not 20,000).
 *
 * <p>Sound by construction: a value that does not flow into any check cannot change a verdict; the
 * analysis over-approximates flows (every ALU operand of a demanded result, every value stored to
 * memory); what it cannot see statically (a register that moves a pointer, a comparison with a
 * constant that rules out an edge) the explorer handles as it happens.
 */
final class Precision {
    private Precision() {
    }

    /** demanded[i]: bit r set when the value of register r at instruction i may matter. */
    static int[] demandedIn(Program program, Platform platform) {
        int n = program.size();
        boolean[] targets = new boolean[n]; // instructions a jump or call leads to
        for (int i = 0; i < n; i++) {
            int t = ProgramChecker.jumpTarget(i, program.get(i));
            if (t >= 0 && t < n) {
                targets[t] = true;
            }
        }
        int[] use = new int[n]; // values checked or flowing into memory at i, whatever comes after
        int[] def = new int[n]; // registers i overwrites
        int[] flow = new int[n]; // registers the value written at i comes from
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            int opcode = insn.opcode();
            int d = 1 << insn.dst();
            int s = 1 << insn.src();
            switch (cls(opcode)) {
                case CLS_ALU, CLS_ALU64 -> {
                    int op = op(opcode);
                    boolean x = source(opcode) == SRC_X && op != ALU_NEG && op != ALU_END;
                    def[i] = d;
                    flow[i] = op == ALU_MOV ? (x ? s : 0) : d | (x ? s : 0);
                    // Arithmetic on a pointer is not a use here: the offset decides later bounds checks,
                    // and the explorer marks the path precise when it moves a pointer by a register.
                }
                case CLS_LD -> def[i] = d;
                case CLS_LDX -> {
                    def[i] = d;
                    use[i] = s;
                }
                case CLS_ST -> use[i] = d;
                case CLS_STX -> {
                    use[i] = d | s;
                    if (mode(opcode) == MODE_ATOMIC) {
                        if (insn.imm() == ATOMIC_CMPXCHG) {
                            use[i] |= 1;
                            def[i] = 1;
                        } else if ((insn.imm() & ATOMIC_FETCH) != 0) {
                            def[i] = s;
                        }
                    }
                }
                default -> {
                    if (opcode == EXIT) {
                        use[i] = boundedReturn(program, platform, i, targets) ? 0 : 1;
                    } else if (opcode == CALL) {
                        int args = 5;
                        if (insn.src() == CALL_HELPER) {
                            args = platform.helperPrototype(insn.imm() & 0xffffffffL).map(h -> h.params().size()).orElse(5);
                        }
                        use[i] = ((1 << (args + 1)) - 1) & ~1;
                        def[i] = 0b111111;
                    } else if (opcode != JA && opcode != JA32 && source(opcode) == SRC_X) {
                        // Either register may be a pointer, whose comparison with a number is refused unless
                        // that number is 0. A jump on a register and a constant is not a use: when both
                        // edges are followed, the value did not choose the path; when one edge is ruled out,
                        // the explorer marks the states of the path precise (Explorer.markPrecise).
                        use[i] = d | s;
                    }
                }
            }
            if (insn.isLddw()) {
                i++;
            }
        }
        return Liveness.backward(program, use, def, flow, 0);
    }

    /**
     * Whether the instruction before the exit at {@code exit}, which only falls through to it,
     * leaves r0 inside the return codes whatever r0 held before ({@code r0 &= K}, {@code r0 >>= 63}
     * or more): then the return check cannot depend on the value r0 had (a function's own exit
     * returns to its caller and is not such a check, but demanding r0 there too would only cost
     * pruning, and is done whenever it is not bounded).
     */
    private static boolean boundedReturn(Program program, Platform platform, int exit, boolean[] targets) {
        if (exit == 0) {
            return false;
        }
        Instruction before = program.get(exit - 1);
        if (exit >= 2 && program.get(exit - 2).isLddw() || before.dst() != 0) {
            return false;
        }
        if (targets[exit]) {
            return false; // reached by another way too
        }
        long max;
        if (before.opcode() == (CLS_ALU64 | SRC_K | ALU_AND) && before.imm() >= 0) {
            max = before.imm();
        } else if ((before.opcode() == (CLS_ALU64 | SRC_K | ALU_RSH)) && before.imm() >= 58 && before.imm() <= 63) {
            max = (1L << (64 - before.imm())) - 1;
        } else {
            return false;
        }
        if (max > 64) {
            return false;
        }
        for (long v = 0; v <= max; v++) {
            if (!platform.returns(v)) {
                return false;
            }
        }
        return true;
    }
}