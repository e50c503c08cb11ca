package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The control flow of a decoded program as the JIT lays it out: basic blocks (whose lengths and
 * tails it records in {@link Decoded#blockLen} and {@link Decoded#after} for the generated code and
 * the slow path), the functions (the entry and every bpf-to-bpf call target), the blocks reachable
 * in each function, and how those blocks are grouped into chunks of bounded bytecode size.
 */
final class ControlFlow {
    /** Longest run of instructions in one block before it is split (bounds the slow path's work). */
    static final int MAX_BLOCK = Integer.getInteger("org.hyperupcall.ebpf.jit.maxBlock", 64);
    /** Estimated bytecode bytes per chunk (estimates err high): real sizes stay under HotSpot's 8000-byte limit. */
    static final int CHUNK_LIMIT = Integer.getInteger("org.hyperupcall.ebpf.jit.chunkLimit", 7500);

    /**
     * How one function's blocks are split into chunk methods.
     *
     * @param chunks the blocks of each chunk, in slot order
     * @param chunkOfBlock the index of the chunk holding each block
     * @param entries for each chunk, the blocks entered from outside it: the function entry and
     *        blocks reached from another chunk
     */
    record FunctionLayout(List<List<Integer>> chunks, Map<Integer, Integer> chunkOfBlock, List<TreeSet<Integer>> entries) {
    }

    private final Decoded p;
    private final int n;
    /** Whether a slot starts a basic block. */
    private final boolean[] leader;
    /** Entry slots of the functions: 0 and every bpf-to-bpf call target. */
    private final TreeSet<Integer> functions = new TreeSet<>();

    ControlFlow(Decoded p) {
        this.p = p;
        this.n = p.n;
        this.leader = new boolean[n];
        findBlocks();
    }

    /** Entry slots of the program's functions, ascending. */
    SortedSet<Integer> functions() {
        return Collections.unmodifiableSortedSet(functions);
    }

    private boolean isInsn(int i) {
        return !p.second[i];
    }

    /** The slot a jump or local call at {@code i} goes to; {@link Integer#MIN_VALUE} for other instructions. */
    int jumpTarget(int i) {
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

    boolean isLocalCall(int i) {
        return p.opcode[i] == CALL && p.src[i] == CALL_LOCAL;
    }

    /** Whether control may leave the block after this instruction (jump, exit, local call). */
    boolean endsBlock(int i) {
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

    /** The blocks reachable from a function's entry, ascending. */
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

    /** Groups the blocks of the function entered at {@code f}, in slot order, into chunks under {@link #CHUNK_LIMIT}. */
    FunctionLayout layout(int f) {
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
        Map<Integer, Integer> chunkOfBlock = new LinkedHashMap<>();
        for (int k = 0; k < chunks.size(); k++) {
            for (int b : chunks.get(k)) {
                chunkOfBlock.put(b, k);
            }
        }
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
        return new FunctionLayout(chunks, chunkOfBlock, entries);
    }
}
