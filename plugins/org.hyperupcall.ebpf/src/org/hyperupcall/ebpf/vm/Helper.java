package org.hyperupcall.ebpf.vm;

/** A function the program may call by id ({@code call imm}). Arguments are r1-r5; the result goes to r0. */
@FunctionalInterface
public interface Helper {
    /**
     * Runs the helper. May throw {@link VmFault} to stop the program (the engine reports the call
     * instruction as the faulting one).
     */
    long call(long r1, long r2, long r3, long r4, long r5, MemoryMap memory);
}
