package org.hyperupcall.ebpf.interp;

import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;

/** The reference engine: decodes once, then interprets slot by slot. */
public final class Interpreter implements Engine {
    @Override
    public String name() {
        return "interp";
    }

    @Override
    public Executable prepare(Program program, HelperTable helpers, ExecOptions options) throws InvalidProgramException {
        options.check(program);
        return new InterpretedProgram(program, helpers, options.budget(), options.hook());
    }

    /** A program the interpreter can also start in the middle of, with given registers. */
    public interface Resumable extends Executable {
        /**
         * Runs from slot {@code pc} as the outermost frame, with {@code registers} (r0-r10, not
         * modified) and {@code executed} instructions already counted against the budget. The JIT
         * uses it to run a block exactly, instruction by instruction, when it would exceed the budget.
         */
        ExecResult resume(MemoryMap memory, long[] registers, int pc, long executed);
    }

    /** Prepares a program for {@link Resumable#resume}: checked, decoded, with this budget. */
    public Resumable prepareResumable(Program program, HelperTable helpers, ExecOptions options) throws InvalidProgramException {
        options.check(program);
        return new InterpretedProgram(program, helpers, options.budget(), options.hook());
    }
}
