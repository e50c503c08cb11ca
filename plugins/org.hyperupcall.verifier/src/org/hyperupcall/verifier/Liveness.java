package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.abi.ProgramType;
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
    static int[] liveIn(Program program, ProgramType type) {
        int n = program.size();
        int[] use = new int[n];
        int[] def = new int[n];
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            int opcode = insn.opcode();
            if (opcode == CALL) {
                int args = 5;
                if (insn.src() == CALL_HELPER) {
                    args = type.helper(insn.imm() & 0xffffffffL).map(h -> h.params().size()).orElse(5);
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
        int[] live = new int[n];
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
                        out |= live[target];
                    }
                    int next = i + (insn.isLddw() ? 2 : 1);
                    if (opcode != JA && opcode != JA32 && next < n) {
                        out |= live[next];
                    }
                }
                int in = use[i] | (out & ~def[i]) | (1 << FRAME_POINTER);
                if (in != live[i]) {
                    live[i] = in;
                    changed = true;
                }
            }
        }
        return live;
    }
}
