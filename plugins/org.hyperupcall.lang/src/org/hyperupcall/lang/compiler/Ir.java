package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;

/**
 * The code of one function before register allocation: eBPF instructions whose register fields
 * name either a machine register (r0-r10) or a virtual register (numbers from {@link #FIRST_VREG}),
 * with labels as pseudo-instructions and the HUC line of each instruction. Code after an exit or an
 * unconditional jump is dropped until a label that some jump targets.
 */
final class Ir {
    /** The first virtual register number; below it, r0-r10. */
    static final int FIRST_VREG = 16;
    /** The opcode of a label pseudo-instruction. */
    static final int LABEL = -1;

    /** A jump target; bound once, referenced any number of times before or after. */
    static final class Label {
        boolean referenced;
        boolean bound;
        /** Its index in {@link Ir#code} once bound. */
        int at = -1;
    }

    /** One instruction (or label). {@code imm} holds the full 64-bit value of an lddw. */
    static final class Insn {
        int op;
        int dst;
        int src;
        int off;
        long imm;
        Label target;
        /** The extern symbol whose address an lddw loads. */
        String extern;
        /** For a helper call: how many of r1-r5 it reads. */
        int args;
        int line;
        /** The inline site the instruction belongs to ({@link InlineSite}, an index; -1: the entry point's body). */
        int site = -1;

        Insn(int op, int dst, int src, int off, long imm, int line) {
            this.op = op;
            this.dst = dst;
            this.src = src;
            this.off = off;
            this.imm = imm;
            this.line = line;
        }

        Insn copy() {
            Insn c = new Insn(op, dst, src, off, imm, line);
            c.site = site;
            c.target = target;
            c.extern = extern;
            c.args = args;
            return c;
        }

        boolean isLabel() {
            return op == LABEL;
        }

        int cls() {
            return op & 0x07;
        }

        boolean isJump() {
            int c = cls();
            return op != LABEL && (c == CLS_JMP || c == CLS_JMP32) && op != CALL && op != EXIT;
        }

        boolean isConditional() {
            return isJump() && op != JA;
        }

        /** A plain 64-bit register copy (not a sign-extending or 32-bit move). */
        boolean isCopy() {
            return op == (CLS_ALU64 | ALU_MOV | SRC_X) && off == 0;
        }

        /** Whether the instruction can be removed when what it defines is unused. */
        boolean isPure() {
            int c = cls();
            return op != LABEL && (c == CLS_ALU || c == CLS_ALU64 || c == CLS_LDX || op == LDDW);
        }

        /** Registers it writes. */
        int[] defs() {
            if (op == LABEL) {
                return NONE;
            }
            if (op == CALL) {
                return CALL_CLOBBERS;
            }
            int c = cls();
            if (c == CLS_ALU || c == CLS_ALU64 || c == CLS_LDX || op == LDDW) {
                return new int[] {dst};
            }
            return NONE;
        }

        /** Registers it reads (r10 included). */
        int[] uses() {
            if (op == LABEL) {
                return NONE;
            }
            if (op == CALL) {
                int[] u = new int[args];
                for (int i = 0; i < args; i++) {
                    u[i] = 1 + i;
                }
                return u;
            }
            if (op == EXIT) {
                return new int[] {0};
            }
            int c = cls();
            boolean x = (op & SRC_X) != 0;
            switch (c) {
                case CLS_ALU, CLS_ALU64 -> {
                    int aop = op & 0xf0;
                    if (aop == ALU_MOV) {
                        return x ? new int[] {src} : NONE;
                    }
                    if (aop == ALU_NEG || aop == ALU_END) {
                        return new int[] {dst};
                    }
                    return x ? new int[] {dst, src} : new int[] {dst};
                }
                case CLS_LDX -> {
                    return new int[] {src};
                }
                case CLS_ST -> {
                    return new int[] {dst};
                }
                case CLS_STX -> {
                    return new int[] {dst, src};
                }
                case CLS_JMP, CLS_JMP32 -> {
                    if (op == JA) {
                        return NONE;
                    }
                    return x ? new int[] {dst, src} : new int[] {dst};
                }
                default -> {
                    return NONE;
                }
            }
        }

        @Override
        public String toString() {
            return op == LABEL ? "L" + System.identityHashCode(target) + ":"
                    : String.format("op=%02x dst=%d src=%d off=%d imm=%d%s", op, dst, src, off, imm,
                            target != null ? " -> L" + System.identityHashCode(target) : "");
        }
    }

    private static final int[] NONE = {};
    /** What a helper call overwrites: r0 (its result) and r1-r5. */
    static final int[] CALL_CLOBBERS = {0, 1, 2, 3, 4, 5};

    final List<Insn> code = new ArrayList<>();
    private boolean reachable = true;
    private int nextVreg = FIRST_VREG;
    int line;
    /** The inline site of what is emitted next (-1: the entry point's body). */
    int site = -1;

    /** A fresh virtual register. */
    int newReg() {
        return nextVreg++;
    }

    int registerCount() {
        return nextVreg;
    }

    boolean reachable() {
        return reachable;
    }

    void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    private Insn add(int op, int dst, int src, int off, long imm) {
        Insn i = new Insn(op, dst, src, off, imm, line);
        i.site = site;
        if (reachable) {
            code.add(i);
        }
        return i;
    }

