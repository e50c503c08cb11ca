package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Opcodes.*;
import static org.hyperupcall.ebpf.jit.Bytecode.*;
import static org.hyperupcall.ebpf.jit.ChunkLocals.reg;
import static org.objectweb.asm.Opcodes.*;

import org.hyperupcall.ebpf.isa.Opcodes;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits the bytecode of ALU instructions (32 and 64 bits) on the register locals of a chunk
 * method. 32-bit results are zero-extended into the 64-bit register, as the ISA specifies;
 * division, modulo and byte swaps call {@link org.hyperupcall.ebpf.vm.Alu}, shared with the
 * interpreter, for its division-by-zero and overflow rules.
 */
final class AluEmitter {
    private final MethodVisitor mv;

    AluEmitter(MethodVisitor mv) {
        this.mv = mv;
    }

    void alu64(int op, int d, int s, int off, int imm) {
        boolean x = source(op) == SRC_X;
        int o = Opcodes.op(op);
        switch (o) {
            case ALU_MOV -> {
                if (x) {
                    mv.visitVarInsn(LLOAD, reg(s));
                    signExtend(off);
                } else {
                    pushLong(mv, imm);
                }
            }
            case ALU_NEG -> {
                mv.visitVarInsn(LLOAD, reg(d));
                mv.visitInsn(LNEG);
            }
            case ALU_END -> {
                mv.visitVarInsn(LLOAD, reg(d));
                pushInt(mv, imm);
                mv.visitMethodInsn(INVOKESTATIC, ALU, "bswap", "(JI)J", false);
            }
            case ALU_LSH, ALU_RSH, ALU_ARSH -> {
                mv.visitVarInsn(LLOAD, reg(d));
                if (x) {
                    mv.visitVarInsn(LLOAD, reg(s));
                    mv.visitInsn(L2I);
                } else {
                    pushInt(mv, imm);
                }
                mv.visitInsn(o == ALU_LSH ? LSHL : o == ALU_RSH ? LUSHR : LSHR);
            }
            case ALU_DIV, ALU_MOD -> {
                mv.visitVarInsn(LLOAD, reg(d));
                operand64(x, s, imm);
                String name = (off == 0 ? "u" : "s") + (o == ALU_DIV ? "div64" : "mod64");
                mv.visitMethodInsn(INVOKESTATIC, ALU, name, "(JJ)J", false);
            }
            default -> {
                mv.visitVarInsn(LLOAD, reg(d));
                operand64(x, s, imm);
                mv.visitInsn(switch (o) {
                    case ALU_ADD -> LADD;
                    case ALU_SUB -> LSUB;
                    case ALU_MUL -> LMUL;
                    case ALU_OR -> LOR;
                    case ALU_AND -> LAND;
                    case ALU_XOR -> LXOR;
                    default -> throw new IllegalStateException(String.format("opcode 0x%02x", op));
                });
            }
        }
        mv.visitVarInsn(LSTORE, reg(d));
    }

    /** Sign extension of a long on the stack from {@code bits} (8, 16, 32; 0 = none). */
    private void signExtend(int bits) {
        switch (bits) {
            case 8 -> {
                mv.visitInsn(L2I);
                mv.visitInsn(I2B);
                mv.visitInsn(I2L);
            }
            case 16 -> {
                mv.visitInsn(L2I);
                mv.visitInsn(I2S);
                mv.visitInsn(I2L);
            }
            case 32 -> {
                mv.visitInsn(L2I);
                mv.visitInsn(I2L);
            }
            default -> {
            }
        }
    }

    /** The second operand of a 64-bit operation: register {@code s} (if {@code x}) or the immediate. */
    void operand64(boolean x, int s, int imm) {
        if (x) {
            mv.visitVarInsn(LLOAD, reg(s));
        } else {
            pushLong(mv, imm);
        }
    }

    /** The second operand of a 32-bit operation: register {@code s} (if {@code x}) or the immediate. */
    void operand32(boolean x, int s, int imm) {
        if (x) {
            mv.visitVarInsn(LLOAD, reg(s));
            mv.visitInsn(L2I);
        } else {
            pushInt(mv, imm);
        }
    }

    private void zeroExtend() {
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xffffffffL);
        mv.visitInsn(LAND);
    }

    void alu32(int op, int d, int s, int off, int imm) {
        boolean x = source(op) == SRC_X;
        int o = Opcodes.op(op);
        switch (o) {
            case ALU_MOV -> {
                if (x) {
                    mv.visitVarInsn(LLOAD, reg(s));
                    mv.visitInsn(L2I);
                    if (off == 8) {
                        mv.visitInsn(I2B);
                    } else if (off == 16) {
                        mv.visitInsn(I2S);
                    }
                    zeroExtend();
                } else {
                    pushLong(mv, imm & 0xffffffffL);
                }
            }
            case ALU_NEG -> {
                mv.visitVarInsn(LLOAD, reg(d));
                mv.visitInsn(L2I);
                mv.visitInsn(INEG);
                zeroExtend();
            }
            case ALU_END -> {
                mv.visitVarInsn(LLOAD, reg(d));
                pushInt(mv, imm);
                mv.visitMethodInsn(INVOKESTATIC, ALU, x ? "bswap" : "truncate", "(JI)J", false);
            }
            case ALU_DIV, ALU_MOD -> {
                mv.visitVarInsn(LLOAD, reg(d));
                operand64(x, s, imm);
                String name = (off == 0 ? "u" : "s") + (o == ALU_DIV ? "div32" : "mod32");
                mv.visitMethodInsn(INVOKESTATIC, ALU, name, "(JJ)J", false);
            }
            default -> {
                mv.visitVarInsn(LLOAD, reg(d));
                mv.visitInsn(L2I);
                operand32(x, s, imm);
                mv.visitInsn(switch (o) {
                    case ALU_ADD -> IADD;
                    case ALU_SUB -> ISUB;
                    case ALU_MUL -> IMUL;
                    case ALU_OR -> IOR;
                    case ALU_AND -> IAND;
                    case ALU_XOR -> IXOR;
                    case ALU_LSH -> ISHL;
                    case ALU_RSH -> IUSHR;
                    case ALU_ARSH -> ISHR;
                    default -> throw new IllegalStateException(String.format("opcode 0x%02x", op));
                });
                zeroExtend();
            }
        }
        mv.visitVarInsn(LSTORE, reg(d));
    }
}
