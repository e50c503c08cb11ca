package org.hyperupcall.hypervisor;

/**
 * Why a registration was refused: a stable rule id ({@code HUR-*} for registration rules,
 * {@code HUV-*} for the verifier's), a message, and where known the instruction and the source
 * file and line.
 */
public record Refusal(String rule, String message, int insn, String file, int line) {
    public static Refusal of(String rule, String message) {
        return new Refusal(rule, message, -1, null, 0);
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
