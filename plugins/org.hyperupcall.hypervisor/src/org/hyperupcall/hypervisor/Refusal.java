package org.hyperupcall.hypervisor;

import org.hyperupcall.abi.RegistrationRule;

/**
 * Why a registration was refused: the id of the rule ({@link RegistrationRule}'s {@code HUR-*}, or the
 * verifier's {@code HUV-*}), a message, and where known the instruction and the source file and line.
 */
public record Refusal(String rule, String message, int insn, String file, int line) {
    public static Refusal of(RegistrationRule rule, String message) {
        return new Refusal(rule.id(), message, -1, null, 0);
    }

    /** "file:line: insn N: message [RULE]", with the parts that are known. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(line > 0 ? ":" + line : "").append(": ");
        }
        if (insn >= 0) {
            sb.append("insn ").append(insn).append(": ");
        }
        return sb.append(message).append(" [").append(rule).append(']').toString();
    }
}
