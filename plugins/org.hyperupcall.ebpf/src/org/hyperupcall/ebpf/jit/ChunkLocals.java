package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.jit.Bytecode.CTX;
import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;

/**
 * The local variable slots of a chunk method, and the moves of registers and the touched flag
 * between those locals and {@link Ctx}, where they live between chunks and across calls.
 */
final class ChunkLocals {
    static final int L_CTX = 0;
    static final int L_ENTRY = 1;
    // Slots 2 .. 23: the eleven registers, two slots each (see reg).
    static final int L_COUNT = 24;
    static final int L_MEM = 26;
    static final int L_PC = 27;
    static final int L_NEXT = 28;
    static final int L_HELPERS = 29;
    static final int L_STACK = 30;
    static final int L_FP = 31;
    static final int L_TOUCHED = 32;

    private static final String[] REG_FIELDS = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"};

    private ChunkLocals() {
    }

    /** The slot of register {@code r}. */
    static int reg(int r) {
        return 2 + 2 * r;
    }

    /** Register {@code r} from its Ctx field into its local. */
    static void loadField(MethodVisitor mv, int r) {
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, REG_FIELDS[r], "J");
        mv.visitVarInsn(LSTORE, reg(r));
    }

    /** Register {@code r} from its local into its Ctx field. */
    static void storeField(MethodVisitor mv, int r) {
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(LLOAD, reg(r));
        mv.visitFieldInsn(PUTFIELD, CTX, REG_FIELDS[r], "J");
    }

    static void storeTouched(MethodVisitor mv) {
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(ILOAD, L_TOUCHED);
        mv.visitFieldInsn(PUTFIELD, CTX, "touched", "I");
    }
}
