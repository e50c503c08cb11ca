package org.hyperupcall.ebpf.jit;

import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.vm.Fault;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;

/**
 * The state of one run shared by the generated methods: registers passed between code chunks and
 * across bpf-to-bpf calls, the instruction count, the call depth and, after a fault, the fault.
 * Package-private: read by the generated hidden class, which lives in this package.
 */
final class Ctx {
    public long r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10;
    /** Instructions executed so far (at chunk and function boundaries). */
    public long count;
    /** bpf-to-bpf call depth: 0 in the entry function. */
    public int depth;
    /** Non-zero when the stack was accessed directly since the last access through MemoryMap. */
    public int touched;
    public final MemoryMap mem;
    public final HelperTable helpers;
    final Decoded prog;
    /** The same program on the interpreter, for blocks that would exceed the budget. */
    final Interpreter.Resumable exact;
    Fault fault;
    long faultCount;

    Ctx(Decoded prog, Interpreter.Resumable exact, MemoryMap mem, HelperTable helpers) {
        this.prog = prog;
        this.exact = exact;
        this.mem = mem;
        this.helpers = helpers;
    }

    long get(int r) {
        return switch (r) {
            case 0 -> r0;
            case 1 -> r1;
            case 2 -> r2;
            case 3 -> r3;
            case 4 -> r4;
            case 5 -> r5;
            case 6 -> r6;
            case 7 -> r7;
            case 8 -> r8;
            case 9 -> r9;
            default -> r10;
        };
    }
}
