package org.hyperupcall.lang.compiler;

import static org.hyperupcall.lang.compiler.Expressions.strip;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.compiler.FunctionState.Addr;
import org.hyperupcall.lang.compiler.FunctionState.LValue;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.NameExpression;

/** Assignment, compound assignment, ++ and --: an lvalue read and written with its address evaluated once. */
final class Assignments extends FunctionPart {
    Assignments(FunctionState state) {
        super(state);
    }

    private LValue lvalue(Expression x) {
        x = strip(x);
        if (x instanceof NameExpression n) {
            Local l = state.lookup(n.getName());
            if (l != null && !l.inMemory()) {
                if (l == state.context) {
                    throw CompileException.type(n, "the context pointer '" + l.name() + "' cannot be assigned");
                }
                return new LValue(l, null, l.type());
            }
            if (l == null && !unit.externs.containsKey(n.getName())) {
                if (unit.defines.containsKey(n.getName()) || Compiler.ABI_CONSTANTS.containsKey(n.getName())
                        || unit.enumerators.containsKey(n.getName())) {
                    throw CompileException.type(n, "'" + n.getName() + "' is a constant; it cannot be assigned");
                }
                expressions.name(n);
            }
        }
        Addr a = addressing.address(x);
        if (a.type().isArray()) {
            throw CompileException.type(x, "an array cannot be assigned");
        }
        return new LValue(null, a, a.type());
    }

    private Val read(LValue lv, EObject node) {
        if (lv.local() != null) {
            return new Val(lv.local().reg(), lv.type(), false, 0, false, false);
        }
        return addressing.load(lv.addr(), node);
    }

    private void write(LValue lv, Val v, EObject node) {
        if (lv.local() != null) {
            conversions.moveTo(lv.local().reg(), v);
        } else {
            addressing.storeValue(lv.addr(), v, node);
        }
    }

    /** Fixes a memory lvalue's base in a register, so that reading and writing it evaluate the address once. */
    private LValue fix(LValue lv) {
        if (lv.local() != null || lv.addr().extern() == null) {
            return lv;
        }
        int r = addressing.baseRegister(lv.addr());
        return new LValue(null, new Addr(r, 0, null, lv.type()), lv.type());
    }

    Val assign(AssignmentExpression a) {
        LValue lv = fix(lvalue(a.getTarget()));
        if (lv.type().isStruct()) {
            throw CompileException.unsupported(a, "assigning a whole struct");
        }
        Val v;
        if (a.getOp().equals("=")) {
            v = conversions.clean(conversions.implicit(expressions.value(a.getValue()), lv.type(), a.getValue()));
        } else {
            String op = a.getOp().substring(0, a.getOp().length() - 1);
            Val cur = read(lv, a);
            v = conversions.clean(conversions.convert(expressions.binary(op, cur, expressions.value(a.getValue()), a), lv.type(), a));
        }
        write(lv, v, a);
        return lv.local() != null ? new Val(lv.local().reg(), lv.type(), false, 0, false, false) : v;
    }

    Val increment(Expression target, String op, boolean prefix, EObject node) {
        LValue lv = fix(lvalue(target));
        if (!lv.type().isScalar()) {
            throw CompileException.type(node, op + " needs an integer or a pointer, not " + lv.type());
        }
        Val cur = read(lv, node);
        Val old = prefix ? null : conversions.own(cur);
        Val one = Val.constant(1, CType.INT);
        Val next = lv.type().isPointer() ? expressions.pointerArithmetic(op.equals("++") ? "+" : "-", cur, one, node)
                : conversions.clean(conversions.convert(expressions.binary(op.equals("++") ? "+" : "-", cur, one, node), lv.type(), node));
        write(lv, next, node);
        if (prefix) {
            return lv.local() != null ? new Val(lv.local().reg(), lv.type(), false, 0, false, false) : next;
        }
        return old;
    }
}
