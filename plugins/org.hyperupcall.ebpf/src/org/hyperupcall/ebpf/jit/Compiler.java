package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.jit.Bytecode.*;
import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Translates a checked program into the bytes of one JVM class.
 *
 * <p>Layout: each eBPF function (the entry and every bpf-to-bpf call target) becomes a static
 * dispatcher method {@code f<pc>(Ctx)}; its basic blocks are grouped, in slot order, into
 * <em>chunks</em> of bounded size, each a static method {@code c<pc>_<k>(Ctx, int entry)} returning
 * the next block to run (-1 after {@code exit}). Inside a chunk, registers live in JVM locals and
 * jumps are gotos; between chunks and across calls they go through {@link Ctx}. Chunks stay below
 * HotSpot's 8000-byte huge-method limit so every one gets compiled.
 *
 * <p>Instruction budget: each block adds its length to the count at entry; a block that would
 * exceed the budget is run by {@link Support#slow} one instruction at a time instead, which stops at
 * exactly the instruction where the interpreter stops. Faults: a {@code pc} local is set before each
 * instruction that can fault; one handler per chunk turns the VmFault into a recorded fault.
 *
 * <p>This class lays out the class and the dispatchers; {@link ControlFlow} finds the blocks,
 * functions and chunks, {@link ChunkWriter} writes each chunk method and {@link InsnEmitter} (with
 * {@link AluEmitter}) the instructions in it.
 */
final class Compiler {
    private final Decoded p;
    private final ControlFlow cfg;

    Compiler(Decoded p) {
        this.p = p;
        this.cfg = new ControlFlow(p);
    }

    byte[] compile() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, CODE_CLASS, null, "java/lang/Object",
                new String[] {"org/hyperupcall/ebpf/jit/JitBody"});
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor run = cw.visitMethod(ACC_PUBLIC, "run", FUNCTION_DESC, null, null);
        run.visitCode();
        run.visitVarInsn(ALOAD, 1);
        run.visitMethodInsn(INVOKESTATIC, CODE_CLASS, functionName(0), FUNCTION_DESC, false);
        run.visitInsn(RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        for (int f : cfg.functions()) {
            compileFunction(cw, f);
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private void compileFunction(ClassWriter cw, int f) {
        ControlFlow.FunctionLayout layout = cfg.layout(f);
        int chunkCount = layout.chunks().size();
        for (int k = 0; k < chunkCount; k++) {
            new ChunkWriter(cw, p, cfg, layout, f, k).write();
        }
        MethodVisitor m = cw.visitMethod(ACC_STATIC | ACC_PRIVATE, functionName(f), FUNCTION_DESC, null, null);
        m.visitCode();
        if (chunkCount == 1) {
            m.visitVarInsn(ALOAD, 0);
            pushInt(m, f);
            m.visitMethodInsn(INVOKESTATIC, CODE_CLASS, chunkName(f, 0), CHUNK_DESC, false);
            m.visitInsn(POP);
            m.visitInsn(RETURN);
        } else {
            dispatchLoop(m, f, layout.entries());
        }
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /**
     * The dispatcher of a function of several chunks: runs the chunk holding the next block, from
     * the function entry until a chunk returns -1 (after {@code exit}).
     */
    private static void dispatchLoop(MethodVisitor m, int f, List<TreeSet<Integer>> entries) {
        int chunkCount = entries.size();
        TreeMap<Integer, Integer> chunkOfEntry = new TreeMap<>();
        for (int k = 0; k < chunkCount; k++) {
            for (int e : entries.get(k)) {
                chunkOfEntry.put(e, k);
            }
        }
        Label loop = new Label();
        Label done = new Label();
        pushInt(m, f);
        m.visitVarInsn(ISTORE, 1);
        m.visitLabel(loop);
        m.visitVarInsn(ILOAD, 1);
        m.visitJumpInsn(IFLT, done);
        Label[] chunkCalls = new Label[chunkCount];
        for (int k = 0; k < chunkCount; k++) {
            chunkCalls[k] = new Label();
        }
        int[] ks = new int[chunkOfEntry.size()];
        Label[] ls = new Label[chunkOfEntry.size()];
        int j = 0;
        for (Map.Entry<Integer, Integer> e : chunkOfEntry.entrySet()) {
            ks[j] = e.getKey();
            ls[j] = chunkCalls[e.getValue()];
            j++;
        }
        m.visitVarInsn(ILOAD, 1);
        m.visitLookupSwitchInsn(done, ks, ls);
        for (int k = 0; k < chunkCount; k++) {
            m.visitLabel(chunkCalls[k]);
            m.visitVarInsn(ALOAD, 0);
            m.visitVarInsn(ILOAD, 1);
            m.visitMethodInsn(INVOKESTATIC, CODE_CLASS, chunkName(f, k), CHUNK_DESC, false);
            m.visitVarInsn(ISTORE, 1);
            m.visitJumpInsn(GOTO, loop);
        }
        m.visitLabel(done);
        m.visitInsn(RETURN);
    }
}
