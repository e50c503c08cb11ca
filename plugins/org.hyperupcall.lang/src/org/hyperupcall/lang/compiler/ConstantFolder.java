package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.BoolLiteral;
import org.hyperupcall.lang.huc.ConditionalExpression;
import org.hyperupcall.lang.huc.SizeofExpression;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * The one evaluator of constant expressions, with C's semantics: each operand has its C type, the
 * operators apply the integer promotions and the usual arithmetic conversions, and a result is
 * normalized to its type (an unsigned int wraps at 32 bits, a cast truncates). The arithmetic is
 * that of the eBPF instruction the operator compiles to ({@link org.hyperupcall.ebpf.vm.Alu}), and
 * comparisons read {@link Comparison}'s table.
 *
 * <p>Code generation folds each operator whose operands are constants through {@link #unary},
 * {@link #binary} and {@link #compare}. Where C needs a constant before code generation (array
 * sizes, enumerator values, case labels, designators; and where the compiler wants one: the
 * offset of {@code *(p + k)}, a loop's condition on entry), {@link #constant} evaluates a whole
 * expression made of literals, #defines, ABI constants, enumerators, casts to integer types and
 * these operators.
 */
final class ConstantFolder {
    private ConstantFolder() {
    }

    /**
     * Where names are looked up: the unit, and within a function the locals in scope (which shadow
     * the unit's names, as in code generation, and are no constants). The values of #defines are
     * kept in folded: the unit's (see {@link Compiler.Unit#folded}) outside functions, one
     * evaluation's within one (where a local may change what a #define's body means).
     */
    private record Scope(Compiler.Unit unit, Predicate<String> local, Map<Define, Val> folded, Set<String> expanding, FunctionState state) {
    }

    /** The value of a constant expression at the level of the unit (normalized to its C type); null when x is not one. */
    static Long fold(Expression x, Compiler.Unit unit) {
        return value(constant(x, new Scope(unit, name -> false, unit.folded, new HashSet<>(), null)));
    }

    /** The value of a constant expression within a function, its locals in scope; null when x is not one. */
    static Long fold(Expression x, FunctionState state) {
        return value(constant(x, state));
    }

    /** A constant expression's value with its C type, within a function; null when x is not one. */
    static Val constant(Expression x, FunctionState state) {
        return constant(x, new Scope(state.unit, name -> state.lookup(name) != null, new HashMap<>(), new HashSet<>(), state));
    }

    private static Long value(Val v) {
        return v == null ? null : v.k();
    }

    /** eval, null when it fails (a #define that is no constant is null for its users, not an error). */
    private static Val constant(Expression x, Scope scope) {
        try {
            return eval(x, scope);
        } catch (CompileException e) {
            return null;
        }
    }

    private static Val eval(Expression x, Scope scope) {
        if (x instanceof ParenExpression p) {
            return eval(p.getInner(), scope);
        }
        if (x instanceof NumberLiteral n) {
            Literals.Literal lit = Literals.number(n);
            return Val.constant(lit.value(), lit.type());
        }
        if (x instanceof CharLiteral c) {
            return Val.constant(Literals.character(c), CType.INT);
        }
        if (x instanceof BoolLiteral b) {
            return Val.constant("true".equals(b.getValue()) ? 1 : 0, CType.INT);
        }
        if (x instanceof SizeofExpression s) {
            return sizeof(s, scope);
        }
        if (x instanceof ConditionalExpression c) {
            // C: both branches constant expressions, the result in their common type
            Val cond = eval(c.getCondition(), scope);
            Val a = eval(c.getThen(), scope);
            Val b = eval(c.getElse(), scope);
            if (cond == null || a == null || b == null) {
                return null;
            }
            CType t = CType.common(a.type(), b.type());
            return Val.constant(cond.k() != 0 ? a.k() : b.k(), t);
        }
        if (x instanceof CastExpression c) {
            CType t = scope.unit().types.of(c.getType());
            Val v = eval(c.getOperand(), scope);
            return v == null || !t.isArithmetic() ? null : Val.constant(v.k(), t);
        }
        if (x instanceof NameExpression n) {
            return name(n.getName(), scope);
        }
        if (x instanceof UnaryExpression u) {
            Val v = eval(u.getOperand(), scope);
            if (v == null) {
                return null;
            }
            return switch (u.getOp()) {
                case "!" -> not(v);
                case "-", "+", "~" -> unary(u.getOp(), v);
                default -> null;
            };
        }
        if (x instanceof BinaryExpression b) {
            Val l = eval(b.getLeft(), scope);
            Val r = eval(b.getRight(), scope);
            if (l == null || r == null) {
                return null;
            }
            Comparison c = Comparison.of(b.getOp());
            return switch (b.getOp()) {
                case "&&" -> Val.constant(l.k() != 0 && r.k() != 0 ? 1 : 0, CType.INT);
                case "||" -> Val.constant(l.k() != 0 || r.k() != 0 ? 1 : 0, CType.INT);
                default -> c != null ? compare(c, l, r) : binary(b.getOp(), l, r, b);
            };
        }
        return null;
    }

    /** A name as code generation resolves it: a local (no constant), a #define, an extern or global (no constant), an enumerator, an ABI constant. */
    private static Val name(String name, Scope scope) {
        Compiler.Unit unit = scope.unit();
        if (scope.local().test(name)) {
            return null;
        }
        switch (unit.meaning(name)) {
            case DEFINE -> {
                Define d = unit.defines.get(name);
                if (!scope.expanding().add(name)) {
                    return null;
                }
                // each #define's value once: #defines that use each other twice stay linear
                Val value = scope.folded().containsKey(d) ? scope.folded().get(d) : constant(d.getValue(), scope);
                scope.folded().put(d, value);
                scope.expanding().remove(name);
                return value;
            }
            case ENUMERATOR, ABI_CONSTANT -> {
                return named(unit.namedValue(name));
            }
            default -> {
                return null; // externs and globals are no constants here; the rest is no name
            }
        }
    }

    /** An enumerator or a constant of hyperupcall.h: an int, or a long when the value does not fit one. */
    static Val named(long v) {
        return Val.constant(v, v == (int) v ? CType.INT : CType.S64);
    }

    /** !v: 1 or 0, an int. */
    static Val not(Val v) {
        return Val.constant(v.k() == 0 ? 1 : 0, CType.INT);
    }

    /**
     * sizeof, a u64: of a type anywhere; of an expression only within a function, where the
     * compiler types it (at file scope its operand's names are not typed). An incomplete type is
     * no constant (code generation reports it).
     */
    private static Val sizeof(SizeofExpression s, Scope scope) {
        CType t;
        if (s.getType() != null) {
            t = scope.unit().types.of(s.getType());
        } else if (scope.state() != null) {
            t = scope.state().expressions.objectType(s.getOperand());
        } else {
            return null;
        }
        return t.kind() == CType.Kind.VOID || t.isArray() && t.count() < 0 ? null : Val.constant(t.size(), CType.U64);
    }

    /** -v, +v or ~v on an integer constant, in its promoted type. */
    static Val unary(String op, Val v) {
        long k = v.k();
        return Val.constant(op.equals("-") ? -k : op.equals("~") ? ~k : k, v.type().promoted());
    }

    /** The type of l op r (an arithmetic or bitwise operator): the promoted left operand's for a shift, else their common type. */
    static CType type(String op, CType l, CType r) {
        return shift(op) ? l.promoted() : CType.common(l, r);
    }

    static boolean shift(String op) {
        return op.equals("<<") || op.equals(">>");
    }

    /** A constant shift count must be below the width of the shifted type t (the count converted to its promoted type). */
    static void checkShift(String op, Val count, CType t, EObject node) {
        if (shift(op) && count.isConst() && (count.k() < 0 || count.k() >= t.size() * 8)) {
            throw CompileException.type(node, "shift count " + count.k() + " is not below the width of " + t + " (" + t.size() * 8 + " bits)");
        }
    }

    /** l op r on two integer constants (an arithmetic or bitwise operator), with C's conversions. */
    static Val binary(String op, Val l, Val r, EObject node) {
        CType t = type(op, l.type(), r.type());
        Val count = Val.constant(r.k(), shift(op) ? r.type().promoted() : t);
        checkShift(op, count, t, node);
        int aluOp = aluOp(op, t, node);
        if ((aluOp == ALU_DIV || aluOp == ALU_MOD) && count.k() == 0) {
            throw CompileException.type(node, "division by zero in a constant expression");
        }
        int offset = t.signed() && (aluOp == ALU_DIV || aluOp == ALU_MOD) ? 1 : 0;
        int opcode = (t.size() == 8 ? CLS_ALU64 : CLS_ALU) | aluOp | SRC_X;
        return Val.constant(org.hyperupcall.ebpf.vm.Alu.compute(opcode, offset, 0, t.normalize(l.k()), count.k()), t);
    }

    /** l c r on two constants: 1 or 0 (an int), the two compared in the type C converts both to. */
    static Val compare(Comparison c, Val l, Val r) {
        CType t = Comparison.operandType(l.type(), r.type());
        return Val.constant(c.holds(t.normalize(l.k()), t.normalize(r.k()), t.signed()) ? 1 : 0, CType.INT);
    }

    /** The ALU operation of a C operator on operands of type t. */
    static int aluOp(String op, CType t, EObject node) {
        return switch (op) {
            case "+" -> ALU_ADD;
            case "-" -> ALU_SUB;
            case "*" -> ALU_MUL;
            case "/" -> ALU_DIV;
            case "%" -> ALU_MOD;
            case "&" -> ALU_AND;
            case "|" -> ALU_OR;
            case "^" -> ALU_XOR;
            case "<<" -> ALU_LSH;
            case ">>" -> t.signed() ? ALU_ARSH : ALU_RSH;
            default -> throw CompileException.unsupported(node, "operator " + op);
        };
    }
}
