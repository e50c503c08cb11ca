package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Opcodes.*;
import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.vm.MemoryMap;
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
 * Memory goes through MemoryMap, except loads and stores at r10 - 512 .. r10 - size, which cannot
 * leave the stack and go straight to its array (see {@link #inFrame}).
 */
final class Compiler {
    static final String CODE_CLASS = "org/hyperupcall/ebpf/jit/JitCode";
    private static final String CTX = "org/hyperupcall/ebpf/jit/Ctx";
    private static final String CTX_DESC = "L" + CTX + ";";
    private static final String SUPPORT = "org/hyperupcall/ebpf/jit/Support";
    private static final String MEM = "org/hyperupcall/ebpf/vm/MemoryMap";
    private static final String HELPERS = "org/hyperupcall/ebpf/vm/HelperTable";
    private static final String ALU = "org/hyperupcall/ebpf/vm/Alu";
    private static final String VMFAULT = "org/hyperupcall/ebpf/vm/VmFault";
    private static final String REGION = "org/hyperupcall/ebpf/vm/Region";

    /** Longest run of instructions in one block before it is split (bounds the slow path's work). */
    static final int MAX_BLOCK = Integer.getInteger("org.hyperupcall.ebpf.jit.maxBlock", 64);
    /** Estimated bytecode bytes per chunk (estimates err high): real sizes stay under HotSpot's 8000-byte limit. */
    static final int CHUNK_LIMIT = Integer.getInteger("org.hyperupcall.ebpf.jit.chunkLimit", 7500);

    // Local variable slots of a chunk method.
    private static final int L_CTX = 0;
    private static final int L_ENTRY = 1;
    private static final int L_COUNT = 24;
    private static final int L_MEM = 26;
    private static final int L_PC = 27;
    private static final int L_NEXT = 28;
    private static final int L_HELPERS = 29;
    private static final int L_STACK = 30;
    private static final int L_FP = 31;
    private static final int L_TOUCHED = 32;

    private static int reg(int r) {
        return 2 + 2 * r;
    }

    private final Decoded p;
    private final int n;
    /** Whether a slot starts a basic block. */
    private final boolean[] leader;
    private final TreeSet<Integer> functions = new TreeSet<>();

    // Per chunk being generated.
    private MethodVisitor mv;
    private Map<Integer, Integer> chunkOfBlock;
    private int currentChunk;
    private Map<Integer, Label> blockLabels;
    private Map<Integer, Label> leaveStubs;
    private Map<Integer, Label> slowStubs;
    private Label leave;
    private Label slow;

    Compiler(Decoded p) {
        this.p = p;
        this.n = p.n;
        this.leader = new boolean[n];
        findBlocks();
    }

    private boolean isInsn(int i) {
        return !p.second[i];
    }

    private int jumpTarget(int i) {
        int op = p.opcode[i];
        if (op == JA32) {
            return i + 1 + p.imm[i];
        }
        if (op == CALL) {
            return p.src[i] == CALL_LOCAL ? i + 1 + p.imm[i] : Integer.MIN_VALUE;
        }
        if (isJump(op) && op(op) != JMP_EXIT && op(op) != JMP_CALL) {
            return i + 1 + p.off[i];
        }
        return Integer.MIN_VALUE;
    }

    private boolean isLocalCall(int i) {
        return p.opcode[i] == CALL && p.src[i] == CALL_LOCAL;
    }

    /** Whether control may leave the block after this instruction (jump, exit, local call). */
    private boolean endsBlock(int i) {
        int op = p.opcode[i];
        return op == EXIT || isLocalCall(i) || (isJump(op) && op(op) != JMP_CALL);
    }

    private void findBlocks() {
        functions.add(0);
        leader[0] = true;
        for (int i = 0; i < n; i++) {
            if (!isInsn(i)) {
                continue;
            }
            int t = jumpTarget(i);
            if (t != Integer.MIN_VALUE && t >= 0 && t < n) {
                leader[t] = true;
                if (isLocalCall(i)) {
                    functions.add(t);
                }
            }
            int next = p.next(i);
            if (endsBlock(i) && next < n) {
                leader[next] = true;
            }
        }
        int start = 0;
        int len = 0;
        for (int i = 0; i < n; i++) {
            if (!isInsn(i)) {
                continue;
            }
            if (leader[i] || len == MAX_BLOCK) {
                leader[i] = true;
                start = i;
                len = 0;
            }
            len++;
            p.blockLen[start] = len;
        }
        // after[i]: instructions of the block that follow i.
        for (int i = n - 1, count = 0; i >= 0; i--) {
            if (!isInsn(i)) {
                continue;
            }
            p.after[i] = count;
            count = leader[i] ? 0 : count + 1;
        }
    }

    /** Last instruction slot of the block starting at {@code b}. */
    private int lastOf(int b) {
        int i = b;
        for (int k = 1; k < p.blockLen[b]; k++) {
            i = p.next(i);
        }
        return i;
    }

    /** Successor blocks (not following local calls into callees). */
    private List<Integer> successors(int b) {
        int last = lastOf(b);
        int op = p.opcode[last];
        List<Integer> out = new ArrayList<>(2);
        if (op == EXIT) {
            return out;
        }
        int next = p.next(last);
        if (op == JA || op == JA32) {
            out.add(jumpTarget(last));
            return out;
        }
        if (isConditionalJump(op)) {
            out.add(jumpTarget(last));
        }
        if (next < n) {
            out.add(next);
        }
        return out;
    }

    private TreeSet<Integer> blocksOf(int entry) {
        TreeSet<Integer> seen = new TreeSet<>();
        Deque<Integer> work = new ArrayDeque<>();
        seen.add(entry);
        work.push(entry);
        while (!work.isEmpty()) {
            int b = work.pop();
            for (int s : successors(b)) {
                if (seen.add(s)) {
                    work.push(s);
                }
            }
        }
        return seen;
    }

    /** Rough bytecode size of a block, on the high side. */
    private int estimate(int b) {
        int size = 40;
        int i = b;
        for (int k = 0; k < p.blockLen[b]; k++) {
            int op = p.opcode[i];
            int c = cls(op);
            if (isLocalCall(i)) {
                size += 130;
            } else if (op == CALL || op == CALLX) {
                size += 45;
            } else if (op == LDDW) {
                size += 6;
            } else if (c == CLS_STX && mode(op) == MODE_ATOMIC) {
                size += 40;
            } else if (c == CLS_LDX || c == CLS_ST || c == CLS_STX || c == CLS_LD) {
                size += 32;
            } else if (isJump(op)) {
                size += 22;
            } else {
                size += c == CLS_ALU ? 15 : 10;
            }
            i = p.next(i);
        }
        return size;
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
        MethodVisitor run = cw.visitMethod(ACC_PUBLIC, "run", "(" + CTX_DESC + ")V", null, null);
        run.visitCode();
        run.visitVarInsn(ALOAD, 1);
        run.visitMethodInsn(INVOKESTATIC, CODE_CLASS, "f0", "(" + CTX_DESC + ")V", false);
        run.visitInsn(RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        for (int f : functions) {
            compileFunction(cw, f);
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private void compileFunction(ClassWriter cw, int f) {
        TreeSet<Integer> blocks = blocksOf(f);
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        int size = 0;
        for (int b : blocks) {
            int e = estimate(b);
            if (!cur.isEmpty() && size + e > CHUNK_LIMIT) {
                chunks.add(cur);
                cur = new ArrayList<>();
                size = 0;
            }
            cur.add(b);
            size += e;
        }
        chunks.add(cur);
        chunkOfBlock = new LinkedHashMap<>();
        for (int k = 0; k < chunks.size(); k++) {
            for (int b : chunks.get(k)) {
                chunkOfBlock.put(b, k);
            }
        }
        // Entries of each chunk: the function entry and blocks reached from another chunk.
        List<TreeSet<Integer>> entries = new ArrayList<>();
        for (int k = 0; k < chunks.size(); k++) {
            entries.add(new TreeSet<>());
        }
        entries.get(chunkOfBlock.get(f)).add(f);
        for (int b : blocks) {
            for (int s : successors(b)) {
                int ks = chunkOfBlock.get(s);
                if (ks != chunkOfBlock.get(b)) {
                    entries.get(ks).add(s);
                }
            }
        }
        for (int k = 0; k < chunks.size(); k++) {
            compileChunk(cw, f, k, chunks.get(k), entries.get(k));
        }
        // The dispatcher.
        MethodVisitor m = cw.visitMethod(ACC_STATIC | ACC_PRIVATE, "f" + f, "(" + CTX_DESC + ")V", null, null);
        m.visitCode();
        if (chunks.size() == 1) {
            m.visitVarInsn(ALOAD, 0);
            pushInt(m, f);
            m.visitMethodInsn(INVOKESTATIC, CODE_CLASS, chunkName(f, 0), "(" + CTX_DESC + "I)I", false);
            m.visitInsn(POP);
            m.visitInsn(RETURN);
        } else {
            TreeMap<Integer, Integer> keys = new TreeMap<>();
            for (int k = 0; k < chunks.size(); k++) {
                for (int e : entries.get(k)) {
                    keys.put(e, k);
                }
            }
            Label loop = new Label();
            Label done = new Label();
            pushInt(m, f);
            m.visitVarInsn(ISTORE, 1);
            m.visitLabel(loop);
            m.visitVarInsn(ILOAD, 1);
            m.visitJumpInsn(IFLT, done);
            Label[] chunkCalls = new Label[chunks.size()];
            for (int k = 0; k < chunks.size(); k++) {
                chunkCalls[k] = new Label();
            }
            int[] ks = new int[keys.size()];
            Label[] ls = new Label[keys.size()];
            int j = 0;
            for (Map.Entry<Integer, Integer> e : keys.entrySet()) {
                ks[j] = e.getKey();
                ls[j] = chunkCalls[e.getValue()];
                j++;
            }
            m.visitVarInsn(ILOAD, 1);
            m.visitLookupSwitchInsn(done, ks, ls);
            for (int k = 0; k < chunks.size(); k++) {
                m.visitLabel(chunkCalls[k]);
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ILOAD, 1);
                m.visitMethodInsn(INVOKESTATIC, CODE_CLASS, chunkName(f, k), "(" + CTX_DESC + "I)I", false);
                m.visitVarInsn(ISTORE, 1);
                m.visitJumpInsn(GOTO, loop);
            }
            m.visitLabel(done);
            m.visitInsn(RETURN);
        }
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    private static String chunkName(int f, int k) {
        return "c" + f + "_" + k;
    }

    private static final String[] REG_FIELDS = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"};

    private void loadField(int r) {
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, REG_FIELDS[r], "J");
        mv.visitVarInsn(LSTORE, reg(r));
    }

    private void storeField(int r) {
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(LLOAD, reg(r));
        mv.visitFieldInsn(PUTFIELD, CTX, REG_FIELDS[r], "J");
    }

    private void compileChunk(ClassWriter cw, int f, int k, List<Integer> blocks, TreeSet<Integer> entries) {
        mv = cw.visitMethod(ACC_STATIC | ACC_PRIVATE, chunkName(f, k), "(" + CTX_DESC + "I)I", null, null);
        currentChunk = k;
        blockLabels = new TreeMap<>();
        leaveStubs = new TreeMap<>();
        slowStubs = new TreeMap<>();
        leave = new Label();
        slow = new Label();
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
            loadField(r);
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
            compileBlock(b, following);
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
            storeField(r);
        }
        storeTouched();
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(LLOAD, L_COUNT);
        mv.visitFieldInsn(PUTFIELD, CTX, "count", "J");
        mv.visitVarInsn(ILOAD, L_NEXT);
        mv.visitInsn(IRETURN);
        if (!slowStubs.isEmpty()) {
            mv.visitLabel(slow);
            for (int r = 0; r < REGISTER_COUNT; r++) {
                storeField(r);
            }
            storeTouched();
            mv.visitVarInsn(ALOAD, L_CTX);
            mv.visitVarInsn(ILOAD, L_PC);
            mv.visitVarInsn(LLOAD, L_COUNT);
            mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "slow", "(" + CTX_DESC + "IJ)Ljava/lang/RuntimeException;", false);
            mv.visitInsn(ATHROW);
        }
        mv.visitLabel(handler);
        storeTouched();
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(ILOAD, L_PC);
        mv.visitVarInsn(LLOAD, L_COUNT);
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "fault",
                "(L" + VMFAULT + ";" + CTX_DESC + "IJ)Ljava/lang/RuntimeException;", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = null;
    }

    private void storeTouched() {
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitVarInsn(ILOAD, L_TOUCHED);
        mv.visitFieldInsn(PUTFIELD, CTX, "touched", "I");
    }

    /**
     * Direct frame accesses skip MemoryMap's move-to-front of the stack region, which decides the
     * region order (seen in the "nearest" region of out-of-bounds messages and by helpers): before
     * the next access through MemoryMap, a helper call or the end of the run, the stack is moved
     * to the front once, as the interpreter's accesses would have done.
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

    /** A label that transfers control to block {@code b}: in this chunk, or via a leave stub. */
    private Label target(int b) {
        Integer kb = chunkOfBlock.get(b);
        if (kb != null && kb == currentChunk) {
            return blockLabels.get(b);
        }
        return leaveStubs.computeIfAbsent(b, x -> new Label());
    }

    private void compileBlock(int b, Integer following) {
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
            compileInsn(i, last ? following : null, last);
            i = p.next(i);
        }
    }

    private void setPc(int i) {
        pushInt(mv, i);
        mv.visitVarInsn(ISTORE, L_PC);
    }

    /** Continues at block {@code next} (a fall-through), unless it is emitted right after. */
    private void fallTo(int next, Integer following) {
        if (following != null && following == next) {
            return;
        }
        mv.visitJumpInsn(GOTO, target(next));
    }

    private void compileInsn(int i, Integer following, boolean last) {
        int op = p.opcode[i];
        int d = p.dst[i];
        int s = p.src[i];
        int off = p.off[i];
        int imm = p.imm[i];
        int c = cls(op);
        switch (c) {
            case CLS_ALU64 -> alu64(op, d, s, off, imm);
            case CLS_ALU -> alu32(op, d, s, off, imm);
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
        if (last && !endsBlock(i)) {
            // A block cut short (a leader follows): fall through to the next one.
            fallTo(p.next(i), following);
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
        mv.visitMethodInsn(INVOKESTATIC, "org/hyperupcall/ebpf/vm/Atomics", wide ? "atomic64" : "atomic32", "(L" + MEM + ";JJJI)J", false);
        if (imm == ATOMIC_CMPXCHG) {
            mv.visitVarInsn(LSTORE, reg(0));
        } else if ((imm & ATOMIC_FETCH) != 0) {
            mv.visitVarInsn(LSTORE, reg(s));
        } else {
            mv.visitInsn(POP2);
        }
    }

    private void alu64(int op, int d, int s, int off, int imm) {
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

    private void operand64(boolean x, int s, int imm) {
        if (x) {
            mv.visitVarInsn(LLOAD, reg(s));
        } else {
            pushLong(mv, imm);
        }
    }

    private void operand32(boolean x, int s, int imm) {
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

    private void alu32(int op, int d, int s, int off, int imm) {
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

    private void jump(int i, int op, int d, int s, int off, int imm, Integer following) {
        int next = p.next(i);
        if (op == EXIT) {
            mv.visitInsn(ICONST_M1);
            mv.visitVarInsn(ISTORE, L_NEXT);
            mv.visitJumpInsn(GOTO, leave);
            return;
        }
        if (op == JA || op == JA32) {
            mv.visitJumpInsn(GOTO, target(jumpTarget(i)));
            return;
        }
        if (op == CALL || op == CALLX) {
            if (isLocalCall(i)) {
                localCall(i, jumpTarget(i));
                fallTo(next, following);
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
        Label taken = target(jumpTarget(i));
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
                operand64(x, s, imm);
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
                operand32(x, s, imm);
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
        fallTo(next, following);
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
            storeField(r);
        }
        storeTouched();
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
        mv.visitMethodInsn(INVOKESTATIC, CODE_CLASS, "f" + callee, "(" + CTX_DESC + ")V", false);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CTX, "depth", "I");
        mv.visitInsn(ICONST_1);
        mv.visitInsn(ISUB);
        mv.visitFieldInsn(PUTFIELD, CTX, "depth", "I");
        storeField(FRAME_POINTER);
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "count", "J");
        mv.visitVarInsn(LSTORE, L_COUNT);
        for (int r = 0; r <= 5; r++) {
            loadField(r);
        }
        mv.visitVarInsn(ALOAD, L_CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "touched", "I");
        mv.visitVarInsn(ISTORE, L_TOUCHED);
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
