package org.hyperupcall.lang;

import java.util.List;

/**
 * A problem in HUC source, in the form compilers print: {@code file:line:col: error: message [RULE]};
 * with the other source lines that explain it ({@link Related}: a loop's header for a rejected back
 * edge, where an out-of-bounds address was computed), empty when there are none.
 */
public record SourceDiagnostic(String file, int line, int column, boolean error, String message, String rule, List<Related> related) {

    /** Another place involved in a problem: its file, line (1-based) and what it has to do with it. */
    public record Related(String file, int line, String message) {
    }

    public SourceDiagnostic {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** A diagnostic without related places. */
    public SourceDiagnostic(String file, int line, int column, boolean error, String message, String rule) {
        this(file, line, column, error, message, rule, List.of());
    }

    public String format() {
        return file + ":" + line + ":" + column + ": " + (error ? "error" : "warning") + ": " + message
                + (rule == null ? "" : " [" + rule + "]");
    }
}
