package org.hyperupcall.verifier;

import java.util.List;

/**
 * A verifier's verdict: accepted when there is no diagnostic. Also the instruction count checked
 * against the limit, the instructions processed along all paths, the time taken and, when asked,
 * the log of abstract states, and for an accepted program the most instructions one run can
 * execute ({@code maxExecuted}, loops included; -1 when rejected).
 */
public record Verification(List<Diagnostic> diagnostics, int instructions, int limit, long processed, long nanos, String log,
        long maxExecuted) {
    public boolean accepted() {
        return diagnostics.isEmpty();
    }
}
