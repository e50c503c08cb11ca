package org.hyperupcall.verifier;

import java.util.List;

/**
 * A verifier's verdict: accepted when there is no diagnostic. Also the instruction count checked
 * against the limit, the instructions processed along all paths, the time taken and, when asked,
 * the log of abstract states.
 */
public record Verification(List<Diagnostic> diagnostics, int instructions, int limit, long processed, long nanos, String log) {
    public boolean accepted() {
        return diagnostics.isEmpty();
    }
}
