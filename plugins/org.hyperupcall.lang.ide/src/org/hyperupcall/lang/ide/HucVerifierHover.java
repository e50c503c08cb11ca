package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.VerifierInsight;
import org.hyperupcall.lang.validation.HucValidator;

/**
 * The verifier's section of a hover, below what the hover says of the word: after the hovered
 * line's instructions, the registers they read or write with what the verifier knows of them, each
 * memory access with why it is (or is not) proven in bounds, and the rejection found on the line;
 * on a local variable or parameter, first the register that holds it. Each entry point with code
 * on the line is verified once per text (its states kept with its compilation), within the
 * editors' verifier budget.
 *
 * <p>Which register holds a variable is guessed: the compiler does not record variable locations
 * yet. On a line that assigns it, the register the line's last instruction writes; on another,
 * that of the nearest line above that assigns it, when the hovered line's code uses it.
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
            md.append("\n\n").append(variable(insight, s, text, variable));
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

    /** The variable's line: its register (guessed) and what the verifier knows of it, or why not. */
    private static String variable(VerifierInsight insight, VerifierInsight.LineState s, String text, String name) {
        String[] lines = text.split("\n", -1);
        String guessed = "`, guessed from the code of its assignment): ";
        if (assigns(lines, s.line(), name)) {
            OptionalInt reg = insight.writtenLast(s.line());
            if (reg.isPresent()) {
                int r = reg.getAsInt();
                return "`" + name + "` (in `r" + r + guessed + insight.registerAfterLine(s.line(), r).orElse("unknown");
            }
        } else {
            for (int l = s.line() - 1; l >= 1; l--) {
                if (assigns(lines, l, name)) {
                    OptionalInt reg = insight.writtenLast(l);
                    Optional<String> read = reg.isPresent() ? insight.valueRead(s.line(), reg.getAsInt()) : Optional.empty();
                    if (read.isPresent()) {
                        return "`" + name + "` (in `r" + reg.getAsInt() + guessed + read.get() + ", where this line reads it";
                    }
                    break;
                }
            }
        }
        return "`" + name + "`: not in a register this line's code reads (as far as the editor can tell: the compiler does not "
                + "record which register holds a variable yet).";
    }

    /** Whether line (1-based) assigns name: {@code name = }, a compound assignment, {@code ++}/{@code --}, or a declaration with an initializer. */
    static boolean assigns(String[] lines, int line, String name) {
        if (line < 1 || line > lines.length) {
            return false;
        }
        String n = Pattern.quote(name);
        return Pattern.compile("(?<![\\w.>])" + n + "\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?<![\\w.>])" + n + "\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*" + n
                + "\\b").matcher(lines[line - 1]).find();
    }
}
