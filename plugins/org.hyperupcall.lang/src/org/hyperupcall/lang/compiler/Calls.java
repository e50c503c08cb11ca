package org.hyperupcall.lang.compiler;

import static org.hyperupcall.lang.compiler.Expressions.strip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.lang.compiler.FunctionState.Inline;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.UnaryExpression;

/** Calls: ABI helpers by their ids, HUC functions inlined, and the instruction budget that stops a runaway entry point. */
final class Calls extends FunctionPart {
    Calls(FunctionState state) {
        super(state);
    }

    Val call(CallExpression c) {
        if (!(strip(c.getTarget()) instanceof NameExpression n)) {
            throw CompileException.unsupported(c, "an indirect call");
        }
        Function callee = unit.functions.get(n.getName());
        if (callee != null) {
            return inline(c, callee);
        }
        HelperSpec h = Helpers.byName(n.getName()).orElse(null);
        if (h == null) {
            throw new CompileException(c, HucRule.NAME, "'" + n.getName() + "' is neither an ABI helper nor a function of this file");
        }
        if (h.localOnly() && state.event.isGlobal()) {
            throw new CompileException(c, HucRule.HELPER_NOT_ALLOWED, h.name() + " is only allowed in local hyperupcalls; "
                    + state.event.id() + " is global");
        }
        if (c.getArgs().size() != h.params().size()) {
            throw CompileException.type(c, h.name() + " takes " + h.params().size() + " argument(s), not "
                    + c.getArgs().size() + ": " + h.prototype());
        }
        List<Val> args = new ArrayList<>();
        for (int i = 0; i < h.params().size(); i++) {
            Expression arg = c.getArgs().get(i);
            String pt = h.params().get(i).cType().replace("const ", "");
            Val v = expressions.value(arg);
            if (pt.endsWith("*")) {
                if (!v.type().isScalar()) {
                    throw CompileException.type(arg, "argument " + (i + 1) + " of " + h.name() + " must be a pointer");
                }
                v = conversions.clean(v);
            } else {
                v = conversions.clean(conversions.implicit(v, CType.abiScalar(pt.trim()), arg));
            }
            args.add(v);
        }
        for (int i = 0; i < args.size(); i++) {
            conversions.moveTo(1 + i, args.get(i));
        }
        ir.call(h.id(), args.size());
        int result = ir.newReg();
        ir.mov(result, 0);
        CType t = CType.abiScalar(h.returnType());
        return Val.temp(result, t == null ? CType.S64 : t);
    }

    /**
     * Stops an entry point whose code is far past its instruction limit before it grows further
     * ({@link org.hyperupcall.lang.Limits#INSN_BUDGET_FACTOR} times the limit, before optimisation):
     * the work and memory of a function of 50,000 statements are those of its first few thousand.
     */
    void withinBudget(EObject node) {
        int limit = org.hyperupcall.abi.ProgramType.of(state.event).instructionLimit();
        int budget = limit * org.hyperupcall.lang.Limits.INSN_BUDGET_FACTOR;
        if (ir.code.size() > budget) {
            throw new CompileException(node, HucRule.INSN_LIMIT, state.function.getName() + " compiles to more than " + budget
                    + " instructions before optimisation by this line, far over the limit of " + limit + " for " + state.event.id()
                    + Compiler.INSN_LIMIT_ADVICE);
        }
    }

