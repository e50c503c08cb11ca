package org.hyperupcall.ebpf.vm;

import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;

/** An execution engine: turns a program into something that runs (interpreter, JIT). */
public interface Engine {
    /** The name users type ({@link org.hyperupcall.ebpf.EngineKind} parses it): "interp", "jit". */
    String name();

    /**
     * Checks the program's structure and prepares it to run with these helpers. Throws when the
     * program cannot be loaded (unknown opcode, jump out of range...).
     */
    Executable prepare(Program program, HelperTable helpers, ExecOptions options) throws InvalidProgramException;
}
