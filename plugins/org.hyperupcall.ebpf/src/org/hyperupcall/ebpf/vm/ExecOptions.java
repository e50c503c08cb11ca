package org.hyperupcall.ebpf.vm;

import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * How a program is run: its instruction budget (a program that executes more instructions stops
 * with {@link FaultKind#BUDGET_EXCEEDED}), which registers hold values at entry, and whether a
 * verifier has already proved, on the paths that run, that no register is read unset and r10 is
 * never written ({@code verified}: the engines then check only the program's structure, so code
 * that no run reaches may break those rules, as the kernel allows), and the {@code hook} a debugger
 * watches the run through (null: none).
 */
public record ExecOptions(long budget, int entryRegisters, boolean verified, ExecutionHook hook) {
    public ExecOptions(long budget, int entryRegisters) {
        this(budget, entryRegisters, false, null);
    }

    public ExecOptions(long budget, int entryRegisters, boolean verified) {
        this(budget, entryRegisters, verified, null);
    }

    /** One million instructions, far more than any verified hyperupcall executes. */
    public static final long DEFAULT_BUDGET = 1_000_000L;

    public static ExecOptions defaults() {
        return new ExecOptions(DEFAULT_BUDGET, ProgramChecker.DEFAULT_ENTRY_REGISTERS);
    }

    public ExecOptions withBudget(long newBudget) {
        return new ExecOptions(newBudget, entryRegisters, verified, hook);
    }

    /** The same options for a program a verifier accepted (see {@link #verified}). */
    public ExecOptions withVerified() {
        return new ExecOptions(budget, entryRegisters, true, hook);
    }

    /** The loader's checks these options call for. */
    public void check(org.hyperupcall.ebpf.isa.Program program) throws org.hyperupcall.ebpf.isa.InvalidProgramException {
        if (verified) {
            ProgramChecker.checkStructure(program);
        } else {
            ProgramChecker.check(program, entryRegisters);
        }
    }

    /** The same options with another set of registers initialised at entry (bit n = rn). */
    public ExecOptions withEntryRegisters(int registers) {
        return new ExecOptions(budget, registers, verified, hook);
    }

    /** The same options with a hook that sees each instruction (the interpreter only; see {@link ExecutionHook}). */
    public ExecOptions withHook(ExecutionHook h) {
        return new ExecOptions(budget, entryRegisters, verified, h);
    }
}
