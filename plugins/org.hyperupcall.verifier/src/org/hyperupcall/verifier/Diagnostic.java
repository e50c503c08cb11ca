package org.hyperupcall.verifier;

import java.util.List;

import org.hyperupcall.ebpf.isa.Program;

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

    /** An error at instruction {@code insn} of the program (-1: the whole program), with its source line. */
    public static Diagnostic at(Program p, Rule rule, int insn, String message) {
        return at(p, rule, insn, message, List.of());
    }

    /** An error at an instruction, with the other instructions that explain it. */
    public static Diagnostic at(Program p, Rule rule, int insn, String message, List<Related> related) {
        return new Diagnostic(rule, insn, insn >= 0 && insn < p.size() ? p.sourceLine(insn) : 0, message, related);
    }

    /** Instruction {@code insn} as related information. */
    public static Related related(Program p, int insn, String message) {
        return new Related(insn, insn >= 0 && insn < p.size() ? p.sourceLine(insn) : 0, message);
    }

    /** {@code file: insn N (line L): error: message [RULE]}, the form the CLI prints. */
    public String format(String file) {
        return file + ": " + (insn >= 0 ? "insn " + insn + (line > 0 ? " (line " + line + ")" : "") + ": " : "") + "error: "
                + message + " [" + rule.id() + "]";
    }
}
