package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;
import static org.hyperupcall.lang.compiler.Calls.assignedIn;
import static org.hyperupcall.lang.compiler.Expressions.strip;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.compiler.FunctionState.Addr;
import org.hyperupcall.lang.compiler.FunctionState.Inline;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.BreakStatement;
import org.hyperupcall.lang.huc.ContinueStatement;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.DoStatement;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExpressionInit;
import org.hyperupcall.lang.huc.ExpressionStatement;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.IfStatement;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.InitElement;
import org.hyperupcall.lang.huc.Initializer;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.Qualifier;
import org.hyperupcall.lang.huc.ReturnStatement;
import org.hyperupcall.lang.huc.Statement;
import org.hyperupcall.lang.huc.SwitchCase;
import org.hyperupcall.lang.huc.SwitchStatement;
import org.hyperupcall.lang.huc.WhileStatement;

/** Compiles statements and local declarations (their initializers included) to the {@link Ir}. */
final class Statements extends FunctionPart {
    Statements(FunctionState state) {
        super(state);
    }

    void block(Block b) {
        state.scopes.push(new LinkedHashMap<>());
        for (Statement s : b.getStatements()) {
            statement(s);
        }
        state.scopes.pop();
    }

    private void statement(Statement s) {
        state.at(s);
        calls.withinBudget(s);
        state.typeCache.clear();
        if (s instanceof Block b) {
            block(b);
        } else if (s instanceof LocalDecl d) {
            declare(d);
        } else if (s instanceof ExpressionStatement x) {
            if (x.getExpression() != null) {
                expressions.expr(x.getExpression());
            }
        } else if (s instanceof IfStatement i) {
            Ir.Label otherwise = new Ir.Label();
            conditions.branch(i.getCondition(), otherwise, false);
            scoped(i.getThen());
            if (i.getElse() != null) {
                Ir.Label end = new Ir.Label();
                ir.jump(end);
                ir.bind(otherwise);
                scoped(i.getElse());
                ir.bind(end);
            } else {
                ir.bind(otherwise);
            }
        } else if (s instanceof ForStatement f) {
            state.scopes.push(new LinkedHashMap<>());
            if (f.getInit() != null) {
                declare(f.getInit());
            } else if (f.getInitExpression() != null) {
                expressions.expr(f.getInitExpression());
            }
            loop(f.getCondition(), f.getBody(), f.getStep(), staticallyTrueAtEntry(f), false);
            state.scopes.pop();
        } else if (s instanceof WhileStatement w) {
            loop(w.getCondition(), w.getBody(), null, false, false);
        } else if (s instanceof DoStatement d) {
            loop(d.getCondition(), d.getBody(), null, true, true);
        } else if (s instanceof SwitchStatement sw) {
            switchStatement(sw);
        } else if (s instanceof BreakStatement) {
            if (state.breaks.isEmpty()) {
                throw CompileException.type(s, "break outside a loop or switch");
            }
            ir.jump(state.breaks.peek());
        } else if (s instanceof ContinueStatement) {
            if (state.continues.isEmpty()) {
                throw CompileException.type(s, "continue outside a loop");
            }
            ir.jump(state.continues.peek());
        } else if (s instanceof ReturnStatement r) {
            returnStatement(r);
        } else {
            throw CompileException.unsupported(s, Compiler.construct(s));
        }
    }

    /** A statement that is the body of an if, else or loop: a scope of its own, as in C. */
    private void scoped(Statement s) {
        state.scopes.push(new LinkedHashMap<>());
        statement(s);
        state.scopes.pop();
    }

    private void returnStatement(ReturnStatement r) {
        if (!state.inlines.isEmpty()) {
            Inline in = state.inlines.peek();
            if (r.getValue() != null) {
                Val v = expressions.expr(r.getValue());
                if (in.result() >= 0) {
                    conversions.moveTo(in.result(), conversions.clean(conversions.implicit(v, in.returnType(), r.getValue())));
                }
            } else if (in.result() >= 0) {
                throw CompileException.type(r, "'return;' in function '" + in.function().getName() + "' that returns " + in.returnType());
            }
            ir.jump(in.end());
            return;
        }
        if (r.getValue() == null) {
            ir.movImm(0, 0);
        } else {
            conversions.moveTo(0, conversions.clean(conversions.implicit(expressions.value(r.getValue()), state.returnType, r.getValue())));
        }
        ir.exit();
    }

