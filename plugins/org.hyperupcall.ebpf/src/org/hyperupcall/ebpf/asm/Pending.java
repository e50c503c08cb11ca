package org.hyperupcall.ebpf.asm;

/**
 * One instruction as parsed, before labels are resolved. A jump or local call to a label keeps the
 * label name; {@link #targetInImm} tells whether its displacement goes in imm (gotol, call) or offset.
 */
final class Pending {
    final int line;
    int opcode;
    int dst;
    int src;
    int offset;
    int imm;
    long imm64;
    String target;
    boolean targetInImm;
    /** Taken literally from raw bytes: one slot, even for the halves of an lddw. */
    boolean raw;

    Pending(int line, int opcode, int dst, int src, int offset, int imm) {
        this.line = line;
        this.opcode = opcode;
        this.dst = dst;
        this.src = src;
        this.offset = offset;
        this.imm = imm;
    }

    static Pending lddw(int line, int dst, long value) {
        Pending p = new Pending(line, org.hyperupcall.ebpf.isa.Op.LDDW, dst, 0, 0, (int) value);
        p.imm64 = value;
        return p;
    }

    boolean isLddw() {
        return opcode == org.hyperupcall.ebpf.isa.Op.LDDW;
    }

    int slots() {
        return isLddw() && !raw ? 2 : 1;
    }
}
