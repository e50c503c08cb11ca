package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.BoolLiteral;
import org.hyperupcall.lang.huc.BreakStatement;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.CommaExpression;
import org.hyperupcall.lang.huc.ConditionalExpression;
import org.hyperupcall.lang.huc.ContinueStatement;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExpressionInit;
import org.hyperupcall.lang.huc.ExpressionStatement;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.IfStatement;
import org.hyperupcall.lang.huc.IndexExpression;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.Qualifier;
import org.hyperupcall.lang.huc.ReturnStatement;
import org.hyperupcall.lang.huc.SizeofExpression;
import org.hyperupcall.lang.huc.Statement;
import org.hyperupcall.lang.huc.StringLiteral;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Compiles one entry point to eBPF. The context pointer stays in r6; locals take r7-r9, then
 * 8-byte stack slots; expression values use r0-r5 as temporaries, saved to the stack around
 * helper calls (which clobber r0-r5). Every integer in a register is normalized to its C type
 * (zero- or sign-extended to 64 bits), so comparisons can always use 64-bit jumps.
 */
final class FunctionCompiler {
    private static final int CTX_REG = 6;
    private static final int[] LOCAL_REGS = {7, 8, 9};
    private static final int[] TEMPS = {0, 1, 2, 3, 4, 5};

    /** A local variable: in a callee-saved register, or at r10 - slot. */
    private record Local(String name, CType type, int reg, int slot) {
    }

    /** A value in a temporary register (-1 for void), of a type. */
    private record Val(int reg, CType type) {
    }

    private record Loop(Emitter.Label exit, Emitter.Label next) {
    }

    /** A HUC function being inlined: where its result goes (-1 when void) and where its returns jump. */
    private record Inline(Function function, CType returnType, int result, Emitter.Label end) {
    }

    /** Something that can be assigned: a local, or memory at base + offset. */
    private record LValue(Local local, int base, int offset, CType type) {
    }

    private final Compiler.Unit unit;
    private final Function function;
    private final Event event;
    private Emitter e = new Emitter();
    private CType returnType;
    private Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    private final Deque<Integer> scopeFrames = new ArrayDeque<>();
    private Deque<Loop> loops = new ArrayDeque<>();
    /** The functions being inlined, innermost first. */
    private final Deque<Inline> inlines = new ArrayDeque<>();
    private final Set<String> expanding = new HashSet<>();
    private boolean[] busy = new boolean[11];
    private final boolean[] localRegBusy = new boolean[11];
    private int frame;

    FunctionCompiler(Compiler.Unit unit, Function function, Event event) {
        this.unit = unit;
        this.function = function;
        this.event = event;
    }

    Program compile() {
        e.line = Compiler.line(function);
        returnType = unit.types.of(function.getType(), function.getPointers());
        if (!returnType.isArithmetic()) {
            throw CompileException.type(function, "an entry point returns an integer (long), not " + returnType);
        }
        pushScope();
        List<Param> params = Compiler.params(function);
        if (params.size() > 1) {
            throw CompileException.type(params.get(1), "an entry point takes one parameter, the context pointer (struct "
                    + event.context().name() + " *)");
        }
        if (params.size() == 1) {
            Param p = params.get(0);
            CType t = Compiler.paramType(unit.types, p);
            boolean isVoidPtr = t.isPointer() && t.pointee().kind() == CType.Kind.VOID;
            boolean isCtx = t.isPointer() && t.pointee().kind() == CType.Kind.STRUCT && t.pointee().struct().equals(event.context());
            if (!isVoidPtr && !isCtx) {
                throw CompileException.type(p, "the parameter of a " + event.id() + " entry point is its context: struct "
                        + event.context().name() + " *, not " + t);
            }
            String name = Compiler.paramName(p);
            if (name != null) {
                e.line = Compiler.line(p);
                scopes.peek().put(name, new Local(name, t, CTX_REG, 0));
                e.mov(CTX_REG, 1);
            }
        }
        block(function.getBody());
        popScope();
        if (e.reachable()) {
            e.line = Compiler.endLine(function);
            e.movImm(0, 0);
            e.exit();
        }
        return e.finish(function.getName());
    }

    /** The lddw slots of the compiled program that load extern addresses. */
    Map<Integer, String> externs() {
        return e.externs();
    }

    // ---------------------------------------------------------------- statements

