package org.hyperupcall.ebpf.tests.differential;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * Generates random programs that load (every register written before it is read), terminate
 * (forward jumps only, plus counted loops on a reserved register) and touch memory only inside the
 * block r1 points to and the stack — except, when asked, one deliberately wild access, so that
 * both engines must report the same fault. Covers every instruction class: ALU 32/64 with
 * immediates and registers (division by zero included), byte swaps, sign-extending moves, loads
 * and stores of every size, sign-extending loads, atomics, 64-bit constants, conditional jumps of
 * every kind, helper calls and a bpf-to-bpf call.
 */
public final class RandomPrograms {
    /** Bytes of the memory block the programs get in r1 (its length is in r2). */
    public static final int MEM_SIZE = 256;
    /** Register holding the memory block's address for the whole program (callee-saved). */
    private static final int BASE = 6;
    /** Loop counter register, written only by loop heads and tails. */
    private static final int COUNTER = 7;

    private final Random random;
    private final List<Instruction> out = new ArrayList<>();
    /** Indices of forward jumps waiting for their target, with the slot count they must skip at most. */
    private final List<int[]> pendingJumps = new ArrayList<>();
    private boolean wild;
    /** Slots no jump may land on: the inside of a multi-instruction sequence. */
    private final java.util.Set<Integer> noLanding = new java.util.HashSet<>();

    private RandomPrograms(long seed) {
        this.random = new Random(seed);
    }

    /** The program for this seed (the same seed gives the same program). */
    public static Program generate(long seed, boolean allowWildAccess) {
        RandomPrograms g = new RandomPrograms(seed);
        g.wild = allowWildAccess;
        return g.build(seed);
    }

    private Program build(long seed) {
        emit(CLS_ALU64 | SRC_X | ALU_MOV, BASE, 1, 0, 0);
        for (int r : new int[] {0, 2, 3, 4, 5, 8, 9}) {
            emit(CLS_ALU64 | ALU_MOV, r, 0, 0, random.nextInt());
        }
        emit(CLS_ALU64 | ALU_MOV, COUNTER, 0, 0, 0);
        int blocks = 2 + random.nextInt(6);
        boolean hasFunction = random.nextInt(3) == 0;
        int callSite = -1;
        for (int b = 0; b < blocks; b++) {
            if (random.nextInt(4) == 0) {
                loop();
            } else {
                straight(3 + random.nextInt(12), true);
            }
            if (hasFunction && callSite < 0 && random.nextBoolean()) {
                callSite = out.size();
                emit(CALL, 0, CALL_LOCAL, 0, 0); // patched below
                reinitArguments();
            }
        }
        if (wild && random.nextInt(2) == 0) {
            int size = 1 << random.nextInt(4);
            emit(CLS_LDX | MODE_MEM | sizeCode(size), 0, BASE, MEM_SIZE - size + 1 + random.nextInt(64), 0);
        }
        resolveJumps(out.size());
        emit(EXIT, 0, 0, 0, 0);
        if (callSite >= 0) {
            int entry = out.size();
            out.set(callSite, new Instruction(CALL, 0, CALL_LOCAL, 0, entry - callSite - 1));
            // The callee: r1-r5 are its arguments, r6 (the base) is not preserved for it, so it
            // only uses registers and its own stack frame.
            emit(CLS_ALU64 | SRC_X | ALU_MOV, 0, 1, 0, 0);
            for (int i = 0; i < 4 + random.nextInt(8); i++) {
                aluOn(random.nextInt(6), random.nextInt(6));
            }
            int off = -8 * (1 + random.nextInt(64));
            emit(CLS_STX | MODE_MEM | SIZE_DW, FRAME_POINTER, 0, off, 0);
            emit(CLS_LDX | MODE_MEM | SIZE_DW, 2, FRAME_POINTER, off, 0);
            emit(CLS_ALU64 | SRC_X | ALU_ADD, 0, 2, 0, 0);
            resolveJumps(out.size());
            emit(EXIT, 0, 0, 0, 0);
        }
        return new Program("random-" + seed, out.toArray(new Instruction[0]));
    }

    private void emit(int opcode, int dst, int src, int off, int imm) {
        out.add(new Instruction(opcode, dst, src, off, imm));
    }

    private void reinitArguments() {
        for (int r = 1; r <= 5; r++) {
            noLanding.add(out.size());
            emit(CLS_ALU64 | ALU_MOV, r, 0, 0, random.nextInt(1000) - 500);
        }
    }

