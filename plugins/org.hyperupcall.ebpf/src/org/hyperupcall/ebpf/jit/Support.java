package org.hyperupcall.ebpf.jit;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.hyperupcall.ebpf.vm.ExecResult;
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

    /** What an access to the stack through MemoryMap does to its lookup cache: the stack becomes the region last hit. */
    public static void touch(MemoryMap mem) {
        mem.find(MemoryMap.STACK_BASE, 1);
    }

    // Direct accesses to the current stack frame (never out of bounds: see InsnEmitter#inFrame).

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
     * The block starting at {@code pc} would run past the budget: the interpreter runs it one
     * instruction at a time from the same state, and stops at the same instruction with the same
     * count as a program interpreted from the start would (or at an earlier fault). The block is
     * straight-line, so the interpreter never leaves it. Registers are in {@code c}; {@code count}
     * includes the whole block. Never returns normally.
     */
    public static RuntimeException slow(Ctx c, int pc, long count) {
        long[] r = new long[REGISTER_COUNT];
        for (int k = 0; k < REGISTER_COUNT; k++) {
            r[k] = c.get(k);
        }
        if (c.touched != 0) {
            touch(c.mem);
            c.touched = 0;
        }
        ExecResult exact = c.exact.resume(c.mem, r, pc, count - c.prog.blockLen[pc]);
        if (exact.isOk()) {
            throw new IllegalStateException("the block at " + pc + " ran to exit although it exceeds the budget");
        }
        c.fault = exact.fault();
        c.faultCount = exact.instructions();
        return Unwind.INSTANCE;
    }
}
