package org.hyperupcall.verifier;

import java.util.List;

/**
 * What a program is verified against besides its program type: the guest memory registered with
 * it, how much work the verifier may do, and whether to keep a log of the abstract states.
 */
public record VerifierOptions(List<MemoryRange> regions, long maxProcessed, boolean log) {
    /** Instructions the verifier may process along all paths before it gives up (the Linux limit). */
    public static final long DEFAULT_MAX_PROCESSED = 1_000_000;

    public static VerifierOptions defaults() {
        return new VerifierOptions(List.of(), DEFAULT_MAX_PROCESSED, false);
    }

    public VerifierOptions withRegions(List<MemoryRange> newRegions) {
        return new VerifierOptions(List.copyOf(newRegions), maxProcessed, log);
    }

    public VerifierOptions withLog(boolean newLog) {
        return new VerifierOptions(regions, maxProcessed, newLog);
    }

    public VerifierOptions withMaxProcessed(long n) {
        return new VerifierOptions(regions, n, log);
    }
}