    /**
     * A call of a function of the unit, inlined: the arguments are evaluated in the caller, bound
     * to fresh locals, and the body compiled in a scope of its own, its returns jumping to the end.
     */
    private Val inline(CallExpression c, Function f) {
        if (state.typing) {
            CType rt = returnType(f);
            return rt.kind() == CType.Kind.VOID ? Val.VOID : Val.temp(ir.newReg(), rt);
        }
        withinBudget(c);
        state.typeCache.clear();
        if (f.getBody() == null) {
            throw new CompileException(c, HucRule.NAME, "function '" + f.getName() + "' is declared but never defined");
        }
        if (f.getSection() != null) {
            throw CompileException.unsupported(c, "a call of entry point '" + f.getName() + "'");
        }
        if (state.inlines.stream().anyMatch(i -> i.function() == f)) {
            throw new CompileException(c, HucRule.RECURSION, "calls recurse at '" + f.getName() + "'");
        }
        if (state.inlines.size() >= org.hyperupcall.lang.Limits.MAX_CALL_DEPTH) {
            throw new CompileException(c, HucRule.LIMIT, org.hyperupcall.lang.Limits.callsTooDeep(f.getName()));
        }
        List<Param> params = Compiler.params(f);
        if (c.getArgs().size() != params.size()) {
            throw CompileException.type(c, f.getName() + " takes " + params.size() + " argument(s), not " + c.getArgs().size());
        }
        List<Val> args = new ArrayList<>();
        List<CType> types = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            CType t = Compiler.paramType(unit.types, params.get(i));
            types.add(t);
            args.add(conversions.clean(conversions.implicit(expressions.value(c.getArgs().get(i)), t, c.getArgs().get(i))));
        }
        CType rt = returnType(f);
        int result = rt.kind() == CType.Kind.VOID ? -1 : ir.newReg();
        Ir.Label end = new Ir.Label();
        Deque<Map<String, Local>> callerScopes = state.scopes;
        Deque<Ir.Label> callerBreaks = state.breaks;
        Deque<Ir.Label> callerContinues = state.continues;
        int callerLine = ir.line;
        int callerSite = ir.site;
        if (state.dryDepth == 0 && !state.typing) {
            state.sites.add(new InlineSite(f.getName(), callerLine, callerSite));
            ir.site = state.sites.size() - 1;
        }
        state.scopes = new ArrayDeque<>();
        state.breaks = new ArrayDeque<>();
        state.continues = new ArrayDeque<>();
        state.inlines.push(new Inline(f, rt, result, end));
        boolean otherFile = f.eResource() != state.function.eResource();
        if (otherFile) {
            state.foreign++;
        }
        try {
            state.scopes.push(new LinkedHashMap<>());
            for (int i = 0; i < params.size(); i++) {
                String name = Compiler.paramName(params.get(i));
                if (name != null) {
                    Val a = args.get(i);
                    Local local;
                    if (!assignedIn(f.getBody(), name)) {
                        // Never assigned in the body: the parameter is the argument's value itself.
                        local = a.isConst() ? new Local(name, types.get(i), -1, 0, a) : new Local(name, types.get(i), a.reg(), 0);
                    } else {
                        local = new Local(name, types.get(i), ir.newReg(), 0);
                        conversions.moveTo(local.reg(), a);
                    }
                    state.scopes.peek().put(name, local);
                    state.declared(local, f, Compiler.endLine(f));
                }
            }
            statements.block(f.getBody());
            if (ir.reachable() && result >= 0) {
                ir.movImm(result, 0); // fell off the end of a non-void function
            }
            ir.bind(end);
        } finally {
            if (otherFile) {
                state.foreign--;
            }
            state.inlines.pop();
            state.scopes = callerScopes;
            state.breaks = callerBreaks;
            state.continues = callerContinues;
            ir.line = callerLine;
            ir.site = callerSite;
        }
        return result < 0 ? Val.VOID : Val.temp(result, rt);
    }

    /** The type a call of a HUC function has: what the function returns (a struct or an array cannot be returned). */
    private CType returnType(Function f) {
        CType rt = unit.types.of(f.getType(), f.getPointers());
        if (rt.isStruct() || rt.isArray()) {
            throw CompileException.unsupported(f, "a function returning " + rt);
        }
        return rt;
    }

    /** Whether anything in scope may change the variable called name (conservative: any name match counts). */
    static boolean assignedIn(EObject scope, String name) {
        for (java.util.Iterator<EObject> it = scope.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            Expression target = null;
            if (o instanceof AssignmentExpression a) {
                target = a.getTarget();
            } else if (o instanceof PostfixExpression p) {
                target = p.getOperand();
            } else if (o instanceof UnaryExpression u && (u.getOp().equals("++") || u.getOp().equals("--") || u.getOp().equals("&"))) {
                target = u.getOperand();
            }
            if (target != null && strip(target) instanceof NameExpression n && n.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