    private void pushScope() {
        scopes.push(new LinkedHashMap<>());
        scopeFrames.push(frame);
    }

    private void popScope() {
        for (Local l : scopes.pop().values()) {
            if (l.reg != CTX_REG && l.reg >= 0) {
                localRegBusy[l.reg] = false;
            }
        }
        frame = scopeFrames.pop();
    }

    private void block(Block b) {
        pushScope();
        for (Statement s : b.getStatements()) {
            statement(s);
        }
        popScope();
    }

    private void statement(Statement s) {
        e.line = Compiler.line(s);
        if (s instanceof Block b) {
            block(b);
        } else if (s instanceof LocalDecl d) {
            declare(d);
        } else if (s instanceof ExpressionStatement x) {
            if (x.getExpression() != null) {
                discard(x.getExpression());
            }
        } else if (s instanceof IfStatement i) {
            Emitter.Label otherwise = new Emitter.Label();
            branch(i.getCondition(), otherwise, false);
            statement(i.getThen());
            if (i.getElse() != null) {
                Emitter.Label end = new Emitter.Label();
                e.jump(end);
                e.bind(otherwise);
                statement(i.getElse());
                e.bind(end);
            } else {
                e.bind(otherwise);
            }
        } else if (s instanceof ForStatement f) {
            forLoop(f);
        } else if (s instanceof BreakStatement) {
            if (loops.isEmpty()) {
                throw CompileException.type(s, "break outside a loop");
            }
            e.jump(loops.peek().exit);
        } else if (s instanceof ContinueStatement) {
            if (loops.isEmpty()) {
                throw CompileException.type(s, "continue outside a loop");
            }
            e.jump(loops.peek().next);
        } else if (s instanceof ReturnStatement r && !inlines.isEmpty()) {
            Inline in = inlines.peek();
            if (r.getValue() != null) {
                Val v = value(r.getValue());
                if (in.result >= 0) {
                    convert(v, in.returnType, r.getValue());
                    e.mov(in.result, v.reg);
                }
                free(v);
            } else if (in.result >= 0) {
                e.movImm(in.result, 0);
            }
            e.jump(in.end);
        } else if (s instanceof ReturnStatement r) {
            if (r.getValue() != null) {
                Val v = value(r.getValue());
                convert(v, returnType, r.getValue());
                e.mov(0, v.reg);
                free(v);
            } else {
                e.movImm(0, 0);
            }
            e.exit();
        } else {
            throw CompileException.unsupported(s, Compiler.construct(s));
        }
    }

