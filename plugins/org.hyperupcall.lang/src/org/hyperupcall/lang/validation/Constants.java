package org.hyperupcall.lang.validation;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.xtext.EcoreUtil2;
import org.hyperupcall.abi.Event;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.BoolLiteral;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.ConditionalExpression;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.SizeofExpression;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.UnaryExpression;

/** Which names and expressions are compile-time constants. */
final class Constants {
    private Constants() {
    }

    /** #defines and enumerators of the unit, and the constants and return codes of hyperupcall.h. */
    static Set<String> names(TranslationUnit unit) {
        Set<String> names = new HashSet<>();
        for (org.hyperupcall.abi.Constants.Constant c : org.hyperupcall.abi.Constants.ALL) {
            names.add(c.name());
        }
        for (Event e : Event.values()) {
            e.returnCodes().values().forEach(c -> names.add(c.name()));
        }
        if (unit != null) {
            EcoreUtil2.getAllContentsOfType(unit, Define.class).forEach(d -> names.add(d.getName()));
            EcoreUtil2.getAllContentsOfType(unit, Enumerator.class).forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    /** Whether the expression's value is known when compiling. */
    static boolean isConstant(Expression e, Set<String> names) {
        if (e instanceof NumberLiteral || e instanceof CharLiteral || e instanceof BoolLiteral || e instanceof SizeofExpression) {
            return true;
        }
        if (e instanceof NameExpression n) {
            return names.contains(n.getName());
        }
        if (e instanceof ParenExpression p) {
            return isConstant(p.getInner(), names);
        }
        if (e instanceof CastExpression c) {
            return isConstant(c.getOperand(), names);
        }
        if (e instanceof UnaryExpression u) {
            return !"&".equals(u.getOp()) && !"*".equals(u.getOp()) && !"++".equals(u.getOp()) && !"--".equals(u.getOp())
                    && isConstant(u.getOperand(), names);
        }
        if (e instanceof BinaryExpression b) {
            return isConstant(b.getLeft(), names) && isConstant(b.getRight(), names);
        }
        if (e instanceof ConditionalExpression c) {
            return isConstant(c.getCondition(), names) && isConstant(c.getThen(), names) && isConstant(c.getElse(), names);
        }
        return false;
    }
}