    /** A counted loop: counter = n; body; counter -= 1; if counter != 0 goto body. */
    private void loop() {
        resolveJumps(out.size());
        emit(CLS_ALU64 | ALU_MOV, COUNTER, 0, 0, 1 + random.nextInt(20));
        int head = out.size();
        straight(2 + random.nextInt(8), false);
        resolveJumps(out.size());
        emit(CLS_ALU64 | ALU_SUB, COUNTER, 0, 0, 1);
        int here = out.size();
        emit(CLS_JMP | JMP_JNE, COUNTER, 0, head - here - 1, 0);
    }

    /** n random instructions; forward jumps stay inside this stretch when {@code jumps} is false. */
    private void straight(int n, boolean calls) {
        int start = pendingJumps.size();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(100);
            int d = writable();
            if (kind < 40) {
                aluOn(d, random.nextInt(10));
            } else if (kind < 52) {
                load(d);
            } else if (kind < 62) {
                store();
            } else if (kind < 67) {
                atomic();
            } else if (kind < 72) {
                long v = random.nextLong();
                emit(LDDW, d, 0, 0, (int) v);
                noLanding.add(out.size());
                emit(0, 0, 0, 0, (int) (v >>> 32));
            } else if (kind < 80) {
                masked(d);
            } else if (kind < 92) {
                jump();
            } else if (calls && kind < 96) {
                emit(CALL, 0, CALL_HELPER, 0, 1);
                reinitArguments();
            } else {
                aluOn(d, random.nextInt(10));
            }
        }
        // Jumps opened in this stretch land at its end at the latest.
        List<int[]> mine = new ArrayList<>(pendingJumps.subList(start, pendingJumps.size()));
        pendingJumps.subList(start, pendingJumps.size()).clear();
        for (int[] j : mine) {
            patch(j[0], out.size());
        }
    }

    /** A destination register: anything but the base, the counter and r10. */
    private int writable() {
        int[] regs = {0, 1, 2, 3, 4, 5, 8, 9};
        return regs[random.nextInt(regs.length)];
    }

    private void aluOn(int d, int s) {
        if (d == BASE || d == COUNTER) {
            d = 0;
        }
        boolean alu64 = random.nextBoolean();
        int cls = alu64 ? CLS_ALU64 : CLS_ALU;
        int pick = random.nextInt(16);
        switch (pick) {
            case 13 -> emit(cls | ALU_NEG, d, 0, 0, 0);
            case 14 -> {
                int width = new int[] {16, 32, 64}[random.nextInt(3)];
                int opcode = alu64 ? CLS_ALU64 | ALU_END : CLS_ALU | ALU_END | (random.nextBoolean() ? SRC_X : SRC_K);
                emit(opcode, d, 0, 0, width);
            }
            case 15 -> {
                int[] widths = alu64 ? new int[] {8, 16, 32} : new int[] {8, 16};
                emit(cls | SRC_X | ALU_MOV, d, s, widths[random.nextInt(widths.length)], 0);
            }
            default -> {
                int[] ops = {ALU_ADD, ALU_SUB, ALU_MUL, ALU_DIV, ALU_OR, ALU_AND, ALU_LSH, ALU_RSH, ALU_MOD, ALU_XOR, ALU_MOV, ALU_ARSH, ALU_DIV};
                int op = ops[Math.min(pick, ops.length - 1)];
                int off = (op == ALU_DIV || op == ALU_MOD) && random.nextBoolean() ? 1 : 0;
                if (random.nextBoolean()) {
                    emit(cls | SRC_X | op, d, s, off, 0);
                } else {
                    int imm = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(64);
                        case 1 -> -1 - random.nextInt(4);
                        case 2 -> random.nextBoolean() ? 0 : Integer.MIN_VALUE;
                        default -> random.nextInt();
                    };
                    emit(cls | SRC_K | op, d, 0, off, imm);
                }
            }
        }
    }

    private static int sizeCode(int size) {
        return switch (size) {
            case 1 -> SIZE_B;
            case 2 -> SIZE_H;
            case 4 -> SIZE_W;
            default -> SIZE_DW;
        };
    }

    /** [base + off] or [r10 - off] for a size-byte access, in bounds. */
    private int[] place(int size) {
        if (random.nextBoolean()) {
            return new int[] {BASE, random.nextInt(MEM_SIZE - size + 1)};
        }
        return new int[] {FRAME_POINTER, -size - random.nextInt(STACK_FRAME_SIZE - size + 1)};
    }

    private void load(int d) {
        int size = 1 << random.nextInt(4);
        int[] p = place(size);
        boolean sx = size < 8 && random.nextInt(3) == 0;
        emit(CLS_LDX | (sx ? MODE_MEMSX : MODE_MEM) | sizeCode(size), d, p[0], p[1], 0);
    }

    private void store() {
        int size = 1 << random.nextInt(4);
        int[] p = place(size);
        if (random.nextBoolean()) {
            emit(CLS_STX | MODE_MEM | sizeCode(size), p[0], random.nextInt(10), p[1], 0);
        } else {
            emit(CLS_ST | MODE_MEM | sizeCode(size), p[0], 0, p[1], random.nextInt());
        }
    }

    private void atomic() {
        int size = random.nextBoolean() ? 4 : 8;
        int[] p = place(size);
        int off = p[0] == BASE ? p[1] & ~(size - 1) : -size * (1 + random.nextInt(STACK_FRAME_SIZE / size));
        int[] ops = {ATOMIC_ADD, ATOMIC_OR, ATOMIC_AND, ATOMIC_XOR, ATOMIC_ADD | ATOMIC_FETCH, ATOMIC_OR | ATOMIC_FETCH,
            ATOMIC_AND | ATOMIC_FETCH, ATOMIC_XOR | ATOMIC_FETCH, ATOMIC_XCHG, ATOMIC_CMPXCHG};
        int src = writable();
        emit(CLS_STX | MODE_ATOMIC | sizeCode(size), p[0], src, off, ops[random.nextInt(ops.length)]);
    }

    /** d = base + (x & mask): a computed address that stays inside the block. */
    private void masked(int d) {
        int size = 1 << random.nextInt(4);
        int x = random.nextInt(10);
        int t = d == 0 ? 9 : 0;
        if (t == x) {
            x = BASE;
        }
        emit(CLS_ALU64 | SRC_X | ALU_MOV, t, x, 0, 0);
        noLanding.add(out.size());
        emit(CLS_ALU64 | ALU_AND, t, 0, 0, (MEM_SIZE - 8) & ~(size - 1));
        noLanding.add(out.size());
        emit(CLS_ALU64 | SRC_X | ALU_ADD, t, BASE, 0, 0);
        noLanding.add(out.size());
        emit(CLS_LDX | MODE_MEM | sizeCode(size), d, t, 0, 0);
    }

    private void jump() {
        int[] ops = {JMP_JEQ, JMP_JGT, JMP_JGE, JMP_JSET, JMP_JNE, JMP_JSGT, JMP_JSGE, JMP_JLT, JMP_JLE, JMP_JSLT, JMP_JSLE, JMP_JA};
        int op = ops[random.nextInt(ops.length)];
        int cls = random.nextBoolean() ? CLS_JMP : CLS_JMP32;
        int at = out.size();
        if (op == JMP_JA) {
            if (cls == CLS_JMP32) {
                emit(JA32, 0, 0, 0, 0);
            } else {
                emit(JA, 0, 0, 0, 0);
            }
        } else if (random.nextBoolean()) {
            emit(cls | SRC_X | op, random.nextInt(10), random.nextInt(10), 0, 0);
        } else {
            emit(cls | SRC_K | op, random.nextInt(10), 0, 0, random.nextInt(8) - 2);
        }
        pendingJumps.add(new int[] {at});
    }

    private void resolveJumps(int target) {
        for (int[] j : pendingJumps) {
            patch(j[0], target);
        }
        pendingJumps.clear();
    }

    /** Points the jump at {@code at} somewhere in (at, target]. */
    private void patch(int at, int target) {
        int max = target - at - 1;
        int disp = max <= 0 ? 0 : random.nextInt(max + 1);
        // Never land inside a sequence (the second half of an lddw, a masked address computation).
        while (disp > 0 && noLanding.contains(at + 1 + disp)) {
            disp--;
        }
        Instruction j = out.get(at);
        if (j.opcode() == JA32) {
            out.set(at, new Instruction(j.opcode(), 0, 0, 0, disp));
        } else {
            out.set(at, new Instruction(j.opcode(), j.dst(), j.src(), disp, j.imm()));
        }
    }
}
