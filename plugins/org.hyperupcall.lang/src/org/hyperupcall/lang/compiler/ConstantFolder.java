package org.hyperupcall.lang.compiler;

import java.util.HashSet;
import java.util.Set;

import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Values of constant expressions known before code generation (enumerator values), in 64-bit
 * signed arithmetic: literals, #defines, ABI constants, earlier enumerators and the arithmetic,
 * bitwise and comparison operators on them. Null when the expression is not such a constant.
 */
final class ConstantFolder {
    private ConstantFolder() {
    }

    static Long fold(Expression x, Compiler.Unit unit) {
        try {
            return eval(x, unit, new HashSet<>());
        } catch (CompileException | ArithmeticException e) {
            return null;
        }
    }

    private static Long eval(Expression x, Compiler.Unit unit, Set<String> expanding) {
        if (x instanceof ParenExpression p) {
            return eval(p.getInner(), unit, expanding);
        }
        if (x instanceof NumberLiteral n) {
            return Literals.number(n).value();
        }
        if (x instanceof CharLiteral c) {
            return Literals.character(c);
        }
        if (x instanceof CastExpression c) {
            return eval(c.getOperand(), unit, expanding);
        }
        if (x instanceof NameExpression n) {
            Long v = unit.enumerators.get(n.getName());
            if (v == null) {
                v = Compiler.ABI_CONSTANTS.get(n.getName());
            }
            Define d = unit.defines.get(n.getName());
            if (v == null && d != null && expanding.add(n.getName())) {
                // each #define's value once per unit: #defines that use each other twice stay linear
                v = unit.folded.containsKey(d) ? unit.folded.get(d) : eval(d.getValue(), unit, expanding);
                unit.folded.put(d, v);
                expanding.remove(n.getName());
            }
            return v;
        }
        if (x instanceof UnaryExpression u) {
            Long v = eval(u.getOperand(), unit, expanding);
            if (v == null) {
                return null;
            }
            return switch (u.getOp()) {
                case "-" -> -v;
                case "+" -> v;
                case "~" -> ~v;
                case "!" -> v == 0 ? 1L : 0L;
                default -> null;
            };
        }
        if (x instanceof BinaryExpression b) {
            Long l = eval(b.getLeft(), unit, expanding);
            Long r = eval(b.getRight(), unit, expanding);
            if (l == null || r == null) {
                return null;
            }
            return switch (b.getOp()) {
                case "+" -> l + r;
                case "-" -> l - r;
                case "*" -> l * r;
                case "/" -> l / r;
                case "%" -> l % r;
                case "&" -> l & r;
                case "|" -> l | r;
                case "^" -> l ^ r;
                case "<<" -> l << r;
                case ">>" -> l >> r;
                case "==" -> l.equals(r) ? 1L : 0L;
                case "!=" -> !l.equals(r) ? 1L : 0L;
                case "<" -> l < r ? 1L : 0L;
                case ">" -> l > r ? 1L : 0L;
                case "<=" -> l <= r ? 1L : 0L;
                case ">=" -> l >= r ? 1L : 0L;
                case "&&" -> l != 0 && r != 0 ? 1L : 0L;
                case "||" -> l != 0 || r != 0 ? 1L : 0L;
                default -> null;
            };
        }
        return null;
    }
}
