package org.hyperupcall.verifier;

/** One verifier error: the rule broken, the instruction (and source line, 0 when unknown), the message. */
public record Diagnostic(Rule rule, int insn, int line, String message) {

    /** {@code file: insn N (line L): error: message [RULE]}, the form the CLI prints. */
    public String format(String file) {
        return file + ": " + (insn >= 0 ? "insn " + insn + (line > 0 ? " (line " + line + ")" : "") + ": " : "") + "error: "
                + message + " [" + rule.id() + "]";
    }
}
