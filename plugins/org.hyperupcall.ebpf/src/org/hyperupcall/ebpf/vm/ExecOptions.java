package org.hyperupcall.ebpf.vm;

import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * How a program is run: its instruction budget (a program that executes more instructions stops
 * with {@link FaultKind#BUDGET_EXCEEDED}) and which registers hold values at entry.
 */
public record ExecOptions(long budget, int entryRegisters) {
    /** One million instructions, far more than any verified hyperupcall executes. */
    public static final long DEFAULT_BUDGET = 1_000_000L;

    public static ExecOptions defaults() {
        return new ExecOptions(DEFAULT_BUDGET, ProgramChecker.DEFAULT_ENTRY_REGISTERS);
    }

    public ExecOptions withBudget(long newBudget) {
        return new ExecOptions(newBudget, entryRegisters);
    }

    /** The same options with another set of registers initialised at entry (bit n = rn). */
    public ExecOptions withEntryRegisters(int registers) {
        return new ExecOptions(budget, registers);
    }
}
