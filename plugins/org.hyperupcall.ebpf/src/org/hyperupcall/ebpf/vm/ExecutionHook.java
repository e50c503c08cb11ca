package org.hyperupcall.ebpf.vm;

/**
 * Sees each instruction before the interpreter executes it: a debugger's view of a run. The hook may
 * block (a debugger stopped at a breakpoint) and may throw {@link Stop} to end the run. Only the
 * interpreter takes a hook ({@link ExecOptions#withHook}); a run without one costs one null test per
 * instruction, and the JIT, which the simulator uses otherwise, never has one.
 */
@FunctionalInterface
public interface ExecutionHook {
    /**
     * Before slot {@code pc} executes.
     *
     * @param registers r0 to r10 as they are (read them, do not keep or change the array)
     * @param depth bpf-to-bpf call depth, 0 in the entry function
     * @param memory what the program may access (its stack, its context, its regions)
     */
    void before(int pc, long[] registers, int depth, MemoryMap memory);

    /** Thrown by a hook to end the run at once (a debugger disconnecting); it leaves the engine untouched. */
    final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Stop(String why) {
            super(why, null, false, false);
        }
    }
}
