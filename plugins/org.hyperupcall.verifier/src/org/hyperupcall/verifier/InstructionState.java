package org.hyperupcall.verifier;

import java.util.List;

/**
 * What the verifier knows after one instruction, joined over the paths it explored through it
 * ({@code paths}: how many got past it): r0..r10 ({@link AbstractValue}), and the memory access it
 * checked there, or null. At the instruction a program is rejected at, {@code failure} is the
 * error's message and, when no path got past it ({@code paths} 0), the registers are those before it.
 */
public record InstructionState(int insn, int line, List<AbstractValue> registers, MemoryAccess access, int paths, String failure) {
    public InstructionState {
        registers = List.copyOf(registers);
    }

    /** Register r's value. */
    public AbstractValue register(int r) {
        return registers.get(r);
    }
}
