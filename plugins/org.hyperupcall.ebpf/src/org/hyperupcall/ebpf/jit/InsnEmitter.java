package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;
import static org.hyperupcall.ebpf.jit.Bytecode.*;
import static org.hyperupcall.ebpf.jit.ChunkLocals.*;
import static org.objectweb.asm.Opcodes.*;

import org.hyperupcall.ebpf.isa.Opcodes;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits the bytecode of single instructions into a chunk method: registers are the chunk's
 * locals ({@link ChunkLocals}), jumps go to the labels its {@link ChunkWriter} hands out.
 * Memory goes through MemoryMap, except loads and stores at r10 - 512 .. r10 - size, which cannot
 * leave the stack and go straight to its array (see {@link #inFrame}); a {@code pc} local is set
 * before each instruction that can fault, for the chunk's fault handler. ALU operations are
 * {@link AluEmitter}'s.
 */
final class InsnEmitter {
    private final Decoded p;
    private final ControlFlow cfg;
    private final ChunkWriter chunk;
    private final MethodVisitor mv;
    private final AluEmitter alu;

    InsnEmitter(Decoded p, ControlFlow cfg, ChunkWriter chunk, MethodVisitor mv) {
        this.p = p;
        this.cfg = cfg;
        this.chunk = chunk;
        this.mv = mv;
        this.alu = new AluEmitter(mv);
    }

    /**
     * The instruction at slot {@code i}. {@code following}: for the last instruction of a block, the
     * block written right after it (falling through to it needs no goto); null otherwise.
     */
    void emit(int i, Integer following) {
        int op = p.opcode[i];
        int d = p.dst[i];
        int s = p.src[i];
        int off = p.off[i];
        int imm = p.imm[i];
        int c = cls(op);
        switch (c) {
            case CLS_ALU64 -> alu.alu64(op, d, s, off, imm);
            case CLS_ALU -> alu.alu32(op, d, s, off, imm);
            case CLS_LD -> {
                if (op == LDDW) {
                    pushLong(mv, p.imm64[i]);
                    mv.visitVarInsn(LSTORE, reg(d));
                } else {
                    setPc(i);
                    mv.visitVarInsn(ALOAD, L_MEM);
                    if (mode(op) == MODE_IND) {
                        mv.visitVarInsn(LLOAD, reg(s));
                        mv.visitInsn(L2I);
                        mv.visitInsn(I2L);
                        if (imm != 0) {
                            pushLong(mv, imm);
                            mv.visitInsn(LADD);
                        }
                    } else {
                        pushLong(mv, imm);
                    }
                    pushInt(mv, sizeBytes(op));
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "loadPacket", "(JI)J", false);
                    mv.visitVarInsn(LSTORE, reg(0));
                }
            }
            case CLS_LDX -> {
                int size = sizeBytes(op);
                if (inFrame(s, off, size)) {
                    markTouched();
                    frameIndex(off);
                    mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "load" + (size * 8), "([BI)J", false);
                } else {
                    flushTouched();
                    setPc(i);
                    mv.visitVarInsn(ALOAD, L_MEM);
                    address(s, off);
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "load" + (size * 8), "(J)J", false);
                }
                if (mode(op) == MODE_MEMSX) {
                    mv.visitInsn(L2I);
                    if (size == 1) {
                        mv.visitInsn(I2B);
                    } else if (size == 2) {
                        mv.visitInsn(I2S);
                    }
                    mv.visitInsn(I2L);
                }
                mv.visitVarInsn(LSTORE, reg(d));
            }
            case CLS_ST, CLS_STX -> {
                if (mode(op) != MODE_ATOMIC && inFrame(d, off, sizeBytes(op))) {
                    markTouched();
                    frameIndex(off);
                    if (c == CLS_ST) {
                        pushLong(mv, imm);
                    } else {
                        mv.visitVarInsn(LLOAD, reg(s));
                    }
                    mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "store" + (sizeBytes(op) * 8), "([BIJ)V", false);
                    break;
                }
                flushTouched();
                setPc(i);
                if (mode(op) == MODE_ATOMIC) {
                    atomic(op, d, s, off, imm);
                } else {
                    mv.visitVarInsn(ALOAD, L_MEM);
                    address(d, off);
                    if (c == CLS_ST) {
                        pushLong(mv, imm);
                    } else {
                        mv.visitVarInsn(LLOAD, reg(s));
                    }
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "store" + (sizeBytes(op) * 8), "(JJ)V", false);
                }
            }
            default -> jump(i, op, d, s, off, imm, following);
        }
    }

    /**
     * Whether {@code r + off} is certainly inside the current 512-byte frame: r10 is read-only and,
     * at any call depth, r10 - 512 is still inside the stack region, so the access cannot fault
     * and can go straight to the stack's array.
     */
    private static boolean inFrame(int r, int off, int size) {
        return r == FRAME_POINTER && off >= -STACK_FRAME_SIZE && off <= -size;
    }

    /** Pushes the stack array and the index of r10 + off in it. */
    private void frameIndex(int off) {
        mv.visitVarInsn(ALOAD, L_STACK);
        mv.visitVarInsn(ILOAD, L_FP);
        pushInt(mv, off);
        mv.visitInsn(IADD);
    }

    private void address(int r, int off) {
        mv.visitVarInsn(LLOAD, reg(r));
        if (off != 0) {
            pushLong(mv, off);
            mv.visitInsn(LADD);
        }
    }

    private void atomic(int op, int d, int s, int off, int imm) {
        boolean wide = size(op) == SIZE_DW;
        mv.visitVarInsn(ALOAD, L_MEM);
        address(d, off);
        mv.visitVarInsn(LLOAD, reg(s));
        mv.visitVarInsn(LLOAD, reg(0));
        pushInt(mv, imm);
        mv.visitMethodInsn(INVOKESTATIC, ATOMICS, wide ? "atomic64" : "atomic32", "(L" + MEM + ";JJJI)J", false);
        if (imm == ATOMIC_CMPXCHG) {
            mv.visitVarInsn(LSTORE, reg(0));
        } else if ((imm & ATOMIC_FETCH) != 0) {
            mv.visitVarInsn(LSTORE, reg(s));
        } else {
            mv.visitInsn(POP2);
        }
    }


    private void jump(int i, int op, int d, int s, int off, int imm, Integer following) {
        int next = p.next(i);
        if (op == EXIT) {
            mv.visitInsn(ICONST_M1);
            mv.visitVarInsn(ISTORE, L_NEXT);
            mv.visitJumpInsn(GOTO, chunk.leave());
            return;
        }
        if (op == JA || op == JA32) {
            mv.visitJumpInsn(GOTO, chunk.target(cfg.jumpTarget(i)));
            return;
        }
        if (op == CALL || op == CALLX) {
            if (cfg.isLocalCall(i)) {
                localCall(i, cfg.jumpTarget(i));
                chunk.fallTo(next, following);
                return;
            }
            flushTouched();
            setPc(i);
            mv.visitVarInsn(ALOAD, L_HELPERS);
            if (op == CALL) {
                pushLong(mv, imm & 0xffffffffL);
            } else {
                mv.visitVarInsn(LLOAD, reg(d));
            }
            for (int r = 1; r <= 5; r++) {
                mv.visitVarInsn(LLOAD, reg(r));
            }
            mv.visitVarInsn(ALOAD, L_MEM);
            mv.visitMethodInsn(INVOKEVIRTUAL, HELPERS, "invoke", "(JJJJJJL" + MEM + ";)J", false);
            mv.visitVarInsn(LSTORE, reg(0));
            return;
        }
        // Conditional jumps.
        boolean x = source(op) == SRC_X;
        int o = Opcodes.op(op);
        Label taken = chunk.target(cfg.jumpTarget(i));
        if (cls(op) == CLS_JMP) {
            boolean unsigned = o == JMP_JGT || o == JMP_JGE || o == JMP_JLT || o == JMP_JLE;
            mv.visitVarInsn(LLOAD, reg(d));
            if (unsigned) {
                mv.visitLdcInsn(Long.MIN_VALUE);
                mv.visitInsn(LXOR);
                if (x) {
                    mv.visitVarInsn(LLOAD, reg(s));
                    mv.visitLdcInsn(Long.MIN_VALUE);
                    mv.visitInsn(LXOR);
                } else {
                    pushLong(mv, imm ^ Long.MIN_VALUE);
                }
            } else {
                alu.operand64(x, s, imm);
            }
            if (o == JMP_JSET) {
                mv.visitInsn(LAND);
                mv.visitInsn(LCONST_0);
            }
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(switch (o) {
                case JMP_JEQ -> IFEQ;
                case JMP_JNE, JMP_JSET -> IFNE;
                case JMP_JGT, JMP_JSGT -> IFGT;
                case JMP_JGE, JMP_JSGE -> IFGE;
                case JMP_JLT, JMP_JSLT -> IFLT;
                case JMP_JLE, JMP_JSLE -> IFLE;
                default -> throw new IllegalStateException(String.format("opcode 0x%02x", op));
            }, taken);
        } else {
            boolean unsigned = o == JMP_JGT || o == JMP_JGE || o == JMP_JLT || o == JMP_JLE;
            mv.visitVarInsn(LLOAD, reg(d));
            mv.visitInsn(L2I);
            if (unsigned) {
                pushInt(mv, Integer.MIN_VALUE);
                mv.visitInsn(IXOR);
                if (x) {
                    mv.visitVarInsn(LLOAD, reg(s));
                    mv.visitInsn(L2I);
                    pushInt(mv, Integer.MIN_VALUE);
                    mv.visitInsn(IXOR);
                } else {
                    pushInt(mv, imm ^ Integer.MIN_VALUE);
                }
            } else {
                alu.operand32(x, s, imm);
            }
            if (o == JMP_JSET) {
                mv.visitInsn(IAND);
                mv.visitJumpInsn(IFNE, taken);
            } else {
                mv.visitJumpInsn(switch (o) {
                    case JMP_JEQ -> IF_ICMPEQ;
                    case JMP_JNE -> IF_ICMPNE;
                    case JMP_JGT, JMP_JSGT -> IF_ICMPGT;
                    case JMP_JGE, JMP_JSGE -> IF_ICMPGE;
                    case JMP_JLT, JMP_JSLT -> IF_ICMPLT;
                    case JMP_JLE, JMP_JSLE -> IF_ICMPLE;
                    default -> throw new IllegalStateException(String.format("opcode 0x%02x", op));
                }, taken);
            }
        }
        chunk.fallTo(next, following);
    }

    private void localCall(int i, int callee) {
        setPc(i);
        // Depth check: the interpreter faults when depth + 1 >= MAX_CALL_DEPTH.
        Label ok = new Label();
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "depth", "I");
        pushInt(mv, MAX_CALL_DEPTH - 1);
        mv.visitJumpInsn(IF_ICMPLT, ok);
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "callDepth", "()L" + VMFAULT + ";", false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(ok);
        for (int r = 1; r <= 5; r++) {
            storeField(mv, r);
        }
        storeTouched(mv);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(LLOAD, reg(FRAME_POINTER));
        pushLong(mv, STACK_FRAME_SIZE);
        mv.visitInsn(LSUB);
        mv.visitFieldInsn(PUTFIELD, CTX, "r10", "J");
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(LLOAD, L_COUNT);
        mv.visitFieldInsn(PUTFIELD, CTX, "count", "J");
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CTX, "depth", "I");
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
        mv.visitFieldInsn(PUTFIELD, CTX, "depth", "I");
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitMethodInsn(INVOKESTATIC, CODE_CLASS, functionName(callee), FUNCTION_DESC, false);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CTX, "depth", "I");
        mv.visitInsn(ICONST_1);
        mv.visitInsn(ISUB);
        mv.visitFieldInsn(PUTFIELD, CTX, "depth", "I");
        storeField(mv, FRAME_POINTER);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "count", "J");
        mv.visitVarInsn(LSTORE, L_COUNT);
        for (int r = 0; r <= 5; r++) {
            loadField(mv, r);
        }
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "touched", "I");
        mv.visitVarInsn(ISTORE, L_TOUCHED);
    }

    /**
     * Direct frame accesses bypass MemoryMap's lookup cache (the region last hit): before the next
     * access through MemoryMap, a helper call or the end of the run, the stack is looked up once,
     * as the interpreter's accesses would have done. The cache only affects speed; region order,
     * and so every fault message, does not depend on it.
     */
    private void flushTouched() {
        Label skip = new Label();
        mv.visitVarInsn(ILOAD, L_TOUCHED);
        mv.visitJumpInsn(IFEQ, skip);
        mv.visitVarInsn(ALOAD, L_MEM);
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "touch", "(L" + MEM + ";)V", false);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_TOUCHED);
        mv.visitLabel(skip);
    }

    private void markTouched() {
        mv.visitInsn(ICONST_1);
        mv.visitVarInsn(ISTORE, L_TOUCHED);
    }

    private void setPc(int i) {
        pushInt(mv, i);
        mv.visitVarInsn(ISTORE, L_PC);
    }
}
