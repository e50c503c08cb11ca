package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Opcodes.FRAME_POINTER;
import static org.hyperupcall.ebpf.isa.Opcodes.REGISTER_COUNT;
import static org.hyperupcall.ebpf.jit.Bytecode.*;
import static org.hyperupcall.ebpf.jit.ChunkLocals.*;
import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hyperupcall.ebpf.vm.MemoryMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes one chunk method {@code c<f>_<k>(Ctx, int entry)}: the frame around the instructions.
 * Registers, count and memory come into locals on entry and go back to {@link Ctx} on the way
 * out; a switch on {@code entry} picks the first block; each block first adds its length to the
 * count and, past the budget, goes to {@link Support#slow}; jumps to another chunk's block leave
 * through a stub returning that block; one handler turns a VmFault into a recorded fault. The
 * instructions themselves are {@link InsnEmitter}'s.
 */
final class ChunkWriter {
    private final Decoded p;
    private final ControlFlow cfg;
    private final ControlFlow.FunctionLayout layout;
    /** The index of this chunk in its function. */
    private final int chunk;
    private final MethodVisitor mv;
    private final InsnEmitter insns;
    private final Map<Integer, Label> blockLabels = new TreeMap<>();
    /** Per block of another chunk jumped to from here: the stub returning it to the dispatcher. */
    private final Map<Integer, Label> leaveStubs = new TreeMap<>();
    /** Per block of this chunk: the stub sending it to the slow path when it would exceed the budget. */
    private final Map<Integer, Label> slowStubs = new TreeMap<>();
    /** Saves the state into Ctx and returns the local {@code next}. */
    private final Label leave = new Label();
    /** Saves the state into Ctx and runs the block at the local {@code pc} on the slow path. */
    private final Label slow = new Label();

    ChunkWriter(ClassWriter cw, Decoded p, ControlFlow cfg, ControlFlow.FunctionLayout layout, int f, int k) {
        this.p = p;
        this.cfg = cfg;
        this.layout = layout;
        this.chunk = k;
        this.mv = cw.visitMethod(ACC_STATIC | ACC_PRIVATE, chunkName(f, k), CHUNK_DESC, null, null);
        this.insns = new InsnEmitter(p, cfg, this, mv);
    }

    void write() {
        List<Integer> blocks = layout.chunks().get(chunk);
        TreeSet<Integer> entries = layout.entries().get(chunk);
        for (int b : blocks) {
            blockLabels.put(b, new Label());
        }
        mv.visitCode();
        // Prologue: registers, count and memory into locals.
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "mem", "L" + MEM + ";");
        mv.visitVarInsn(ASTORE, L_MEM);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "helpers", "L" + HELPERS + ";");
        mv.visitVarInsn(ASTORE, L_HELPERS);
        for (int r = 0; r < REGISTER_COUNT; r++) {
            loadField(mv, r);
        }
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "count", "J");
        mv.visitVarInsn(LSTORE, L_COUNT);
        // The stack's backing array and the index of r10 in it, for direct frame accesses.
        mv.visitVarInsn(ALOAD, L_MEM);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "stack", "()L" + REGION + ";", false);
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKEVIRTUAL, REGION, "data", "()[B", false);
        mv.visitVarInsn(ASTORE, L_STACK);
        mv.visitMethodInsn(INVOKEVIRTUAL, REGION, "offset", "()I", false);
        mv.visitVarInsn(LLOAD, reg(FRAME_POINTER));
        mv.visitLdcInsn(MemoryMap.STACK_BASE);
        mv.visitInsn(LSUB);
        mv.visitInsn(L2I);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, L_FP);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "touched", "I");
        mv.visitVarInsn(ISTORE, L_TOUCHED);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_PC);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_NEXT);
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, VMFAULT);
        if (entries.size() > 1) {
            int[] keys = new int[entries.size()];
            Label[] labels = new Label[entries.size()];
            int j = 0;
            for (int e : entries) {
                keys[j] = e;
                labels[j] = blockLabels.get(e);
                j++;
            }
            mv.visitVarInsn(ILOAD, L_ENTRY);
            mv.visitLookupSwitchInsn(labels[0], keys, labels);
        } else {
            mv.visitJumpInsn(GOTO, blockLabels.get(entries.first()));
        }
        mv.visitLabel(tryStart);
        for (int j = 0; j < blocks.size(); j++) {
            int b = blocks.get(j);
            Integer following = j + 1 < blocks.size() ? blocks.get(j + 1) : null;
            block(b, following);
        }
        mv.visitLabel(tryEnd);
        // Stubs leaving the chunk towards another chunk's block.
        for (Map.Entry<Integer, Label> e : leaveStubs.entrySet()) {
            mv.visitLabel(e.getValue());
            pushInt(mv, e.getKey());
            mv.visitVarInsn(ISTORE, L_NEXT);
            mv.visitJumpInsn(GOTO, leave);
        }
        for (Map.Entry<Integer, Label> e : slowStubs.entrySet()) {
            mv.visitLabel(e.getValue());
            pushInt(mv, e.getKey());
            mv.visitVarInsn(ISTORE, L_PC);
            mv.visitJumpInsn(GOTO, slow);
        }
        mv.visitLabel(leave);
        for (int r = 0; r < FRAME_POINTER; r++) {
            storeField(mv, r);
        }
        storeTouched(mv);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(LLOAD, L_COUNT);
        mv.visitFieldInsn(PUTFIELD, CTX, "count", "J");
        mv.visitVarInsn(ILOAD, L_NEXT);
        mv.visitInsn(IRETURN);
        if (!slowStubs.isEmpty()) {
            mv.visitLabel(slow);
            for (int r = 0; r < REGISTER_COUNT; r++) {
                storeField(mv, r);
            }
            storeTouched(mv);
            mv.visitVarInsn(ALOAD, L_CTX);
            mv.visitVarInsn(ILOAD, L_PC);
            mv.visitVarInsn(LLOAD, L_COUNT);
            mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "slow", "(" + CTX_DESC + "IJ)Ljava/lang/RuntimeException;", false);
            mv.visitInsn(ATHROW);
        }
        mv.visitLabel(handler);
        storeTouched(mv);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(ILOAD, L_PC);
        mv.visitVarInsn(LLOAD, L_COUNT);
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "fault",
                "(L" + VMFAULT + ";" + CTX_DESC + "IJ)Ljava/lang/RuntimeException;", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Block {@code b}; {@code following} is the block written right after it (null: none). */
    private void block(int b, Integer following) {
        mv.visitLabel(blockLabels.get(b));
        int len = p.blockLen[b];
        // count += len; if (count > budget) slow path.
        mv.visitVarInsn(LLOAD, L_COUNT);
        pushLong(mv, len);
        mv.visitInsn(LADD);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, L_COUNT);
        pushLong(mv, p.budget);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGT, slowStubs.computeIfAbsent(b, x -> new Label()));
        int i = b;
        for (int k = 0; k < len; k++) {
            boolean last = k == len - 1;
            insns.emit(i, last ? following : null);
            if (last && !cfg.endsBlock(i)) {
                // A block cut short (a leader follows): fall through to the next one.
                fallTo(p.next(i), following);
            }
            i = p.next(i);
        }
    }

    /** A label that transfers control to block {@code b}: in this chunk, or via a leave stub. */
    Label target(int b) {
        Integer kb = layout.chunkOfBlock().get(b);
        if (kb != null && kb == chunk) {
            return blockLabels.get(b);
        }
        return leaveStubs.computeIfAbsent(b, x -> new Label());
    }

    /** Continues at block {@code next} (a fall-through), unless it is emitted right after. */
    void fallTo(int next, Integer following) {
        if (following != null && following == next) {
            return;
        }
        mv.visitJumpInsn(GOTO, target(next));
    }

    /** Where an instruction leaving the chunk goes once it has set the local {@code next}. */
    Label leave() {
        return leave;
    }
}
