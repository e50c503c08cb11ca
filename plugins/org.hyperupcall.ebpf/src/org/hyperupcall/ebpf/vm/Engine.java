package org.hyperupcall.ebpf.vm;

import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;

/** An execution engine: turns a program into something that runs (interpreter, JIT). */
public interface Engine {
    /** Short name used on the command line: "interp", "jit". */
    String name();

    /**
     * Checks the program's structure and prepares it to run with these helpers. Throws when the
     * program cannot be loaded (unknown opcode, jump out of range...).
     */
    Executable prepare(Program program, HelperTable helpers, ExecOptions options) throws InvalidProgramException;
}
