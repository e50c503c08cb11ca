package org.hyperupcall.verifier;

import java.util.List;

/**
 * One verifier error: the rule broken, the instruction (and source line, 0 when unknown), the
 * message, and the other instructions that explain it ({@link Related}: the header of a loop whose
 * back edge is rejected, the instruction that computed an address that is out of bounds); empty
 * when there are none.
 */
public record Diagnostic(Rule rule, int insn, int line, String message, List<Related> related) {

    /** Another instruction involved in an error: where, and what it has to do with it. */
    public record Related(int insn, int line, String message) {
    }

    public Diagnostic {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** A diagnostic without related instructions. */
    public Diagnostic(Rule rule, int insn, int line, String message) {
        this(rule, insn, line, message, List.of());
    }

    /** {@code file: insn N (line L): error: message [RULE]}, the form the CLI prints. */
    public String format(String file) {
        return file + ": " + (insn >= 0 ? "insn " + insn + (line > 0 ? " (line " + line + ")" : "") + ": " : "") + "error: "
                + message + " [" + rule.id() + "]";
    }
}
