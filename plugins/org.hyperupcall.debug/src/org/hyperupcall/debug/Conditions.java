package org.hyperupcall.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.hypervisor.Hyperupcall;

/**
 * Conditions of conditional breakpoints: comparisons of registers ({@code r0}..{@code r10}), fields of
 * the context ({@code ctx.vcpu}) and integer literals, joined by {@code &&} and {@code ||} ({@code &&}
 * binds tighter), such as {@code ctx.vcpu == 2 && r0 != 0}. Values compare as signed 64-bit integers.
 */
final class Conditions {
    private Conditions() {
    }

    /** A parsed condition. */
    interface Condition {
        boolean holds(long[] registers, MemoryMap memory);
    }

    /** A register, a field of the context or an integer literal. */
    private static final String OPERAND = "r(?:10|[0-9])|ctx\\.[A-Za-z_][A-Za-z0-9_]*|-?(?:0x[0-9a-fA-F]+|[0-9]+)";
    private static final Pattern COMPARISON = Pattern.compile("\\s*(" + OPERAND + ")\\s*(==|!=|<=|>=|<|>)\\s*(" + OPERAND + ")\\s*");

    /** The condition, for a context of this layout; throws IllegalArgumentException saying what is wrong. */
    static Condition parse(String text, Struct context) {
        List<Condition> any = new ArrayList<>();
        for (String disjunct : text.split("\\|\\|", -1)) {
            List<Condition> all = new ArrayList<>();
            for (String conjunct : disjunct.split("&&", -1)) {
                Matcher m = COMPARISON.matcher(conjunct);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + conjunct.strip() + "' is not a comparison such as r0 == 1 or ctx.vcpu != 2");
                }
                Operand l = operand(m.group(1), context);
                Operand r = operand(m.group(3), context);
                String op = m.group(2);
                all.add((regs, mem) -> compare(l.value(regs, mem), op, r.value(regs, mem)));
            }
            any.add((regs, mem) -> all.stream().allMatch(c -> c.holds(regs, mem)));
        }
        return (regs, mem) -> any.stream().anyMatch(c -> c.holds(regs, mem));
    }

    /** A value a condition or an evaluation reads: a register, a context field (in the program's memory) or a constant. */
    interface Operand {
        long value(long[] registers, MemoryMap memory);
    }

    /** The operand {@code s} names; throws IllegalArgumentException when it is none or names no field of the context. */
    static Operand operand(String s, Struct context) {
        if (!s.matches(OPERAND)) {
            throw new IllegalArgumentException("'" + s + "' is not a register (r0..r10), a field of the context (ctx.NAME) or an integer");
        }
        if (s.startsWith("r")) {
            int n = Integer.parseInt(s.substring(1));
            return (regs, mem) -> regs[n];
        }
        if (s.startsWith("ctx.")) {
            String name = s.substring(4);
            Field f = context.field(name).orElseThrow(() -> new IllegalArgumentException(
                    "the context (struct " + context.name() + ") has no field '" + name + "'"));
            return (regs, mem) -> MemoryViews.field(mem, Hyperupcall.CONTEXT_BASE, f);
        }
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        long v = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
        long value = negative ? -v : v;
        return (regs, mem) -> value;
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