    /**
     * A loop: {@code for (;cond;step) body}, while, or do-while. When the condition is known to
     * hold on entry (a counted loop from a constant below its bound) or the loop is a do-while, the
     * test comes only at the bottom; otherwise at the top.
     */
    private void loop(Expression cond, Statement body, Expression step, boolean trueAtEntry, boolean doWhile) {
        Ir.Label exit = new Ir.Label();
        Ir.Label next = new Ir.Label();
        Ir.Label top = new Ir.Label();
        state.breaks.push(exit);
        state.continues.push(next);
        if (trueAtEntry || doWhile || cond == null) {
            ir.bind(top);
            scoped(body);
            ir.bind(next);
            if (step != null) {
                state.at(step);
                expressions.expr(step);
            }
            if (cond == null) {
                ir.jump(top);
            } else {
                state.at(cond);
                conditions.branch(cond, top, true);
            }
        } else {
            ir.bind(top);
            state.at(cond);
            conditions.branch(cond, exit, false);
            scoped(body);
            ir.bind(next);
            if (step != null) {
                state.at(step);
                expressions.expr(step);
            }
            ir.jump(top);
        }
        ir.bind(exit);
        state.breaks.pop();
        state.continues.pop();
    }

    /**
     * Whether a for loop's condition holds before its first iteration: "for (T i = K; i < N; ...)"
     * with K (converted to T) before N, compared as C compares them.
     */
    private boolean staticallyTrueAtEntry(ForStatement f) {
        if (f.getInit() == null || f.getInit().getDeclarators().size() != 1 || !(strip(f.getCondition()) instanceof BinaryExpression b)) {
            return false;
        }
        InitDeclarator d = f.getInit().getDeclarators().get(0);
        if (!(d.getInit() instanceof ExpressionInit init) || !(strip(b.getLeft()) instanceof NameExpression n)
                || !n.getName().equals(d.getDeclarator().getName())) {
            return false;
        }
        Local counter = state.lookup(n.getName());
        Val k = ConstantFolder.constant(init.getValue(), state);
        Val bound = ConstantFolder.constant(b.getRight(), state);
        Comparison c = Comparison.of(b.getOp());
        if (k == null || bound == null || c == null || c == Comparison.EQ || counter == null || !counter.type().isScalar()) {
            return false;
        }
        k = Val.constant(k.k(), counter.type()); // the counter's first value: the initializer converted to its type
        if (k.k() < 0 || bound.k() < 0 || k.k() > Integer.MAX_VALUE || bound.k() > Integer.MAX_VALUE) {
            return false;
        }
        return ConstantFolder.compare(c, k, bound).k() != 0;
    }

    private void switchStatement(SwitchStatement sw) {
        Val v = expressions.value(sw.getValue());
        if (!v.type().isArithmetic()) {
            throw CompileException.type(sw.getValue(), "switch needs an integer, not " + v.type());
        }
        CType t = v.type().promoted();
        v = conversions.clean(conversions.convert(v, t, sw));
        if (v.isConst()) {
            int r = ir.newReg();
            ir.movImm(r, v.k());
            v = Val.temp(r, t);
        }
        Ir.Label end = new Ir.Label();
        Ir.Label otherwise = end;
        List<Ir.Label> bodies = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (SwitchCase c : sw.getCases()) {
            Ir.Label body = new Ir.Label();
            bodies.add(body);
            for (Expression x : c.getValues()) {
                Long k = ConstantFolder.fold(x, state);
                if (k == null) {
                    throw CompileException.type(x, "a case label must be a constant expression");
                }
                long n = t.normalize(k);
                if (!seen.add(n)) {
                    throw CompileException.type(x, "duplicate case value " + k);
                }
                conditions.compareJump(Comparison.EQ, v, Val.constant(n, t), body, x);
            }
            if (c.isDefault()) {
                otherwise = body;
            }
        }
        ir.jump(otherwise);
        state.breaks.push(end);
        for (int i = 0; i < sw.getCases().size(); i++) {
            ir.bind(bodies.get(i));
            state.scopes.push(new LinkedHashMap<>());
            for (Statement s : sw.getCases().get(i).getStatements()) {
                statement(s);
            }
            state.scopes.pop();
        }
        state.breaks.pop();
        ir.bind(end);
    }

    // ---------------------------------------------------------------- declarations

