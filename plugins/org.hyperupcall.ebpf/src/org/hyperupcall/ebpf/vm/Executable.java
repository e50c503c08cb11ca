package org.hyperupcall.ebpf.vm;

/** A program prepared by an engine, ready to run any number of times. */
public interface Executable {
    /**
     * Runs the program with r1-r5 set to the arguments and r10 at the top of the stack of
     * {@code memory}. Never throws for anything the program does: faults come back as values.
     */
    ExecResult run(MemoryMap memory, long r1, long r2, long r3, long r4, long r5);

    default ExecResult run(MemoryMap memory, long r1, long r2) {
        return run(memory, r1, r2, 0, 0, 0);
    }
}
