package org.hyperupcall.lang.validation;

import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExpressionInit;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Recognises counted for loops, the only loops the dialect accepts: a counter starts at a
 * constant, the condition compares it with a constant (possibly and-ed with other conditions), the
 * step moves it towards the bound, and the body never assigns it.
 */
final class LoopBounds {
    private LoopBounds() {
    }

    /** Why a loop has no provable constant bound, and where the source shows it (or null). */
    record Unbounded(String reason, EObject where) {
    }

    /** Why the loop has no provable constant bound, or empty when it has one. */
    static Optional<String> unboundedBecause(ForStatement f, Set<String> constants) {
        return unbounded(f, constants).map(Unbounded::reason);
    }

    /** Why the loop has no provable constant bound (with the statement that changes its counter, if that is why), or empty. */
    static Optional<Unbounded> unbounded(ForStatement f, Set<String> constants) {
        Optional<String> reason = firstReason(f, constants);
        if (reason.isEmpty()) {
            return Optional.empty();
        }
        String counter = counter(f, constants);
        EObject where = counter != null && f.getBody() != null && reason.get().startsWith("its body changes") ? change(f.getBody(), counter) : null;
        return Optional.of(new Unbounded(reason.get(), where));
    }

    private static String counter(ForStatement f, Set<String> constants) {
        if (f.getInit() != null && f.getInit().getDeclarators().size() == 1) {
            InitDeclarator d = f.getInit().getDeclarators().get(0);
            return d.getInit() instanceof ExpressionInit e && Constants.isConstant(e.getValue(), constants) ? d.getDeclarator().getName() : null;
        }
        if (f.getInitExpression() instanceof AssignmentExpression a && "=".equals(a.getOp())
                && a.getTarget() instanceof org.hyperupcall.lang.huc.NameExpression n && Constants.isConstant(a.getValue(), constants)) {
            return n.getName();
        }
        return null;
    }

    private static Optional<String> firstReason(ForStatement f, Set<String> constants) {
        String counter = null;
        if (f.getInit() != null && f.getInit().getDeclarators().size() == 1) {
            InitDeclarator d = f.getInit().getDeclarators().get(0);
            if (d.getInit() instanceof ExpressionInit e && Constants.isConstant(e.getValue(), constants)) {
                counter = d.getDeclarator().getName();
            }
        } else if (f.getInitExpression() instanceof AssignmentExpression a && "=".equals(a.getOp())
                && a.getTarget() instanceof org.hyperupcall.lang.huc.NameExpression n && Constants.isConstant(a.getValue(), constants)) {
            counter = n.getName();
        }
        if (counter == null) {
            return Optional.of("its counter does not start at a constant");
        }
        String op = bound(f.getCondition(), counter, constants);
        if (op == null) {
            return Optional.of("its condition does not compare " + counter + " with a constant");
        }
        Expression step = f.getStep();
        if (step == null || !HucValidator.isIncrement(step, counter)) {
            return Optional.of("its step does not move " + counter);
        }
        boolean up = isUp(step);
        if ((op.startsWith("<") && !up) || (op.startsWith(">") && up)) {
            return Optional.of("its step moves " + counter + " away from the bound");
        }
        if (f.getBody() != null && assigns(f.getBody(), counter)) {
            return Optional.of("its body changes " + counter);
        }
        return Optional.empty();
    }

    /** The comparison operator of the counter against a constant in the condition (or one side of an &&). */
    private static String bound(Expression c, String counter, Set<String> constants) {
        if (!(c instanceof BinaryExpression b)) {
            return null;
        }
        if ("&&".equals(b.getOp())) {
            String left = bound(b.getLeft(), counter, constants);
            return left != null ? left : bound(b.getRight(), counter, constants);
        }
        if (!HucValidator.isComparison(b)) {
            return null;
        }
        if (HucValidator.isName(b.getLeft(), counter) && Constants.isConstant(b.getRight(), constants)) {
            return b.getOp();
        }
        if (HucValidator.isName(b.getRight(), counter) && Constants.isConstant(b.getLeft(), constants)) {
            return switch (b.getOp()) { // N > i is i < N
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                case ">=" -> "<=";
                default -> b.getOp();
            };
        }
        return null;
    }

    private static boolean isUp(Expression step) {
        if (step instanceof PostfixExpression p) {
            return "++".equals(p.getOp());
        }
        if (step instanceof UnaryExpression u) {
            return "++".equals(u.getOp());
        }
        return step instanceof AssignmentExpression a && "+=".equals(a.getOp());
    }

    private static boolean assigns(EObject body, String counter) {
        return change(body, counter) != null;
    }

    /** The first expression in body that assigns, increments or takes the address of counter, or null. */
    private static EObject change(EObject body, String counter) {
        for (java.util.Iterator<EObject> it = body.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            boolean changes = o instanceof AssignmentExpression a && HucValidator.isName(a.getTarget(), counter)
                    || o instanceof PostfixExpression p && HucValidator.isName(p.getOperand(), counter)
                    || o instanceof UnaryExpression u && ("++".equals(u.getOp()) || "--".equals(u.getOp()) || "&".equals(u.getOp()))
                            && HucValidator.isName(u.getOperand(), counter);
            if (changes) {
                return o;
            }
        }
        return null;
    }
}
