package org.hyperupcall.ebpf.jit;

import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.Slots;

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
        Slots slots = new Slots(program);
        n = slots.n;
        opcode = slots.opcode;
        dst = slots.dst;
        src = slots.src;
        off = slots.off;
        imm = slots.imm;
        imm64 = slots.imm64;
        second = slots.second;
        blockLen = new int[n];
        after = new int[n];
        this.budget = budget;
    }

    /** The slot after the instruction at {@code pc}. */
    int next(int pc) {
        return pc + (opcode[pc] == org.hyperupcall.ebpf.isa.Op.LDDW ? 2 : 1);
    }
}
