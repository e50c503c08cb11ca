package org.hyperupcall.ebpf.jit;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * A program's slots decoded into arrays, plus the basic-block tables the generated code and the
 * slow paths need to report exact instruction counts.
 */
final class Decoded {
    final int n;
    final int[] opcode;
    final int[] dst;
    final int[] src;
    final int[] off;
    final int[] imm;
    final long[] imm64;
    /** Whether the slot is the second half of an lddw. */
    final boolean[] second;
    /** For a block's first slot: the number of instructions in the block; 0 elsewhere. */
    final int[] blockLen;
    /** For each instruction slot: how many instructions of its block follow it. */
    final int[] after;
    final long budget;

    Decoded(Program program, long budget) {
        n = program.size();
        opcode = new int[n];
        dst = new int[n];
        src = new int[n];
        off = new int[n];
        imm = new int[n];
        imm64 = new long[n];
        second = new boolean[n];
        blockLen = new int[n];
        after = new int[n];
        this.budget = budget;
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            opcode[i] = insn.opcode();
            dst[i] = insn.dst();
            src[i] = insn.src();
            off[i] = insn.offset();
            imm[i] = insn.imm();
            if (insn.isLddw() && i + 1 < n) {
                imm64[i] = program.imm64(i);
                second[i + 1] = true;
                i++;
            }
        }
    }

    /** The slot after the instruction at {@code pc}. */
    int next(int pc) {
        return pc + (opcode[pc] == org.hyperupcall.ebpf.isa.Opcodes.LDDW ? 2 : 1);
    }
}
