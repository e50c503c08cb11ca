package org.hyperupcall.ebpf.vm;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

/**
 * The atomic read-modify-write instructions (STX ATOMIC), shared by the interpreter and the code
 * the JIT emits. Programs run one at a time on a memory map, so a load and a store make the
 * operation atomic with respect to the program; the value returned is the old memory value
 * (zero-extended for 32 bits), which the caller puts in src (fetch, xchg) or r0 (cmpxchg).
 */
public final class Atomics {
    private Atomics() {
    }

    /** A 32-bit atomic {@code op} (the imm field) at {@code addr}; returns the old value. */
    public static long atomic32(MemoryMap mem, long addr, long src, long r0, int op) {
        int old = (int) mem.load32(addr);
        int v = (int) src;
        switch (op & ~ATOMIC_FETCH) {
            case ATOMIC_ADD -> mem.store32(addr, old + v);
            case ATOMIC_OR -> mem.store32(addr, old | v);
            case ATOMIC_AND -> mem.store32(addr, old & v);
            case ATOMIC_XOR -> mem.store32(addr, old ^ v);
            case ATOMIC_XCHG & ~ATOMIC_FETCH -> mem.store32(addr, v);
            default -> { // compare-and-exchange with r0
                if (old == (int) r0) {
                    mem.store32(addr, v);
                }
            }
        }
        return old & 0xffffffffL;
    }

    /** A 64-bit atomic {@code op} (the imm field) at {@code addr}; returns the old value. */
    public static long atomic64(MemoryMap mem, long addr, long v, long r0, int op) {
        long old = mem.load64(addr);
        switch (op & ~ATOMIC_FETCH) {
            case ATOMIC_ADD -> mem.store64(addr, old + v);
            case ATOMIC_OR -> mem.store64(addr, old | v);
            case ATOMIC_AND -> mem.store64(addr, old & v);
            case ATOMIC_XOR -> mem.store64(addr, old ^ v);
            case ATOMIC_XCHG & ~ATOMIC_FETCH -> mem.store64(addr, v);
            default -> { // compare-and-exchange with r0
                if (old == r0) {
                    mem.store64(addr, v);
                }
            }
        }
        return old;
    }
}