    private void forLoop(ForStatement f) {
        pushScope();
        if (f.getInit() != null) {
            declare(f.getInit());
        } else if (f.getInitExpression() != null) {
            discard(f.getInitExpression());
        }
        Emitter.Label head = new Emitter.Label();
        Emitter.Label next = new Emitter.Label();
        Emitter.Label exit = new Emitter.Label();
        e.bind(head);
        if (f.getCondition() != null) {
            e.line = Compiler.line(f.getCondition());
            branch(f.getCondition(), exit, false);
        }
        loops.push(new Loop(exit, next));
        statement(f.getBody());
        loops.pop();
        e.bind(next);
        if (f.getStep() != null) {
            e.line = Compiler.line(f.getStep());
            discard(f.getStep());
        }
        e.jump(head);
        e.bind(exit);
        popScope();
    }

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
            if (Compiler.isArray(decl)) {
                throw CompileException.unsupported(decl, "a local array");
            }
            CType t = unit.types.of(d.getType(), decl.getPointers());
            if (t.kind() == CType.Kind.VOID) {
                throw CompileException.type(decl, "variable '" + decl.getName() + "' declared void");
            }
            if (t.kind() == CType.Kind.STRUCT) {
                throw CompileException.unsupported(decl, "a struct variable (use a pointer)");
            }
            if (scopes.peek().containsKey(decl.getName())) {
                throw CompileException.type(decl, "'" + decl.getName() + "' is already declared in this scope");
            }
            Val v;
            if (id.getInit() == null) {
                v = new Val(temp(decl), t);
                e.movImm(v.reg, 0);
            } else if (id.getInit() instanceof ExpressionInit x) {
                v = value(x.getValue());
                convert(v, t, x.getValue());
            } else {
                throw CompileException.unsupported(id.getInit(), "a brace initializer");
            }
            Local local = allocate(decl.getName(), t, decl);
            store(new LValue(local, -1, 0, t), v.reg);
            free(v);
            scopes.peek().put(decl.getName(), local);
        }
    }

    private Local allocate(String name, CType t, EObject node) {
        for (int r : LOCAL_REGS) {
            if (!localRegBusy[r]) {
                localRegBusy[r] = true;
                return new Local(name, t, r, 0);
            }
        }
        return new Local(name, t, -1, slot(node));
    }

    /** A fresh 8-byte stack slot: its distance below r10. */
    private int slot(EObject node) {
        frame += 8;
        if (frame > STACK_FRAME_SIZE) {
            throw new CompileException(node, Compiler.UNSUPPORTED, "the function needs more than " + STACK_FRAME_SIZE
                    + " bytes of stack for its locals and temporaries");
        }
        return frame;
    }

    // ---------------------------------------------------------------- registers

    private int temp(EObject node) {
        for (int r : TEMPS) {
            if (!busy[r]) {
                busy[r] = true;
                return r;
            }
        }
        throw CompileException.unsupported(node, "an expression this deeply nested (more than " + TEMPS.length
                + " values live at once)");
    }

    private void free(Val v) {
        if (v.reg >= 0) {
            busy[v.reg] = false;
        }
    }

    private void discard(Expression x) {
        free(expr(x));
    }

    /** The type of an expression, without emitting its code. */
    private CType typeOf(Expression x) {
        Emitter saved = e;
        boolean[] savedBusy = busy.clone();
        int savedFrame = frame;
        e = new Emitter();
        try {
            return expr(x).type;
        } finally {
            e = saved;
            busy = savedBusy;
            frame = savedFrame;
        }
    }

    // ---------------------------------------------------------------- conversions

    /** A non-void value. */
    private Val value(Expression x) {
        Val v = expr(x);
        if (v.reg < 0 || v.type.kind() == CType.Kind.STRUCT) {
            throw CompileException.type(x, "expression of type " + v.type + " used as a value");
        }
        return v;
    }

    /** Converts v in place to type to (as C's assignment and casts do). */
    private Val convert(Val v, CType to, EObject node) {
        CType from = v.type;
        if (to.kind() == CType.Kind.BOOL) {
            if (from.kind() != CType.Kind.BOOL) {
                Emitter.Label zero = new Emitter.Label();
                e.jumpIfImm(JMP_JEQ, v.reg, 0, zero);
                e.movImm(v.reg, 1);
                e.bind(zero);
            }
        } else if (to.isPointer()) {
            if (!from.isPointer() && !from.isArithmetic()) {
                throw CompileException.type(node, "cannot convert " + from + " to " + to);
            }
        } else if (to.kind() == CType.Kind.INT) {
            if (!from.isScalar()) {
                throw CompileException.type(node, "cannot convert " + from + " to " + to);
            }
            boolean fits = from.kind() == CType.Kind.BOOL || from.size() == to.size() && from.signed() == to.signed()
                    || from.size() < to.size() && (!from.signed() || to.signed()) || to.size() == 8;
            if (!fits) {
                normalize(v.reg, to);
            }
        } else {
            throw CompileException.type(node, "cannot convert " + from + " to " + to);
        }
        return new Val(v.reg, to);
    }

    /** Truncates the 64 bits of reg to type t and extends them back (zero or sign). */
    private void normalize(int reg, CType t) {
        if (t.kind() == CType.Kind.BOOL || t.size() == 8) {
            return;
        }
        if (t.signed()) {
            int shift = 64 - 8 * t.size();
            e.alu64Imm(ALU_LSH, reg, shift);
            e.alu64Imm(ALU_ARSH, reg, shift);
        } else if (t.size() == 4) {
            e.alu32(ALU_MOV, reg, reg, 0);
        } else {
            e.alu64Imm(ALU_AND, reg, t.size() == 1 ? 0xff : 0xffff);
        }
    }

    // ---------------------------------------------------------------- expressions

    private Val expr(Expression x) {
        if (x instanceof ParenExpression p) {
            return expr(p.getInner());
        }
        if (x instanceof NumberLiteral n) {
            Literals.Literal lit = Literals.number(n);
            int r = temp(x);
            e.movImm(r, lit.value());
            return new Val(r, lit.type());
        }
        if (x instanceof CharLiteral c) {
            int r = temp(x);
            e.movImm(r, Literals.character(c));
            return new Val(r, CType.INT);
        }
        if (x instanceof BoolLiteral b) {
            int r = temp(x);
            e.movImm(r, "true".equals(b.getValue()) ? 1 : 0);
            return new Val(r, CType.INT);
        }
        if (x instanceof StringLiteral) {
            throw CompileException.unsupported(x, "a string literal");
        }
        if (x instanceof NameExpression n) {
            return name(n);
        }
        if (x instanceof BinaryExpression b) {
            return switch (b.getOp()) {
                case "&&", "||", "==", "!=", "<", ">", "<=", ">=" -> boolValue(b);
                default -> arith(b.getOp(), value(b.getLeft()), value(b.getRight()), b);
            };
        }
        if (x instanceof UnaryExpression u) {
            return unary(u);
        }
        if (x instanceof PostfixExpression p) {
            return increment(p.getOperand(), p.getOp(), false, p);
        }
        if (x instanceof AssignmentExpression a) {
            return assign(a);
        }
        if (x instanceof ConditionalExpression c) {
            return conditional(c);
        }
        if (x instanceof CastExpression c) {
            return cast(c);
        }
        if (x instanceof CallExpression c) {
            return call(c);
        }
        if (x instanceof MemberExpression m) {
            LValue lv = member(m);
            load(lv, lv.base);
            return new Val(lv.base, lv.type);
        }
        if (x instanceof CommaExpression c) {
            discard(c.getLeft());
            return expr(c.getRight());
        }
        if (x instanceof SizeofExpression s) {
            CType t = s.getType() != null ? unit.types.of(s.getType()) : typeOf(s.getOperand());
            if (t.kind() == CType.Kind.VOID) {
                throw CompileException.type(s, "sizeof of void");
            }
            int r = temp(x);
            e.movImm(r, t.size());
            return new Val(r, CType.U64);
        }
        if (x instanceof IndexExpression) {
            throw CompileException.unsupported(x, "array indexing");
        }
        throw CompileException.unsupported(x, Compiler.construct(x));
    }

    private Val name(NameExpression n) {
        String name = n.getName();
        Local l = lookup(name);
        if (l != null) {
            int r = temp(n);
            load(new LValue(l, -1, 0, l.type), r);
            return new Val(r, l.type);
        }
        Define d = unit.defines.get(name);
        if (d != null) {
            if (!expanding.add(name)) {
                throw CompileException.type(n, "#define " + name + " refers to itself");
            }
            try {
                return expr(d.getValue());
            } finally {
                expanding.remove(name);
            }
        }
        if (unit.externs.containsKey(name)) {
            LValue lv = externLValue(n);
            if (!lv.type.isScalar()) {
                throw CompileException.type(n, "extern '" + name + "' is a " + lv.type + ": read its fields with '.'");
            }
            load(lv, lv.base);
            return new Val(lv.base, lv.type);
        }
        Long en = unit.enumerators.get(name);
        if (en != null) {
            int r = temp(n);
            e.movImm(r, en);
            return new Val(r, en == (int) (long) en ? CType.INT : CType.S64);
        }
        Long c = Compiler.ABI_CONSTANTS.get(name);
        if (c != null) {
            int r = temp(n);
            e.movImm(r, c);
            return new Val(r, c == (int) (long) c ? CType.INT : CType.S64);
        }
        String other = unit.otherNames.get(name);
        if (other != null) {
            throw CompileException.unsupported(n, other + " '" + name + "'");
        }
        throw new CompileException(n, Compiler.NAME, "'" + name + "' is not declared: not a local, a parameter, a #define "
                + "or a constant of hyperupcall.h");
    }

    private Local lookup(String name) {
        for (Map<String, Local> s : scopes) {
            Local l = s.get(name);
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    private Val unary(UnaryExpression u) {
        switch (u.getOp()) {
            case "++", "--" -> {
                return increment(u.getOperand(), u.getOp(), true, u);
            }
            case "!" -> {
                return boolValue(u);
            }
            case "&" -> throw CompileException.unsupported(u, "taking an address (&)");
            case "*" -> {
                LValue lv = deref(u);
                load(lv, lv.base);
                return new Val(lv.base, lv.type);
            }
            default -> {
                Val v = value(u.getOperand());
                arithmeticOperand(v, u);
                CType t = v.type.promoted();
                convert(v, t, u);
                if (u.getOp().equals("-")) {
                    e.emit(CLS_ALU64 | ALU_NEG, v.reg, 0, 0, 0);
                } else if (u.getOp().equals("~")) {
                    e.alu64Imm(ALU_XOR, v.reg, -1);
                }
                normalize(v.reg, t);
                return new Val(v.reg, t);
            }
        }
    }

    private void arithmeticOperand(Val v, EObject node) {
        if (!v.type.isArithmetic()) {
            free(v);
            if (v.type.isPointer()) {
                throw CompileException.unsupported(node, "pointer arithmetic");
            }
            throw CompileException.type(node, "operand of type " + v.type + " where an integer is needed");
        }
    }

    /** l op r with C's conversions; the result replaces l. */
    private Val arith(String op, Val l, Val r, EObject node) {
        arithmeticOperand(l, node);
        arithmeticOperand(r, node);
        boolean shift = op.equals("<<") || op.equals(">>");
        CType t = shift ? l.type.promoted() : CType.common(l.type, r.type);
        convert(l, t, node);
        convert(r, shift ? r.type.promoted() : t, node);
        boolean wide = t.size() == 8;
        int signedOffset = t.signed() ? 1 : 0;
        int aluOp = switch (op) {
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
        int offset = aluOp == ALU_DIV || aluOp == ALU_MOD ? signedOffset : 0;
        if (wide) {
            e.emit(CLS_ALU64 | aluOp | SRC_X, l.reg, r.reg, offset, 0);
        } else {
            e.alu32(aluOp, l.reg, r.reg, offset);
            normalize(l.reg, t);
        }
        free(r);
        return new Val(l.reg, t);
    }

    /** 0 or 1 in a register, from a condition. */
    private Val boolValue(Expression x) {
        int r = temp(x);
        Emitter.Label done = new Emitter.Label();
        e.movImm(r, 1);
        branch(x, done, true);
        e.movImm(r, 0);
        e.bind(done);
        return new Val(r, CType.INT);
    }

    private static Expression strip(Expression x) {
        while (x instanceof ParenExpression p) {
            x = p.getInner();
        }
        return x;
    }

    /** Jumps to target when x is true (when = true) or false (when = false); falls through otherwise. */
    private void branch(Expression x, Emitter.Label target, boolean when) {
        x = strip(x);
        if (x instanceof UnaryExpression u && u.getOp().equals("!")) {
            branch(u.getOperand(), target, !when);
            return;
        }
        if (x instanceof BinaryExpression b) {
            String op = b.getOp();
            if (op.equals("&&") || op.equals("||")) {
                boolean and = op.equals("&&");
                if (and != when) {
                    // && jumping when false, || jumping when true: either operand decides.
                    branch(b.getLeft(), target, when);
                    branch(b.getRight(), target, when);
                } else {
                    Emitter.Label skip = new Emitter.Label();
                    branch(b.getLeft(), skip, !when);
                    branch(b.getRight(), target, when);
                    e.bind(skip);
                }
                return;
            }
            if (List.of("==", "!=", "<", ">", "<=", ">=").contains(op)) {
                compare(b, op, target, when);
                return;
            }
        }
        Val v = value(x);
        if (!v.type.isScalar()) {
            throw CompileException.type(x, "a condition must be an integer or a pointer, not " + v.type);
        }
        e.jumpIfImm(when ? JMP_JNE : JMP_JEQ, v.reg, 0, target);
        free(v);
    }

    private void compare(BinaryExpression b, String op, Emitter.Label target, boolean when) {
        Val l = value(b.getLeft());
        Val r = value(b.getRight());
        boolean signed;
        if (l.type.isArithmetic() && r.type.isArithmetic()) {
            CType t = CType.common(l.type, r.type);
            convert(l, t, b);
            convert(r, t, b);
            signed = t.signed();
        } else if (l.type.isScalar() && r.type.isScalar()) {
            signed = false; // pointers compare as addresses
        } else {
            throw CompileException.type(b, "cannot compare " + l.type + " with " + r.type);
        }
        if (!when) {
            op = switch (op) {
                case "==" -> "!=";
                case "!=" -> "==";
                case "<" -> ">=";
                case ">=" -> "<";
                case ">" -> "<=";
                default -> ">";
            };
        }
        int jmp = switch (op) {
            case "==" -> JMP_JEQ;
            case "!=" -> JMP_JNE;
            case "<" -> signed ? JMP_JSLT : JMP_JLT;
            case "<=" -> signed ? JMP_JSLE : JMP_JLE;
            case ">" -> signed ? JMP_JSGT : JMP_JGT;
            default -> signed ? JMP_JSGE : JMP_JGE;
        };
        e.jumpIf(jmp, l.reg, r.reg, target);
        free(l);
        free(r);
    }

    private Val conditional(ConditionalExpression c) {
        CType a = typeOf(c.getThen());
        CType b = typeOf(c.getElse());
        CType t;
        if (a.isArithmetic() && b.isArithmetic()) {
            t = CType.common(a, b);
        } else if (a.isPointer() && b.isPointer() || a.isPointer() && b.isArithmetic()) {
            t = a;
        } else if (a.isArithmetic() && b.isPointer()) {
            t = b;
        } else {
            throw CompileException.type(c, "the branches of ?: have types " + a + " and " + b);
        }
        int r = temp(c);
        Emitter.Label otherwise = new Emitter.Label();
        Emitter.Label end = new Emitter.Label();
        branch(c.getCondition(), otherwise, false);
        Val x = convert(value(c.getThen()), t, c.getThen());
        e.mov(r, x.reg);
        free(x);
        e.jump(end);
        e.bind(otherwise);
        Val y = convert(value(c.getElse()), t, c.getElse());
        e.mov(r, y.reg);
        free(y);
        e.bind(end);
        return new Val(r, t);
    }

    private Val cast(CastExpression c) {
        CType t = unit.types.of(c.getType());
        Val v = expr(c.getOperand());
        if (t.kind() == CType.Kind.VOID) {
            free(v);
            return new Val(-1, CType.VOID);
        }
        if (v.reg < 0) {
            throw CompileException.type(c, "cast of a void value");
        }
        if (t.kind() == CType.Kind.STRUCT) {
            throw CompileException.type(c, "cast to a struct type");
        }
        if (t.isArithmetic() && v.type.isPointer()) {
            return convert(new Val(v.reg, CType.U64), t, c);
        }
        return convert(v, t, c);
    }

    // ---------------------------------------------------------------- lvalues

    private LValue lvalue(Expression x) {
        x = strip(x);
        if (x instanceof NameExpression n) {
            Local l = lookup(n.getName());
            if (l == null && unit.externs.containsKey(n.getName())) {
                LValue lv = externLValue(n);
                if (!lv.type.isScalar()) {
                    throw CompileException.type(n, "extern '" + n.getName() + "' is a " + lv.type + "; assign its fields");
                }
                return lv;
            }
            if (l == null) {
                if (unit.defines.containsKey(n.getName()) || Compiler.ABI_CONSTANTS.containsKey(n.getName())) {
                    throw CompileException.type(n, "'" + n.getName() + "' is a constant; it cannot be assigned");
                }
                name(n); // reports what the name is
                throw CompileException.type(n, "'" + n.getName() + "' cannot be assigned");
            }
            if (l.reg == CTX_REG) {
                throw CompileException.type(n, "the context pointer '" + l.name + "' cannot be assigned");
            }
            return new LValue(l, -1, 0, l.type);
        }
        if (x instanceof MemberExpression m) {
            return member(m);
        }
        if (x instanceof UnaryExpression u && u.getOp().equals("*")) {
            return deref(u);
        }
        throw CompileException.type(x, "this expression cannot be assigned");
    }

    /** p->field: the pointer evaluated into a temporary, the field's offset and type. */
    private LValue member(MemberExpression m) {
        if (!m.isArrow()) {
            Expression target = strip(m.getTarget());
            if (!(target instanceof NameExpression n && lookup(n.getName()) == null && unit.externs.containsKey(n.getName()))) {
                throw CompileException.unsupported(m, "member access on a struct value ('.') other than an extern struct");
            }
            LValue s = externLValue(n);
            if (s.type.kind() != CType.Kind.STRUCT) {
                throw CompileException.type(m, "'." + m.getMember() + "' needs a struct, not " + s.type);
            }
            Field f = s.type.struct().field(m.getMember()).orElseThrow(() -> CompileException.type(m,
                    "struct " + s.type.struct().name() + " has no field '" + m.getMember() + "'"));
            return new LValue(null, s.base, f.offset(), CType.abiScalar(f.cType()));
        }
        Val p = value(m.getTarget());
        if (!p.type.isPointer() || p.type.pointee().kind() != CType.Kind.STRUCT) {
            throw CompileException.type(m, "'->" + m.getMember() + "' needs a pointer to a struct, not " + p.type);
        }
        Field f = p.type.pointee().struct().field(m.getMember()).orElseThrow(() -> CompileException.type(m,
                "struct " + p.type.pointee().struct().name() + " has no field '" + m.getMember() + "'"));
        CType t = CType.abiScalar(f.cType());
        if (t == null) {
            throw CompileException.unsupported(m, "field type " + f.cType());
        }
        return new LValue(null, p.reg, f.offset(), t);
    }

    /** An extern variable: its address loaded (and relocated) into a temporary. */
    private LValue externLValue(NameExpression n) {
        ExternDecl x = unit.externs.get(n.getName());
        if (Compiler.isArray(x.getDeclarator()) || x.getDeclarator().isFunctionPointer()) {
            throw CompileException.unsupported(n, "the extern array '" + n.getName() + "'");
        }
        CType t = unit.types.of(x.getType(), x.getDeclarator().getPointers());
        if (t.kind() == CType.Kind.VOID) {
            throw CompileException.type(n, "extern '" + n.getName() + "' has type void");
        }
        int r = temp(n);
        e.lddwExtern(r, n.getName());
        return new LValue(null, r, 0, t);
    }

    private LValue deref(UnaryExpression u) {
        Val p = value(u.getOperand());
        if (!p.type.isPointer() || !p.type.pointee().isArithmetic()) {
            throw CompileException.type(u, "'*' needs a pointer to an integer, not " + p.type);
        }
        return new LValue(null, p.reg, 0, p.type.pointee());
    }

    private void load(LValue lv, int dst) {
        if (lv.local != null) {
            if (lv.local.reg >= 0) {
                e.mov(dst, lv.local.reg);
            } else {
                e.load(dst, FRAME_POINTER, -lv.local.slot, 8);
            }
            return;
        }
        e.load(dst, lv.base, lv.offset, lv.type.size());
        if (lv.type.signed()) {
            normalize(dst, lv.type);
        }
    }

    private void store(LValue lv, int src) {
        if (lv.local != null) {
            if (lv.local.reg >= 0) {
                e.mov(lv.local.reg, src);
            } else {
                e.store(FRAME_POINTER, -lv.local.slot, src, 8);
            }
            return;
        }
        e.store(lv.base, lv.offset, src, lv.type.size());
    }

    private void release(LValue lv) {
        if (lv.local == null) {
            busy[lv.base] = false;
        }
    }

    private Val assign(AssignmentExpression a) {
        LValue lv = lvalue(a.getTarget());
        Val v;
        if (a.getOp().equals("=")) {
            v = convert(value(a.getValue()), lv.type, a);
        } else {
            Val cur = new Val(temp(a), lv.type);
            load(lv, cur.reg);
            String op = a.getOp().substring(0, a.getOp().length() - 1);
            v = convert(arith(op, cur, value(a.getValue()), a), lv.type, a);
        }
        store(lv, v.reg);
        release(lv);
        return v;
    }

    private Val increment(Expression target, String op, boolean prefix, EObject node) {
        LValue lv = lvalue(target);
        if (!lv.type.isArithmetic()) {
            throw CompileException.unsupported(node, "pointer arithmetic (" + op + " on a pointer)");
        }
        int cur = temp(node);
        load(lv, cur);
        int result = cur;
        if (!prefix) {
            result = temp(node);
            e.mov(result, cur);
        }
        e.alu64Imm(op.equals("++") ? ALU_ADD : ALU_SUB, cur, 1);
        convert(new Val(cur, CType.S64), lv.type, node);
        store(lv, cur);
        release(lv);
        if (!prefix) {
            busy[cur] = false;
        }
        return new Val(result, lv.type);
    }

    // ---------------------------------------------------------------- calls

    private Val call(CallExpression c) {
        if (!(c.getTarget() instanceof NameExpression n)) {
            throw CompileException.unsupported(c, "an indirect call");
        }
        Function callee = unit.functions.get(n.getName());
        if (callee != null) {
            return inline(c, callee);
        }
        HelperSpec h = Helpers.byName(n.getName()).orElse(null);
        if (h == null) {
            throw new CompileException(c, Compiler.NAME, "'" + n.getName() + "' is neither an ABI helper nor a function of this file");
        }
        if (h.localOnly() && event.isGlobal()) {
            throw new CompileException(c, "HUC-HELPER-EVENT", h.name() + " is only allowed in local hyperupcalls; "
                    + event.id() + " is global");
        }
        if (c.getArgs().size() != h.params().size()) {
            throw CompileException.type(c, h.name() + " takes " + h.params().size() + " argument(s), not "
                    + c.getArgs().size() + ": " + h.prototype());
        }
        List<Integer> argSlots = new ArrayList<>();
        int frameBefore = frame;
        for (int i = 0; i < h.params().size(); i++) {
            Expression arg = c.getArgs().get(i);
            String pt = h.params().get(i).cType().replace("const ", "");
            Val v = value(arg);
            if (pt.endsWith("*")) {
                if (!v.type.isScalar()) {
                    throw CompileException.type(arg, "argument " + (i + 1) + " of " + h.name() + " must be a pointer");
                }
            } else {
                convert(v, CType.abiScalar(pt), arg);
            }
            int s = slot(arg);
            e.store(FRAME_POINTER, -s, v.reg, 8);
            free(v);
            argSlots.add(s);
        }
        // Values still live in r0-r5 do not survive the call: keep them on the stack meanwhile.
        List<int[]> saved = new ArrayList<>();
        for (int r : TEMPS) {
            if (busy[r]) {
                int s = slot(c);
                e.store(FRAME_POINTER, -s, r, 8);
                saved.add(new int[] {r, s});
            }
        }
        int result = temp(c);
        for (int i = 0; i < argSlots.size(); i++) {
            e.load(1 + i, FRAME_POINTER, -argSlots.get(i), 8);
        }
        e.call(h.id());
        e.mov(result, 0);
        for (int[] rs : saved) {
            e.load(rs[0], FRAME_POINTER, -rs[1], 8);
        }
        frame = frameBefore;
        CType t = CType.abiScalar(h.returnType());
        return new Val(result, t == null ? CType.S64 : t);
    }

    /**
     * A call of a function of the unit, inlined: the arguments are evaluated in the caller, bound
     * to fresh locals, and the body compiled in a scope of its own, its returns jumping to the end.
     */
    private Val inline(CallExpression c, Function f) {
        if (f.getBody() == null) {
            throw new CompileException(c, Compiler.NAME, "function '" + f.getName() + "' is declared but never defined");
        }
        if (f.getSection() != null) {
            throw CompileException.unsupported(c, "a call of entry point '" + f.getName() + "'");
        }
        if (inlines.size() >= 8 || inlines.stream().anyMatch(i -> i.function == f)) {
            throw new CompileException(c, "HUC-RECURSION", "calls nest too deeply or recursively at '" + f.getName() + "'");
        }
        List<Param> params = Compiler.params(f);
        if (c.getArgs().size() != params.size()) {
            throw CompileException.type(c, f.getName() + " takes " + params.size() + " argument(s), not " + c.getArgs().size());
        }
        List<Val> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            CType t = Compiler.paramType(unit.types, params.get(i));
            args.add(convert(value(c.getArgs().get(i)), t, c.getArgs().get(i)));
        }
        CType returnType = unit.types.of(f.getType(), f.getPointers());
        if (returnType.kind() == CType.Kind.STRUCT) {
            throw CompileException.unsupported(f, "a function returning a struct");
        }
        int result = returnType.kind() == CType.Kind.VOID ? -1 : temp(c);
        Emitter.Label end = new Emitter.Label();
        Deque<Map<String, Local>> callerScopes = scopes;
        Deque<Loop> callerLoops = loops;
        int callerLine = e.line;
        scopes = new ArrayDeque<>();
        loops = new ArrayDeque<>();
        inlines.push(new Inline(f, returnType, result, end));
        try {
            pushScope();
            for (int i = 0; i < params.size(); i++) {
                Val a = args.get(i);
                String name = Compiler.paramName(params.get(i));
                if (name != null) {
                    Local local = allocate(name, a.type, params.get(i));
                    store(new LValue(local, -1, 0, a.type), a.reg);
                    scopes.peek().put(name, local);
                }
                free(a);
            }
            block(f.getBody());
            popScope();
            if (e.reachable() && result >= 0) {
                e.movImm(result, 0); // fell off the end of a non-void function
            }
            e.bind(end);
        } finally {
            inlines.pop();
            scopes = callerScopes;
            loops = callerLoops;
            e.line = callerLine;
        }
        return new Val(result, returnType);
    }
}
