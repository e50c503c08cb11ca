package org.hyperupcall.verifier;

import java.util.List;
import java.util.Optional;

/**
 * A verifier's verdict: accepted when there is no diagnostic. Also the instruction count checked
 * against the limit, the instructions processed along all paths, the time taken and, when asked,
 * the log of abstract states, and for an accepted program the most instructions one run can
 * execute ({@code maxExecuted}, loops included; -1 when rejected). With
 * {@link VerifierOptions#withStates}: what it knew after each instruction some path reached
 * ({@code states}, in instruction order) and, for a rejection found by exploring, the path to it
 * ({@code path}; null otherwise).
 */
public record Verification(List<Diagnostic> diagnostics, int instructions, int limit, long processed, long nanos, String log,
        long maxExecuted, List<InstructionState> states, RejectionPath path) {
    public Verification {
        states = states == null ? List.of() : List.copyOf(states);
    }

    /** A verdict without structured states. */
    public Verification(List<Diagnostic> diagnostics, int instructions, int limit, long processed, long nanos, String log, long maxExecuted) {
        this(diagnostics, instructions, limit, processed, nanos, log, maxExecuted, List.of(), null);
    }

    public boolean accepted() {
        return diagnostics.isEmpty();
    }

    /** What the verifier knew after instruction {@code insn}, if a path reached it (and states were kept). */
    public Optional<InstructionState> stateAfter(int insn) {
        int lo = 0;
        int hi = states.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = states.get(mid).insn();
            if (at == insn) {
                return Optional.of(states.get(mid));
            }
            if (at < insn) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }
}
