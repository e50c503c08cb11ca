package org.hyperupcall.ebpf.interp;

import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;

/** The reference engine: decodes once, then interprets slot by slot. */
public final class Interpreter implements Engine {
    @Override
    public String name() {
        return "interp";
    }

    @Override
    public Executable prepare(Program program, HelperTable helpers, ExecOptions options) throws InvalidProgramException {
        ProgramChecker.check(program, options.entryRegisters());
        return new InterpretedProgram(program, helpers, options.budget());
    }
}
