package org.hyperupcall.lang;

/** A problem in HUC source, in the form compilers print: {@code file:line:col: error: message [RULE]}. */
public record SourceDiagnostic(String file, int line, int column, boolean error, String message, String rule) {
    public String format() {
        return file + ":" + line + ":" + column + ": " + (error ? "error" : "warning") + ": " + message
                + (rule == null ? "" : " [" + rule + "]");
    }
}
