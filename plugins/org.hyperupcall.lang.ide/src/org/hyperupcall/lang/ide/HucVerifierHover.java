package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.VerifierInsight;
import org.hyperupcall.lang.validation.HucValidator;

/**
 * The verifier's section of a hover, below what the hover says of the word: after the hovered
 * line's instructions, the registers they read or write with what the verifier knows of them, each
 * memory access with why it is (or is not) proven in bounds, and the rejection found on the line;
 * on a local variable or parameter, first where the compiler keeps it and what the verifier knows
 * of it there ({@link VerifierInsight#variable}). Each entry point with code on the line is verified
 * once per text (its states kept with its compilation), within the editors' verifier budget.
 */
final class HucVerifierHover {
    private HucVerifierHover() {
    }

    /**
     * Markdown for line {@code line} (1-based) of a compilation, with {@code variable} (a local or
     * parameter name, or null) first; null when no entry point has code on the line.
     */
    static String section(Compilation c, String text, int line, String variable) {
        if (c == null || !c.ok()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (CompiledProgram p : c.programs()) {
            if (java.util.Arrays.stream(p.sourceLines()).noneMatch(l -> l == line)) {
                continue; // no code of this entry point on the line: not verified for it
            }
            VerifierInsight insight = p.insight(GuestLayout.defaults(), HucValidator.EDITOR_VERIFIER_BUDGET);
            Optional<VerifierInsight.LineState> state = insight.afterLine(line);
            if (state.isEmpty()) {
                continue;
            }
            parts.add(describe(insight, p, state.get(), text, variable));
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    private static String describe(VerifierInsight insight, CompiledProgram p, VerifierInsight.LineState s, String text, String variable) {
        StringBuilder md = new StringBuilder("**Verifier, after line ").append(s.line()).append("** (`").append(p.function()).append("`, ")
                .append(p.event().id()).append(")");
        if (insight.incomplete()) {
            md.append("\n\nThe verifier stopped before it knew every path (see the diagnostic): this is what it knew on the paths it followed.");
        }
        if (!s.reached()) {
            return md.append("\n\nNo path the verifier followed reaches this line").append(insight.accepted() ? " (code no run reaches)." : ".")
                    .toString();
        }
        if (variable != null) {
            insight.variable(variable, s.line()).ifPresent(v -> md.append("\n\n").append(v));
        }
        for (VerifierInsight.Register r : s.registers()) {
            md.append("\n- `").append(r.name()).append("`").append(r.written() ? "" : " (read)").append(": ").append(r.description());
        }
        for (String a : s.accesses()) {
            md.append("\n- ").append(a);
        }
        if (s.failure() != null) {
            md.append("\n\n**Rejected here:** ").append(s.failure());
            insight.failure().filter(f -> f.line() == s.line())
                    .ifPresent(f -> md.append("\n\n").append(HucRejections.markdown(f, text.split("\n", -1))));
        }
        return md.toString();
    }
}
