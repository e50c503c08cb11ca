package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.hyperupcall.ebpf.vm.Alu;
import org.hyperupcall.ebpf.vm.FaultKind;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.VmFault;

/**
 * Runtime support called by the generated code: fault reporting, the exact slow path taken when a
 * block would run past the instruction budget, atomics, direct stack-frame accesses. Called by the
 * generated hidden class, which lives in this package.
 */
final class Support {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Support() {
    }

    /** What an access to the stack through MemoryMap does to the region order: stack to the front. */
    public static void touch(MemoryMap mem) {
        mem.find(MemoryMap.STACK_BASE, 1);
    }

    // Direct accesses to the current stack frame (never out of bounds: see Compiler#inFrame).

    public static long load8(byte[] a, int i) {
        return a[i] & 0xffL;
    }

    public static long load16(byte[] a, int i) {
        return (short) I16.get(a, i) & 0xffffL;
    }

    public static long load32(byte[] a, int i) {
        return (int) I32.get(a, i) & 0xffffffffL;
    }

    public static long load64(byte[] a, int i) {
        return (long) I64.get(a, i);
    }

    public static void store8(byte[] a, int i, long v) {
        a[i] = (byte) v;
    }

    public static void store16(byte[] a, int i, long v) {
        I16.set(a, i, (short) v);
    }

    public static void store32(byte[] a, int i, long v) {
        I32.set(a, i, (int) v);
    }

    public static void store64(byte[] a, int i, long v) {
        I64.set(a, i, v);
    }

    /** Thrown once a fault has been recorded in the run state; unwinds every generated frame. */
    static final class Unwind extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unwind INSTANCE = new Unwind();

