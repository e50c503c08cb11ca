package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * The loops of a program, found once before exploring: back edges (a jump to an instruction on
 * the current depth-first path of its function), each loop's body, and the shape that lets a loop
 * be proved to end without walking it: a counter that every iteration changes by the same constant
 * once, no other instruction writes, and an exit test on it against a bound the loop does not
 * change, also on every iteration.
 */
final class Loops {
    /** A loop that can be proved to end: counter {@code reg} moves by {@code step} per iteration and the loop stays while {@code reg stay bound}. */
    record Counter(int head, int reg, int incPc, long step, Width width, int testPc, int stay, boolean boundIsReg, int boundReg,
            long boundImm, int bodyLength) {
    }

    /**
     * How the counter is stepped: a 64-bit add; a 32-bit add (the result zero-extended, an
     * {@code unsigned int}); or a 32-bit add followed by {@code r = (s32)r} (an {@code int}, as HUC
     * and clang compile {@code i++}). The proof holds while the counter stays inside its width.
     */
    enum Width { W64, U32, S32 }

    private final Program program;
    private final int n;
    private final boolean[] second;
    private final int[][] succ;
    private final List<List<Integer>> pred;
    /** The heads u jumps back to (a conditional jump may close two loops), or -1. */
    private final int[] backEdgeTo;
    private final int[] backEdgeTo2;
    private final boolean[] head;
    /** Instructions inside some loop's body. */
    private final BitSet inLoop;
    private final Counter[] counters;

