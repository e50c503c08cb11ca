package org.hyperupcall.verifier;

import java.util.List;

/**
 * What a program is verified against besides its program type: the guest memory registered with
 * it, how much work the verifier may do (instructions followed, time), whether to keep a log of
 * the abstract states, and whether to keep them in structured form ({@code states}: the registers
 * after each instruction, each memory access's justification, the path to a rejection).
 */
public record VerifierOptions(List<MemoryRange> regions, long maxProcessed, boolean log, long timeBudgetNanos, boolean states) {
    /** Instructions the verifier may process along all paths before it gives up (the Linux limit). */
    public static final long DEFAULT_MAX_PROCESSED = 1_000_000;

    public static VerifierOptions defaults() {
        return new VerifierOptions(List.of(), DEFAULT_MAX_PROCESSED, false, 0, false);
    }

    public VerifierOptions withRegions(List<MemoryRange> newRegions) {
        return new VerifierOptions(List.copyOf(newRegions), maxProcessed, log, timeBudgetNanos, states);
    }

    public VerifierOptions withLog(boolean newLog) {
        return new VerifierOptions(regions, maxProcessed, newLog, timeBudgetNanos, states);
    }

    public VerifierOptions withMaxProcessed(long n) {
        return new VerifierOptions(regions, n, log, timeBudgetNanos, states);
    }

    /**
     * Gives up with HUV-COMPLEXITY at the entry point after this long (0: no limit): editors
     * verify on every keystroke and must stay responsive whatever the program.
     */
    public VerifierOptions withTimeBudget(java.time.Duration budget) {
        return new VerifierOptions(regions, maxProcessed, log, budget.toNanos(), states);
    }

    /**
     * Keeps what the verifier knows after each instruction ({@link Verification#states}) and, on
     * a rejection, the path to it with context values that take it ({@link Verification#path}).
     * Off by default: the editors' diagnostics do not pay for it, their hover does.
     */
    public VerifierOptions withStates(boolean keep) {
        return new VerifierOptions(regions, maxProcessed, log, timeBudgetNanos, keep);
    }
}