        private Unwind() {
            super("fault recorded", null, false, false);
        }
    }

    /**
     * Records a fault thrown by the instruction at {@code pc}; {@code count} is the block-level
     * count (the whole block already counted), corrected here to the exact one.
     */
    public static RuntimeException fault(VmFault f, Ctx c, int pc, long count) {
        c.fault = f.at(pc);
        c.faultCount = count - c.prog.after[pc];
        return Unwind.INSTANCE;
    }

    public static VmFault callDepth() {
        return new VmFault(FaultKind.CALL_DEPTH, "bpf-to-bpf calls nested more than " + MAX_CALL_DEPTH + " frames deep");
    }

    /**
     * The block starting at {@code pc} would run past the budget: runs it one instruction at a
     * time, exactly as the interpreter does, until the budget (or an earlier fault) stops it.
     * Registers are in {@code c}; {@code count} includes the whole block. Never returns normally.
     */
    public static RuntimeException slow(Ctx c, int pc, long count) {
        Decoded p = c.prog;
        long cnt = count - p.blockLen[pc];
        long budget = p.budget;
        long[] r = new long[REGISTER_COUNT];
        for (int k = 0; k < REGISTER_COUNT; k++) {
            r[k] = c.get(k);
        }
        MemoryMap mem = c.mem;
        if (c.touched != 0) {
            touch(mem);
            c.touched = 0;
        }
        int i = pc;
        try {
            while (true) {
                if (++cnt > budget) {
                    c.fault = new VmFault(FaultKind.BUDGET_EXCEEDED,
                            "executed " + budget + " instructions without reaching exit").at(i);
                    c.faultCount = cnt - 1;
                    return Unwind.INSTANCE;
                }
                step(p, c, r, mem, i);
                i = p.next(i);
            }
        } catch (VmFault f) {
            c.fault = f.at(i);
            c.faultCount = cnt;
            return Unwind.INSTANCE;
        }
    }

    /** One straight-line instruction (no jump, exit or local call: those end blocks). */
    private static void step(Decoded p, Ctx c, long[] r, MemoryMap mem, int i) {
        int d = p.dst[i];
        int s = p.src[i];
        int[] off = p.off;
        int[] imm = p.imm;
        switch (p.opcode[i]) {
            case 0x07 -> r[d] += imm[i];
            case 0x17 -> r[d] -= imm[i];
            case 0x27 -> r[d] *= imm[i];
            case 0x37 -> r[d] = off[i] == 0 ? Alu.udiv64(r[d], imm[i]) : Alu.sdiv64(r[d], imm[i]);
            case 0x47 -> r[d] |= imm[i];
            case 0x57 -> r[d] &= imm[i];
            case 0x67 -> r[d] <<= imm[i];
            case 0x77 -> r[d] >>>= imm[i];
            case 0x87 -> r[d] = -r[d];
            case 0x97 -> r[d] = off[i] == 0 ? Alu.umod64(r[d], imm[i]) : Alu.smod64(r[d], imm[i]);
            case 0xa7 -> r[d] ^= imm[i];
            case 0xb7 -> r[d] = imm[i];
            case 0xc7 -> r[d] >>= imm[i];
            case 0xd7 -> r[d] = Alu.bswap(r[d], imm[i]);
            case 0x0f -> r[d] += r[s];
            case 0x1f -> r[d] -= r[s];
            case 0x2f -> r[d] *= r[s];
            case 0x3f -> r[d] = off[i] == 0 ? Alu.udiv64(r[d], r[s]) : Alu.sdiv64(r[d], r[s]);
            case 0x4f -> r[d] |= r[s];
            case 0x5f -> r[d] &= r[s];
            case 0x6f -> r[d] <<= r[s];
            case 0x7f -> r[d] >>>= r[s];
            case 0x9f -> r[d] = off[i] == 0 ? Alu.umod64(r[d], r[s]) : Alu.smod64(r[d], r[s]);
            case 0xaf -> r[d] ^= r[s];
            case 0xbf -> r[d] = switch (off[i]) {
                case 8 -> (byte) r[s];
                case 16 -> (short) r[s];
                case 32 -> (int) r[s];
                default -> r[s];
            };
            case 0xcf -> r[d] >>= r[s];
            case 0x04 -> r[d] = ((int) r[d] + imm[i]) & 0xffffffffL;
            case 0x14 -> r[d] = ((int) r[d] - imm[i]) & 0xffffffffL;
            case 0x24 -> r[d] = ((int) r[d] * imm[i]) & 0xffffffffL;
            case 0x34 -> r[d] = off[i] == 0 ? Alu.udiv32(r[d], imm[i]) : Alu.sdiv32(r[d], imm[i]);
            case 0x44 -> r[d] = ((int) r[d] | imm[i]) & 0xffffffffL;
            case 0x54 -> r[d] = ((int) r[d] & imm[i]) & 0xffffffffL;
            case 0x64 -> r[d] = ((int) r[d] << imm[i]) & 0xffffffffL;
            case 0x74 -> r[d] = ((int) r[d] >>> imm[i]) & 0xffffffffL;
            case 0x84 -> r[d] = (-(int) r[d]) & 0xffffffffL;
            case 0x94 -> r[d] = off[i] == 0 ? Alu.umod32(r[d], imm[i]) : Alu.smod32(r[d], imm[i]);
            case 0xa4 -> r[d] = ((int) r[d] ^ imm[i]) & 0xffffffffL;
            case 0xb4 -> r[d] = imm[i] & 0xffffffffL;
            case 0xc4 -> r[d] = ((int) r[d] >> imm[i]) & 0xffffffffL;
            case 0xd4 -> r[d] = Alu.truncate(r[d], imm[i]);
            case 0xdc -> r[d] = Alu.bswap(r[d], imm[i]);
            case 0x0c -> r[d] = ((int) r[d] + (int) r[s]) & 0xffffffffL;
            case 0x1c -> r[d] = ((int) r[d] - (int) r[s]) & 0xffffffffL;
            case 0x2c -> r[d] = ((int) r[d] * (int) r[s]) & 0xffffffffL;
            case 0x3c -> r[d] = off[i] == 0 ? Alu.udiv32(r[d], r[s]) : Alu.sdiv32(r[d], r[s]);
            case 0x4c -> r[d] = ((int) r[d] | (int) r[s]) & 0xffffffffL;
            case 0x5c -> r[d] = ((int) r[d] & (int) r[s]) & 0xffffffffL;
            case 0x6c -> r[d] = ((int) r[d] << (int) r[s]) & 0xffffffffL;
            case 0x7c -> r[d] = ((int) r[d] >>> (int) r[s]) & 0xffffffffL;
            case 0x9c -> r[d] = off[i] == 0 ? Alu.umod32(r[d], r[s]) : Alu.smod32(r[d], r[s]);
            case 0xac -> r[d] = ((int) r[d] ^ (int) r[s]) & 0xffffffffL;
            case 0xbc -> r[d] = switch (off[i]) {
                case 8 -> (byte) r[s];
                case 16 -> (short) r[s];
                default -> (int) r[s];
            } & 0xffffffffL;
            case 0xcc -> r[d] = ((int) r[d] >> (int) r[s]) & 0xffffffffL;
            case 0x18 -> r[d] = p.imm64[i];
            case 0x20 -> r[0] = mem.loadPacket(imm[i], 4);
            case 0x28 -> r[0] = mem.loadPacket(imm[i], 2);
            case 0x30 -> r[0] = mem.loadPacket(imm[i], 1);
            case 0x40 -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 4);
            case 0x48 -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 2);
            case 0x50 -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 1);
            case 0x61 -> r[d] = mem.load32(r[s] + off[i]);
            case 0x69 -> r[d] = mem.load16(r[s] + off[i]);
            case 0x71 -> r[d] = mem.load8(r[s] + off[i]);
            case 0x79 -> r[d] = mem.load64(r[s] + off[i]);
            case 0x81 -> r[d] = (int) mem.load32(r[s] + off[i]);
            case 0x89 -> r[d] = (short) mem.load16(r[s] + off[i]);
            case 0x91 -> r[d] = (byte) mem.load8(r[s] + off[i]);
            case 0x62 -> mem.store32(r[d] + off[i], imm[i]);
            case 0x6a -> mem.store16(r[d] + off[i], imm[i]);
            case 0x72 -> mem.store8(r[d] + off[i], imm[i]);
            case 0x7a -> mem.store64(r[d] + off[i], imm[i]);
            case 0x63 -> mem.store32(r[d] + off[i], r[s]);
            case 0x6b -> mem.store16(r[d] + off[i], r[s]);
            case 0x73 -> mem.store8(r[d] + off[i], r[s]);
            case 0x7b -> mem.store64(r[d] + off[i], r[s]);
            case 0xc3 -> {
                long old = atomic32(mem, r[d] + off[i], r[s], r[0], imm[i]);
                if (imm[i] == ATOMIC_CMPXCHG) {
                    r[0] = old;
                } else if ((imm[i] & ATOMIC_FETCH) != 0) {
                    r[s] = old;
                }
            }
            case 0xdb -> {
                long old = atomic64(mem, r[d] + off[i], r[s], r[0], imm[i]);
                if (imm[i] == ATOMIC_CMPXCHG) {
                    r[0] = old;
                } else if ((imm[i] & ATOMIC_FETCH) != 0) {
                    r[s] = old;
                }
            }
            case 0x85 -> r[0] = c.helpers.invoke(imm[i] & 0xffffffffL, r[1], r[2], r[3], r[4], r[5], mem);
            case 0x8d -> r[0] = c.helpers.invoke(r[d], r[1], r[2], r[3], r[4], r[5], mem);
            default -> throw new IllegalStateException(
                    String.format("JIT slow path reached opcode 0x%02x at %d, which ends a block", p.opcode[i], i));
        }
    }

    /**
     * A 32-bit atomic operation as the interpreter does it (load first, then store); returns the
     * old value, zero-extended.
     */
    public static long atomic32(MemoryMap mem, long addr, long src, long r0, int op) {
        int old = (int) mem.load32(addr);
        int v = (int) src;
        switch (op & ~ATOMIC_FETCH) {
            case ATOMIC_ADD -> mem.store32(addr, old + v);
            case ATOMIC_OR -> mem.store32(addr, old | v);
            case ATOMIC_AND -> mem.store32(addr, old & v);
            case ATOMIC_XOR -> mem.store32(addr, old ^ v);
            case ATOMIC_XCHG & ~ATOMIC_FETCH -> mem.store32(addr, v);
            default -> {
                if (old == (int) r0) {
                    mem.store32(addr, v);
                }
            }
        }
        return old & 0xffffffffL;
    }

    /** A 64-bit atomic operation; returns the old value. */
    public static long atomic64(MemoryMap mem, long addr, long v, long r0, int op) {
        long old = mem.load64(addr);
        switch (op & ~ATOMIC_FETCH) {
            case ATOMIC_ADD -> mem.store64(addr, old + v);
            case ATOMIC_OR -> mem.store64(addr, old | v);
            case ATOMIC_AND -> mem.store64(addr, old & v);
            case ATOMIC_XOR -> mem.store64(addr, old ^ v);
            case ATOMIC_XCHG & ~ATOMIC_FETCH -> mem.store64(addr, v);
            default -> {
                if (old == r0) {
                    mem.store64(addr, v);
                }
            }
        }
        return old;
    }
}
