package org.hyperupcall.ebpf.jit;

import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;

/** A program compiled to a hidden class, ready to run any number of times. */
final class JitProgram implements Executable {
    private final Decoded decoded;
    private final Interpreter.Resumable exact;
    private final HelperTable helpers;
    private final JitBody body;

    JitProgram(Decoded decoded, Interpreter.Resumable exact, HelperTable helpers, JitBody body) {
        this.decoded = decoded;
        this.exact = exact;
        this.helpers = helpers;
        this.body = body;
    }

    @Override
    public ExecResult run(MemoryMap memory, long r1, long r2, long r3, long r4, long r5) {
        Ctx c = new Ctx(decoded, exact, memory, helpers);
        c.r1 = r1;
        c.r2 = r2;
        c.r3 = r3;
        c.r4 = r4;
        c.r5 = r5;
        c.r10 = MemoryMap.STACK_TOP;
        try {
            body.run(c);
        } catch (Support.Unwind u) {
            return ExecResult.fault(c.fault, c.faultCount);
        } finally {
            if (c.touched != 0) {
                Support.touch(memory);
            }
        }
        return ExecResult.ok(c.r0, c.count);
    }
}