    private void declare(LocalDecl d) {
        for (Qualifier q : d.getType().getQualifiers()) {
            if (!q.getValue().equals("const") && !q.getValue().equals("volatile") && !q.getValue().equals("register")) {
                throw CompileException.unsupported(q, "a '" + q.getValue() + "' local variable");
            }
        }
        for (InitDeclarator id : d.getDeclarators()) {
            Declarator decl = id.getDeclarator();
            if (decl.isFunctionPointer()) {
                throw CompileException.unsupported(decl, "a function pointer variable");
            }
            CType t = unit.types.declared(d.getType(), decl, state);
            if (t.kind() == CType.Kind.VOID) {
                throw CompileException.type(decl, "variable '" + decl.getName() + "' declared void");
            }
            if (t.isArray() && t.count() < 0) {
                if (id.getInit() instanceof ListInit li) {
                    t = CType.arrayOf(t.pointee(), Math.max(1, li.getElements().size()));
                } else {
                    throw CompileException.type(decl, "array '" + decl.getName() + "' needs a size or an initializer list");
                }
            }
            if (state.scopes.peek().containsKey(decl.getName())) {
                throw CompileException.type(decl, "'" + decl.getName() + "' is already declared in this scope");
            }
            Local local;
            if (t.isArray() || t.isStruct()) {
                state.frame = (state.frame + t.size() + 7) / 8 * 8;
                if (state.frame > STACK_FRAME_SIZE) {
                    throw new CompileException(decl, HucRule.STACK, "local '" + decl.getName() + "' (" + t.size()
                            + " bytes) does not fit in the " + STACK_FRAME_SIZE + "-byte stack frame");
                }
                local = new Local(decl.getName(), t, -1, state.frame);
                if (id.getInit() != null) {
                    initialize(new Addr(FRAME_POINTER, -state.frame, null, t), id.getInit());
                }
            } else {
                Val init = null;
                if (id.getInit() != null) {
                    Expression x = id.getInit() instanceof ExpressionInit ei ? ei.getValue() : single(id.getInit());
                    init = conversions.clean(conversions.implicit(expressions.value(x), t, x));
                }
                if (init != null && init.isConst() && !assignedIn(d.eContainer(), decl.getName())) {
                    local = new Local(decl.getName(), t, -1, 0, init); // never assigned: a named constant
                } else {
                    local = new Local(decl.getName(), t, ir.newReg(), 0);
                    if (init == null) {
                        ir.movImm(local.reg(), 0);
                    } else {
                        conversions.moveTo(local.reg(), init);
                    }
                }
            }
            state.scopes.peek().put(decl.getName(), local);
            state.declared(local, decl, Compiler.endLine(d.eContainer()));
        }
    }

    private static Expression single(Initializer init) {
        if (init instanceof ListInit li && li.getElements().size() == 1 && li.getElements().get(0).getValue() instanceof ExpressionInit e) {
            return e.getValue();
        }
        throw CompileException.type(init, "a scalar takes one value in braces");
    }

    /** Fills an array or struct in memory: zero first (C's rule for the elements not listed), then the listed values. */
    private void initialize(Addr at, Initializer init) {
        if (init instanceof ExpressionInit e) {
            throw CompileException.unsupported(e, "initializing an array or struct from an expression");
        }
        zero(at, at.type().size());
        listInit(at, (ListInit) init);
    }

    private void zero(Addr at, int size) {
        int base = addressing.baseRegister(at);
        int off = 0;
        while (off < size) {
            int n = size - off >= 8 && (at.offset() + off) % 8 == 0 ? 8 : size - off >= 4 && (at.offset() + off) % 4 == 0 ? 4
                    : size - off >= 2 && (at.offset() + off) % 2 == 0 ? 2 : 1;
            ir.storeImm(base, (int) (at.offset() + off), 0, n);
            off += n;
        }
    }

    private void listInit(Addr at, ListInit li) {
        CType t = at.type();
        long position = 0;
        for (InitElement el : li.getElements()) {
            Addr target;
            if (t.isArray()) {
                if (el.getIndex() != null) {
                    Long k = ConstantFolder.fold(el.getIndex(), state);
                    if (k == null) {
                        throw CompileException.type(el.getIndex(), "an array designator must be constant");
                    }
                    position = k;
                }
                if (position < 0 || position >= t.count()) {
                    throw CompileException.type(el, "initializer element " + position + " is past the end of " + t);
                }
                target = at.plus(position * t.pointee().size(), t.pointee());
            } else if (t.isStruct()) {
                List<CType.Member> ms = t.aggregate().members();
                CType.Member m;
                if (el.getField() != null) {
                    m = t.aggregate().member(el.getField()).orElseThrow(() -> CompileException.type(el,
                            t + " has no member '" + el.getField() + "'"));
                    position = ms.indexOf(m);
                } else {
                    if (position >= ms.size()) {
                        throw CompileException.type(el, "too many initializers for " + t);
                    }
                    m = ms.get((int) position);
                }
                target = at.plus(m.offset(), m.type());
            } else {
                throw CompileException.type(el, "braces around a scalar initializer");
            }
            if (el.getValue() instanceof ListInit inner) {
                if (!target.type().isArray() && !target.type().isStruct()) {
                    throw CompileException.type(el, "braces around a scalar initializer");
                }
                listInit(target, inner);
            } else {
                Expression x = ((ExpressionInit) el.getValue()).getValue();
                if (target.type().isArray() || target.type().isStruct()) {
                    if (li.getElements().size() != 1) {
                        throw CompileException.type(el, "missing braces around the initializer of an element of type " + target.type());
                    }
                    // "{0}": the value goes to the first scalar inside, the rest is zero.
                    while (target.type().isArray() || target.type().isStruct()) {
                        target = target.type().isArray() ? target.plus(0, target.type().pointee())
                                : target.plus(0, target.type().aggregate().members().get(0).type());
                    }
                }
                addressing.storeValue(target, conversions.convert(expressions.value(x), target.type(), x), x);
            }
            position++;
        }
    }
}