    /** dst = src (all 64 bits). */
    void mov(int dst, int src) {
        if (dst != src) {
            add(CLS_ALU64 | ALU_MOV | SRC_X, dst, src, 0, 0);
        }
    }

    /** dst = value, in the fewest slots. */
    void movImm(int dst, long value) {
        if (value == (int) value) {
            add(CLS_ALU64 | ALU_MOV | SRC_K, dst, 0, 0, (int) value);
        } else if (value >>> 32 == 0) {
            add(CLS_ALU | ALU_MOV | SRC_K, dst, 0, 0, (int) value); // a 32-bit move zero-extends
        } else {
            add(LDDW, dst, 0, 0, value);
        }
    }

    /** dst = the address of an extern symbol plus addend (an lddw the ELF object relocates). */
    void lddwExtern(int dst, String symbol, long addend) {
        add(LDDW, dst, 0, 0, addend).extern = symbol;
    }

    void alu64(int op, int dst, int src) {
        add(CLS_ALU64 | op | SRC_X, dst, src, 0, 0);
    }

    void alu64Imm(int op, int dst, long imm) {
        add(CLS_ALU64 | op | SRC_K, dst, 0, 0, (int) imm);
    }

    void alu32(int op, int dst, int src) {
        add(CLS_ALU | op | SRC_X, dst, src, 0, 0);
    }

    void alu32Imm(int op, int dst, long imm) {
        add(CLS_ALU | op | SRC_K, dst, 0, 0, (int) imm);
    }

    /** A signed division or remainder (offset 1). */
    void sdiv(boolean wide, int op, int dst, int src) {
        add((wide ? CLS_ALU64 : CLS_ALU) | op | SRC_X, dst, src, 1, 0);
    }

    void sdivImm(boolean wide, int op, int dst, long imm) {
        add((wide ? CLS_ALU64 : CLS_ALU) | op | SRC_K, dst, 0, 1, (int) imm);
    }

    void neg(boolean wide, int dst) {
        add((wide ? CLS_ALU64 : CLS_ALU) | ALU_NEG, dst, 0, 0, 0);
    }

    /** dst = src sign-extended from its low {@code bits} (8, 16 or 32). */
    void movsx(int dst, int src, int bits) {
        add(CLS_ALU64 | ALU_MOV | SRC_X, dst, src, bits, 0);
    }

    /** dst = the low 32 bits of src, zero-extended. */
    void mov32(int dst, int src) {
        add(CLS_ALU | ALU_MOV | SRC_X, dst, src, 0, 0);
    }

    void load(int dst, int base, int offset, int size) {
        add(CLS_LDX | MODE_MEM | sizeCode(size), dst, base, offset, 0);
    }

    /** A sign-extending load of 1, 2 or 4 bytes. */
    void loadSigned(int dst, int base, int offset, int size) {
        add(CLS_LDX | MODE_MEMSX | sizeCode(size), dst, base, offset, 0);
    }

    void store(int base, int offset, int src, int size) {
        add(CLS_STX | MODE_MEM | sizeCode(size), base, src, offset, 0);
    }

    void storeImm(int base, int offset, int imm, int size) {
        add(CLS_ST | MODE_MEM | sizeCode(size), base, 0, offset, imm);
    }

    static int sizeCode(int size) {
        return switch (size) {
            case 1 -> SIZE_B;
            case 2 -> SIZE_H;
            case 4 -> SIZE_W;
            default -> SIZE_DW;
        };
    }

    /** A helper call reading r1..r{args}; it overwrites r0-r5. */
    void call(int helperId, int args) {
        add(CALL, 0, 0, 0, helperId).args = args;
    }

    /** Returns r0. */
    void exit() {
        add(EXIT, 0, 0, 0, 0);
        reachable = false;
    }

    void jump(Label target) {
        if (reachable) {
            add(JA, 0, 0, 0, 0).target = target;
            target.referenced = true;
            reachable = false;
        }
    }

    /** if (dst op src) goto target; JMP32 compares the low 32 bits. */
    void jumpIf(boolean jmp32, int jmpOp, int dst, int src, Label target) {
        if (reachable) {
            add((jmp32 ? CLS_JMP32 : CLS_JMP) | jmpOp | SRC_X, dst, src, 0, 0).target = target;
            target.referenced = true;
        }
    }

    /** if (dst op imm) goto target, imm sign-extended to 64 bits (or compared as 32 bits with JMP32). */
    void jumpIfImm(boolean jmp32, int jmpOp, int dst, long imm, Label target) {
        if (reachable) {
            add((jmp32 ? CLS_JMP32 : CLS_JMP) | jmpOp | SRC_K, dst, 0, 0, (int) imm).target = target;
            target.referenced = true;
        }
    }

    /**
     * Binds the label here. Code after a label is always emitted (a loop head may be reached only by
     * a later back edge); the passes after code generation remove what no path reaches.
     */
    void bind(Label label) {
        if (label.bound) {
            throw new IllegalStateException("label bound twice");
        }
        label.bound = true;
        Insn i = new Insn(LABEL, 0, 0, 0, 0, line);
        i.site = site;
        i.target = label;
        code.add(i);
        reachable = true;
    }
}
