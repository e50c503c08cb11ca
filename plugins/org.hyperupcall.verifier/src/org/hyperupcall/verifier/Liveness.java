package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;


import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * Which registers may still be read after each instruction, before being written again. A state
 * kept for pruning forgets the others, so paths that differ only in dead values are recognised as
 * the same (the way the Linux verifier prunes), which keeps branchy programs linear to verify.
 */
final class Liveness {
    private Liveness() {
    }

    /** live[i]: bit r set when register r may be read at or after instruction i. */
    static int[] liveIn(Program program, Platform type) {
        int n = program.size();
        int[] use = new int[n];
        int[] def = new int[n];
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            int opcode = insn.opcode();
            if (opcode == CALL) {
                int args = 5;
                if (insn.src() == CALL_HELPER) {
                    args = type.helperPrototype(insn.imm() & 0xffffffffL).map(h -> h.params().size()).orElse(5);
                }
                use[i] = ((1 << (args + 1)) - 1) & ~1;
                def[i] = 0b111111;
            } else {
                use[i] = ProgramChecker.reads(insn);
                def[i] = ProgramChecker.writes(insn);
            }
            if (insn.isLddw()) {
                i++;
            }
        }
        return backward(program, use, def, new int[n], 1 << FRAME_POINTER);
    }

    /**
     * A backward bit-set dataflow over the instructions of every function (a local call flows to
     * the instruction after it, not into the callee): at i, {@code gen[i] | (out & ~kill[i]) | always},
     * plus {@code flow[i]} when out meets kill[i] (the registers a demanded result comes from).
     */
    static int[] backward(Program program, int[] gen, int[] kill, int[] flow, int always) {
        int n = program.size();
        int[] in = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Instruction insn = program.get(i);
                if (i > 0 && program.get(i - 1).isLddw()) {
                    continue; // second half of an lddw
                }
                int out = 0;
                int opcode = insn.opcode();
                if (opcode != EXIT) {
                    int target = ProgramChecker.jumpTarget(i, insn);
                    boolean localCall = opcode == CALL && insn.src() == CALL_LOCAL;
                    if (target != Integer.MIN_VALUE && !localCall && target >= 0 && target < n) {
                        out |= in[target];
                    }
                    int next = i + (insn.isLddw() ? 2 : 1);
                    if (opcode != JA && opcode != JA32 && next < n) {
                        out |= in[next];
                    }
                }
                int v = gen[i] | (out & ~kill[i]) | ((out & kill[i]) != 0 ? flow[i] : 0) | always;
                if (v != in[i]) {
                    in[i] = v;
                    changed = true;
                }
            }
        }
        return in;
    }
}