    Loops(Program program) {
        this.program = program;
        this.n = program.size();
        second = new boolean[n];
        succ = new int[n][];
        pred = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pred.add(new ArrayList<>(2));
        }
        List<Integer> roots = new ArrayList<>();
        roots.add(0);
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            if (second[i]) {
                succ[i] = new int[0];
                continue;
            }
            int opcode = insn.opcode();
            int target = ProgramChecker.jumpTarget(i, insn);
            int next = i + (insn.isLddw() ? 2 : 1);
            if (insn.isLddw() && i + 1 < n) {
                second[i + 1] = true;
            }
            List<Integer> s = new ArrayList<>(2);
            if (opcode == CALL && insn.src() == CALL_LOCAL) {
                roots.add(target);
                s.add(next);
            } else if (opcode != EXIT) {
                if (target != Integer.MIN_VALUE) {
                    s.add(target);
                }
                if (opcode != JA && opcode != JA32) {
                    s.add(next);
                }
            }
            succ[i] = s.stream().filter(t -> t >= 0 && t < n).mapToInt(Integer::intValue).distinct().toArray();
            for (int t : succ[i]) {
                pred.get(t).add(i);
            }
        }
        backEdgeTo = new int[n];
        backEdgeTo2 = new int[n];
        java.util.Arrays.fill(backEdgeTo, -1);
        java.util.Arrays.fill(backEdgeTo2, -1);
        head = new boolean[n];
        findBackEdges(roots);
        counters = new Counter[n];
        inLoop = new BitSet(n);
        for (int h = 0; h < n; h++) {
            if (head[h]) {
                BitSet body = body(h);
                inLoop.or(body);
                counters[h] = counter(h, body);
            }
        }
    }

    boolean isHead(int pc) {
        return head[pc];
    }

    /** Whether the jump from {@code from} to {@code to} closes a loop. */
    boolean isBackEdge(int from, int to) {
        return from >= 0 && (backEdgeTo[from] == to || backEdgeTo2[from] == to);
    }

    /** Whether pc lies in a loop, so that one path may reach it more than once in the same call. */
    boolean inLoop(int pc) {
        return inLoop.get(pc);
    }

    /** The counter that proves the loop at {@code h} ends, or null when it has none. */
    Counter counterAt(int h) {
        return counters[h];
    }

    private void findBackEdges(List<Integer> roots) {
        byte[] color = new byte[n]; // 0 new, 1 on the path, 2 finished
        for (int root : roots) {
            if (color[root] != 0) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[] {root, 0});
            color[root] = 1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                int u = top[0];
                if (top[1] < succ[u].length) {
                    int v = succ[u][top[1]++];
                    if (color[v] == 1) {
                        if (backEdgeTo[u] < 0) {
                            backEdgeTo[u] = v;
                        } else {
                            backEdgeTo2[u] = v;
                        }
                        head[v] = true;
                    } else if (color[v] == 0) {
                        color[v] = 1;
                        stack.push(new int[] {v, 0});
                    }
                } else {
                    color[u] = 2;
                    stack.pop();
                }
            }
        }
    }

    /** The loop's body: the head and every instruction that reaches a back edge to it without passing the head. */
    private BitSet body(int h) {
        BitSet body = new BitSet(n);
        body.set(h);
        Deque<Integer> work = new ArrayDeque<>();
        for (int u = 0; u < n; u++) {
            if ((backEdgeTo[u] == h || backEdgeTo2[u] == h) && !body.get(u)) {
                body.set(u);
                work.push(u);
            }
        }
        while (!work.isEmpty()) {
            int v = work.pop();
            for (int p : pred.get(v)) {
                if (!body.get(p)) {
                    body.set(p);
                    work.push(p);
                }
            }
        }
        return body;
    }

    private Counter counter(int h, BitSet body) {
        List<Integer> latches = new ArrayList<>();
        boolean calls = false;
        for (int v = body.nextSetBit(0); v >= 0; v = body.nextSetBit(v + 1)) {
            if (v != h) {
                for (int p : pred.get(v)) {
                    if (!body.get(p)) {
                        return null; // entered other than through the head: not a natural loop
                    }
                }
            }
            if (backEdgeTo[v] == h || backEdgeTo2[v] == h) {
                latches.add(v);
            }
            if (program.get(v).opcode() == CALL) {
                calls = true;
            }
        }
        int[] writers = writers(body);
        for (int inc = body.nextSetBit(0); inc >= 0; inc = body.nextSetBit(inc + 1)) {
            Instruction insn = program.get(inc);
            int op = op(insn.opcode());
            boolean alu64 = insn.opcode() == (CLS_ALU64 | SRC_K | op);
            boolean alu32 = insn.opcode() == (CLS_ALU | SRC_K | op);
            if (!(alu64 || alu32) || (op != ALU_ADD && op != ALU_SUB) || insn.imm() == 0) {
                continue;
            }
            int r = insn.dst();
            Width width = alu64 ? Width.W64 : Width.U32;
            int extension = -1;
            if (alu32 && inc + 1 < n && body.get(inc + 1)) {
                Instruction x = program.get(inc + 1);
                if (x.opcode() == (CLS_ALU64 | SRC_X | ALU_MOV) && x.offset() == 32 && x.dst() == r && x.src() == r) {
                    width = Width.S32;
                    extension = inc + 1;
                }
            }
            if (r == FRAME_POINTER || (calls && r <= 5) || writtenElsewhere(writers, r, inc, extension) || onInnerCycle(body, h, inc)
                    || !onEveryIteration(body, h, inc, latches)) {
                continue;
            }
            long step = op == ALU_ADD ? insn.imm() : -(long) insn.imm();
            for (int t = body.nextSetBit(0); t >= 0; t = body.nextSetBit(t + 1)) {
                Counter c = test(body, h, latches, calls, writers, r, inc, step, width, t);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    private Counter test(BitSet body, int h, List<Integer> latches, boolean calls, int[] writers, int r, int inc, long step, Width width,
            int t) {
        Instruction insn = program.get(t);
        int opcode = insn.opcode();
        if (cls(opcode) != CLS_JMP || opcode == JA || opcode == CALL || opcode == EXIT || opcode == CALLX || op(opcode) == JMP_JSET) {
            return null;
        }
        boolean x = source(opcode) == SRC_X;
        int target = ProgramChecker.jumpTarget(t, insn);
        int next = t + 1;
        boolean takenStays = body.get(target);
        boolean fallStays = next < n && body.get(next);
        if (takenStays == fallStays) {
            return null; // not an exit test
        }
        int cmp = takenStays ? op(opcode) : Branches.negate(op(opcode));
        int other;
        if (insn.dst() == r) {
            other = x ? insn.src() : -1;
        } else if (x && insn.src() == r) {
            other = insn.dst();
            cmp = mirror(cmp);
        } else {
            return null;
        }
        if (other == r || cmp < 0) {
            return null;
        }
        if (other >= 0 && (other == FRAME_POINTER || (calls && other <= 5) || writtenElsewhere(writers, other, -1, -1))) {
            return null; // the bound changes in the loop
        }
        boolean up = cmp == JMP_JLT || cmp == JMP_JLE || cmp == JMP_JSLT || cmp == JMP_JSLE;
        boolean down = cmp == JMP_JGT || cmp == JMP_JGE || cmp == JMP_JSGT || cmp == JMP_JSGE;
        boolean ne = cmp == JMP_JNE && (step == 1 || step == -1);
        if (!(up && step > 0 || down && step < 0 || ne)) {
            return null;
        }
        if (onInnerCycle(body, h, t) || !onEveryIteration(body, h, t, latches)) {
            return null;
        }
        return new Counter(h, r, inc, step, width, t, cmp, other >= 0, other, insn.imm(), calls ? -1 : longestIteration(body, h));
    }

    /** How many instructions of the body write each register (a call writes r0-r5). */
    private int[] writers(BitSet body) {
        int[] count = new int[11];
        for (int v = body.nextSetBit(0); v >= 0; v = body.nextSetBit(v + 1)) {
            int w = writes(v);
            for (int r = 0; r < 11; r++) {
                if ((w & (1 << r)) != 0) {
                    count[r]++;
                }
            }
        }
        return count;
    }

    private int writes(int v) {
        Instruction insn = program.get(v);
        return insn.opcode() == CALL ? 0b111111 : ProgramChecker.writes(insn);
    }

    /** Whether an instruction of the body other than {@code except} and {@code except2} (-1: none) writes r. */
    private boolean writtenElsewhere(int[] writers, int r, int except, int except2) {
        int own = (except >= 0 && (writes(except) & (1 << r)) != 0 ? 1 : 0) + (except2 >= 0 && (writes(except2) & (1 << r)) != 0 ? 1 : 0);
        return writers[r] > own;
    }

    /** Whether v can run twice in one iteration (it lies on a cycle that avoids the head). */
    private boolean onInnerCycle(BitSet body, int h, int v) {
        BitSet seen = new BitSet(n);
        Deque<Integer> work = new ArrayDeque<>();
        for (int s : succ[v]) {
            if (s != h && body.get(s) && !seen.get(s)) {
                seen.set(s);
                work.push(s);
            }
        }
        while (!work.isEmpty()) {
            int u = work.pop();
            if (u == v) {
                return true;
            }
            for (int s : succ[u]) {
                if (s != h && body.get(s) && !seen.get(s)) {
                    seen.set(s);
                    work.push(s);
                }
            }
        }
        return false;
    }

    /** Whether every way around the loop passes v: without v, no back edge is reachable from the head. */
    private boolean onEveryIteration(BitSet body, int h, int v, List<Integer> latches) {
        if (v == h) {
            return true;
        }
        BitSet seen = new BitSet(n);
        Deque<Integer> work = new ArrayDeque<>();
        seen.set(h);
        work.push(h);
        while (!work.isEmpty()) {
            int u = work.pop();
            if (latches.contains(u)) {
                return false;
            }
            for (int s : succ[u]) {
                if (s != h && s != v && body.get(s) && !seen.get(s)) {
                    seen.set(s);
                    work.push(s);
                }
            }
        }
        return true;
    }

    /** Most instructions one iteration runs (the longest path from the head), or -1 when the body has inner cycles. */
    private int longestIteration(BitSet body, int h) {
        int[] longest = new int[n];
        byte[] color = new byte[n];
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {h, 0});
        color[h] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int u = top[0];
            if (top[1] < succ[u].length) {
                int v = succ[u][top[1]++];
                if (v == h || !body.get(v)) {
                    continue;
                }
                if (color[v] == 1) {
                    return -1; // an inner loop: its iterations are not counted here
                }
                if (color[v] == 0) {
                    color[v] = 1;
                    stack.push(new int[] {v, 0});
                }
            } else {
                int best = 0;
                for (int v : succ[u]) {
                    if (v != h && body.get(v)) {
                        best = Math.max(best, longest[v]);
                    }
                }
                longest[u] = 1 + best;
                color[u] = 2;
                stack.pop();
            }
        }
        return longest[h];
    }

    /** {@code a op b} as {@code b op' a}. */
    static int mirror(int op) {
        return switch (op) {
            case JMP_JGT -> JMP_JLT;
            case JMP_JGE -> JMP_JLE;
            case JMP_JLT -> JMP_JGT;
            case JMP_JLE -> JMP_JGE;
            case JMP_JSGT -> JMP_JSLT;
            case JMP_JSGE -> JMP_JSLE;
            case JMP_JSLT -> JMP_JSGT;
            case JMP_JSLE -> JMP_JSGE;
            default -> op;
        };
    }
}
