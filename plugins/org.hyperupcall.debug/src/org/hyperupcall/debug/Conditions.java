package org.hyperupcall.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.hypervisor.Hyperupcall;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.VariableLocation;

/**
 * Conditions of conditional breakpoints: comparisons of registers ({@code r0}..{@code r10}), fields of
 * the context ({@code ctx.vcpu} or {@code ctx->vcpu}), the program's named variables ({@code cpu}) and
 * integer literals, joined by {@code &&} and {@code ||} ({@code &&} binds tighter), such as
 * {@code ctx->vcpu == 2 && r0 != 0}. Values compare as signed 64-bit integers. A comparison with a
 * variable that is out of scope or not available where the program is does not hold.
 */
final class Conditions {
    private Conditions() {
    }

    /** A parsed condition, asked before instruction {@code pc} runs. */
    interface Condition {
        boolean holds(int pc, long[] registers, MemoryMap memory);
    }

    /** A register, a field of the context, a variable or an integer literal. */
    private static final String OPERAND = "r(?:10|[0-9])|ctx(?:\\.|->)[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*|-?(?:0x[0-9a-fA-F]+|[0-9]+)";
    private static final String REGISTER = "r(?:10|[0-9])";
    private static final Pattern COMPARISON = Pattern.compile("\\s*(" + OPERAND + ")\\s*(==|!=|<=|>=|<|>)\\s*(" + OPERAND + ")\\s*");

    /** The condition, for a context of this layout and a program with these variables; throws IllegalArgumentException saying what is wrong. */
    static Condition parse(String text, Struct context, CompiledProgram program) {
        List<Condition> any = new ArrayList<>();
        for (String disjunct : text.split("\\|\\|", -1)) {
            List<Condition> all = new ArrayList<>();
            for (String conjunct : disjunct.split("&&", -1)) {
                Matcher m = COMPARISON.matcher(conjunct);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + conjunct.strip() + "' is not a comparison such as cpu == 1 or ctx->vcpu != 2");
                }
                Operand l = operand(m.group(1), context, program);
                Operand r = operand(m.group(3), context, program);
                String op = m.group(2);
                all.add((pc, regs, mem) -> {
                    try {
                        return compare(l.value(pc, regs, mem), op, r.value(pc, regs, mem));
                    } catch (Unavailable e) {
                        return false;
                    }
                });
            }
            any.add((pc, regs, mem) -> all.stream().allMatch(c -> c.holds(pc, regs, mem)));
        }
        return (pc, regs, mem) -> any.stream().anyMatch(c -> c.holds(pc, regs, mem));
    }

    /** A value a condition or an evaluation reads before instruction {@code pc}: a register, a context field, a variable or a constant. */
    interface Operand {
        long value(int pc, long[] registers, MemoryMap memory);
    }

    /** Thrown by an operand naming a variable that is out of scope or not available at the instruction. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The operand {@code s} names; throws IllegalArgumentException when it is none, names no field
     * of the context or no scalar variable of the program.
     */
    static Operand operand(String s, Struct context, CompiledProgram program) {
        if (!s.matches(OPERAND)) {
            throw new IllegalArgumentException("'" + s + "' is not a register (r0..r10), a field of the context (ctx->NAME), "
                    + "a variable or an integer");
        }
        if (s.matches(REGISTER)) {
            int n = Integer.parseInt(s.substring(1));
            return (pc, regs, mem) -> regs[n];
        }
        if (s.startsWith("ctx.") || s.startsWith("ctx->")) {
            String name = s.substring(s.indexOf(s.startsWith("ctx.") ? '.' : '>') + 1);
            Field f = context.field(name).orElseThrow(() -> new IllegalArgumentException(
                    "the context (struct " + context.name() + ") has no field '" + name + "'"));
            return (pc, regs, mem) -> MemoryViews.field(mem, Hyperupcall.CONTEXT_BASE, f);
        }
        if (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_') {
            if (program.variables().stream().noneMatch(v -> v.name().equals(s) && v.type().isScalar())) {
                throw new IllegalArgumentException("'" + s + "' is not a variable of " + program.function()
                        + " that holds a number or a pointer");
            }
            return (pc, regs, mem) -> {
                VariableLocation v = program.variablesAt(pc).stream().filter(x -> x.name().equals(s)).findFirst()
                        .orElseThrow(() -> new Unavailable("'" + s + "' is not in scope here"));
                if (!v.availableAt(pc)) {
                    throw new Unavailable("'" + s + "' is not available here (optimized out)");
                }
                return v.value(regs, mem);
            };
        }
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        long v = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
        long value = negative ? -v : v;
        return (pc, regs, mem) -> value;
    }

    private static boolean compare(long a, String op, long b) {
        return switch (op) {
            case "==" -> a == b;
            case "!=" -> a != b;
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            default -> a >= b;
        };
    }
}
