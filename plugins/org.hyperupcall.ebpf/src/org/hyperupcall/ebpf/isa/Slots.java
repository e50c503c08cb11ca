package org.hyperupcall.ebpf.isa;

/**
 * A program's instruction fields in parallel arrays, the form the engines read in their hot
 * loops; {@code imm64} holds the constant of each lddw at its first slot, {@code second} marks
 * the slot after it. The arrays are shared, not copied: callers must not modify them.
 */
public final class Slots {
    public final int n;
    public final int[] opcode;
    public final int[] dst;
    public final int[] src;
    public final int[] off;
    public final int[] imm;
    public final long[] imm64;
    public final boolean[] second;

    public Slots(Program program) {
        n = program.size();
        opcode = new int[n];
        dst = new int[n];
        src = new int[n];
        off = new int[n];
        imm = new int[n];
        imm64 = new long[n];
        second = new boolean[n];
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
}
