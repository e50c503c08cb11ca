package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.abi.Event;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.Param;

/**
 * Compiles one entry point to {@link Ir}: every scalar local and every intermediate value gets a
 * virtual register (the {@link Backend} allocates machine registers); arrays and structs that are
 * locals live on the stack. Constants are folded as they are met, with C's types, and used as
 * immediates. HUC functions are inlined. An index into an array of declared size is checked: out
 * of bounds, the hyperupcall ends with the event's default return code (0).
 *
 * <p>Integers in registers are normalized to their C type (zero- or sign-extended to 64 bits),
 * except results of 32-bit signed arithmetic, which are marked dirty and sign-extended only where
 * a 64-bit view of them is needed.
 *
 * <p>This class is the entry point; the work is done by parts that share a {@link FunctionState}:
 * {@link Statements}, {@link Expressions}, {@link Conversions}, {@link Conditions},
 * {@link Addressing}, {@link Assignments} and {@link Calls}.
 */
final class FunctionCompiler {
    /** A warning: rule, node, message (reported once). */
    record Warning(EObject node, HucRule rule, String message) {
    }

    private final Compiler.Unit unit;
    private final Function function;
    private final Event event;
    private final FunctionState state;
    private final Ir ir;
    private Map<Integer, String> externs = Map.of();
    private List<VariableLocation> variables = List.of();
    private int[] sites = new int[0];

    FunctionCompiler(Compiler.Unit unit, Function function, Event event) {
        this.unit = unit;
        this.function = function;
        this.event = event;
        this.state = new FunctionState(unit, function, event);
        this.ir = state.ir;
    }

    org.hyperupcall.ebpf.isa.Program compile() {
        state.at(function);
        state.returnType = unit.types.of(function.getType(), function.getPointers());
        if (!state.returnType.isArithmetic()) {
            throw CompileException.type(function, "an entry point returns an integer (long), not " + state.returnType);
        }
        state.scopes.push(new LinkedHashMap<>());
        List<Param> params = Compiler.params(function);
        if (params.size() > 1) {
            throw CompileException.type(params.get(1), "an entry point takes one parameter, the context pointer (struct "
                    + event.context().name() + " *)");
        }
        if (params.size() == 1) {
            Param p = params.get(0);
            CType t = Compiler.paramType(unit.types, p);
            boolean isVoidPtr = t.isPointer() && t.pointee().kind() == CType.Kind.VOID;
            boolean isCtx = t.isPointer() && t.pointee().isStruct() && t.pointee().aggregate().name().equals(event.context().name());
            if (!isVoidPtr && !isCtx) {
                throw CompileException.type(p, "the parameter of a " + event.id() + " entry point is its context: struct "
                        + event.context().name() + " *, not " + t);
            }
            String name = Compiler.paramName(p);
            if (name != null) {
                int r = ir.newReg();
                ir.mov(r, 1);
                state.context = new Local(name, t, r, 0);
                state.scopes.peek().put(name, state.context);
                state.declared(state.context, function, Compiler.endLine(function));
            }
        }
        state.statements.block(function.getBody());
        if (ir.reachable()) {
            ir.line = Compiler.endLine(function);
            ir.movImm(0, 0);
            ir.exit();
        }
        if (state.outOfBounds != null) {
            ir.bind(state.outOfBounds);
            ir.movImm(0, 0);
            ir.exit();
        }
        java.util.BitSet tracked = new java.util.BitSet();
        for (FunctionState.Declared d : state.declared) {
            if (d.local().reg() >= 0 && d.local().constant() == null) {
                tracked.set(d.local().reg());
            }
        }
        Backend.Output out = new Backend(function.getName(), ir, state.frame, STACK_FRAME_SIZE, tracked).run();
        externs = out.externs();
        variables = variables(out.places());
        sites = out.sites();
        return out.program();
    }

    /** Where the declared locals are in the compiled program. */
    private List<VariableLocation> variables(Map<Integer, Backend.Place> places) {
        List<VariableLocation> out = new java.util.ArrayList<>();
        for (FunctionState.Declared d : state.declared) {
            Local l = d.local();
            VariableLocation.Kind kind;
            int register = -1;
            int offset = 0;
            long constant = 0;
            java.util.BitSet live = null;
            if (l.constant() != null) {
                kind = VariableLocation.Kind.CONSTANT;
                constant = l.constant().k();
            } else if (l.reg() < 0) {
                kind = VariableLocation.Kind.STACK;
                offset = -l.offset();
            } else {
                Backend.Place p = places.get(l.reg());
                live = p.live();
                if (p.live().isEmpty()) {
                    kind = VariableLocation.Kind.NONE;
                } else if (p.register() >= 0) {
                    kind = VariableLocation.Kind.REGISTER;
                    register = p.register();
                } else {
                    kind = VariableLocation.Kind.STACK;
                    offset = p.slot();
                }
            }
            out.add(new VariableLocation(l.name(), l.type(), d.firstLine(), d.lastLine(), kind, register, offset, constant, live));
        }
        return List.copyOf(out);
    }

    /** The inline site of each instruction slot, once compiled (-1: the entry point's body). */
    int[] sites() {
        return sites;
    }

    /** The calls the entry point inlined ({@link #sites} indexes them). */
    List<InlineSite> inlineSites() {
        return List.copyOf(state.sites);
    }

    /** Where the entry point's named locals are, once compiled. */
    List<VariableLocation> variables() {
        return variables;
    }

    /** The lddw slots of the compiled program that load extern addresses. */
    Map<Integer, String> externs() {
        return externs;
    }

    /** The warnings, like a C compiler's: constants that change value when converted, signed/unsigned comparisons. */
    List<Warning> warnings() {
        return List.copyOf(state.warnings);
    }
}
