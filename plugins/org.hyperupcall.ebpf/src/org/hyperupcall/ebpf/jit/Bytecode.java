package org.hyperupcall.ebpf.jit;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;

/**
 * What the generated class links against: its own name and methods, the runtime types it calls,
 * and the shortest instructions pushing a constant (so equal programs give equal class bytes).
 */
final class Bytecode {
    static final String CODE_CLASS = "org/hyperupcall/ebpf/jit/JitCode";
    static final String CTX = "org/hyperupcall/ebpf/jit/Ctx";
    static final String CTX_DESC = "L" + CTX + ";";
    static final String SUPPORT = "org/hyperupcall/ebpf/jit/Support";
    static final String MEM = "org/hyperupcall/ebpf/vm/MemoryMap";
    static final String HELPERS = "org/hyperupcall/ebpf/vm/HelperTable";
    static final String ALU = "org/hyperupcall/ebpf/vm/Alu";
    static final String ATOMICS = "org/hyperupcall/ebpf/vm/Atomics";
    static final String VMFAULT = "org/hyperupcall/ebpf/vm/VmFault";
    static final String REGION = "org/hyperupcall/ebpf/vm/Region";

    /** Descriptor of a function's dispatcher {@code f<pc>(Ctx)}. */
    static final String FUNCTION_DESC = "(" + CTX_DESC + ")V";
    /** Descriptor of a chunk {@code c<pc>_<k>(Ctx, int entry)}, returning the next block (-1 after exit). */
    static final String CHUNK_DESC = "(" + CTX_DESC + "I)I";

    private Bytecode() {
    }

    /** The dispatcher method of the function entered at slot {@code f}. */
    static String functionName(int f) {
        return "f" + f;
    }

    /** Chunk {@code k} of the function entered at slot {@code f}. */
    static String chunkName(int f, int k) {
        return "c" + f + "_" + k;
    }

    static void pushInt(MethodVisitor m, int v) {
        if (v >= -1 && v <= 5) {
            m.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            m.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            m.visitIntInsn(SIPUSH, v);
        } else {
            m.visitLdcInsn(v);
        }
    }

    static void pushLong(MethodVisitor m, long v) {
        if (v == 0 || v == 1) {
            m.visitInsn(LCONST_0 + (int) v);
        } else {
            m.visitLdcInsn(v);
        }
    }
}
