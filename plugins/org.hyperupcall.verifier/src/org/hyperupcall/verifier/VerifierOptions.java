package org.hyperupcall.verifier;

import java.util.List;

/**
 * What a program is verified against besides its program type: the guest memory registered with
 * it, how much work the verifier may do (instructions followed, time), and whether to keep a log of
 * the abstract states.
 */
public record VerifierOptions(List<MemoryRange> regions, long maxProcessed, boolean log, long timeBudgetNanos) {
    /** Instructions the verifier may process along all paths before it gives up (the Linux limit). */
    public static final long DEFAULT_MAX_PROCESSED = 1_000_000;

    public static VerifierOptions defaults() {
        return new VerifierOptions(List.of(), DEFAULT_MAX_PROCESSED, false, 0);
    }

    public VerifierOptions withRegions(List<MemoryRange> newRegions) {
        return new VerifierOptions(List.copyOf(newRegions), maxProcessed, log, timeBudgetNanos);
    }

    public VerifierOptions withLog(boolean newLog) {
        return new VerifierOptions(regions, maxProcessed, newLog, timeBudgetNanos);
    }

    public VerifierOptions withMaxProcessed(long n) {
        return new VerifierOptions(regions, n, log, timeBudgetNanos);
    }

    /**
     * Gives up with HUV-COMPLEXITY at the entry point after this long (0: no limit): editors
     * verify on every keystroke and must stay responsive whatever the program.
     */
    public VerifierOptions withTimeBudget(java.time.Duration budget) {
        return new VerifierOptions(regions, maxProcessed, log, budget.toNanos());
    }
}
