package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;
import static org.hyperupcall.lang.compiler.Expressions.strip;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.compiler.FunctionState.Addr;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.IndexExpression;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Memory: the address of an lvalue (a local on the stack, an extern, a member, a bounds-checked
 * index, a dereference), loads and stores.
 */
final class Addressing extends FunctionPart {
    Addressing(FunctionState state) {
        super(state);
    }

    /** The address of an lvalue expression that lives in memory. */
    Addr address(Expression x) {
        x = strip(x);
        if (x instanceof NameExpression n) {
            Local l = state.lookup(n.getName());
            if (l != null) {
                if (!l.inMemory()) {
                    throw CompileException.unsupported(n, "taking the address of scalar local '" + n.getName()
                            + "' (declare it as a one-element array, or use a struct)");
                }
                return new Addr(FRAME_POINTER, -l.offset(), null, l.type());
            }
            if (unit.externs.containsKey(n.getName())) {
                return externAddr(n);
            }
            expressions.name(n); // reports what the name is
            throw CompileException.type(n, "'" + n.getName() + "' is not in memory");
        }
        if (x instanceof MemberExpression m) {
            Addr base;
            CType st;
            if (m.isArrow()) {
                Val p = expressions.value(m.getTarget());
                if (!p.type().isPointer() || !p.type().pointee().isStruct()) {
                    throw CompileException.type(m, "'->" + m.getMember() + "' needs a pointer to a struct or union, not " + p.type());
                }
                st = p.type().pointee();
                base = new Addr(conversions.reg(p), 0, null, st);
            } else {
                base = address(m.getTarget());
                st = base.type();
                if (!st.isStruct()) {
                    throw CompileException.type(m, "'." + m.getMember() + "' needs a struct or union, not " + st);
                }
            }
            CType.Member f = st.aggregate().member(m.getMember()).orElseThrow(() -> CompileException.type(m,
                    st + " has no member '" + m.getMember() + "'"));
            return base.plus(f.offset(), f.type());
        }
        if (x instanceof IndexExpression ix) {
            Expression target = strip(ix.getTarget());
            CType targetType = expressions.objectType(target);
            Addr base;
            CType element;
            int count;
            if (targetType.isArray()) {
                base = address(target);
                element = targetType.pointee();
                count = targetType.count();
            } else if (targetType.isPointer()) {
                Val p = expressions.value(target);
                element = p.type().pointee();
                base = new Addr(conversions.reg(p), 0, null, element);
                count = -1;
            } else {
                throw CompileException.type(ix, "'[]' needs an array or a pointer, not " + targetType);
            }
            if (element.kind() == CType.Kind.VOID || element.size() == 0) {
                throw CompileException.type(ix, "indexing a pointer to " + element);
            }
            Val i = expressions.value(ix.getIndex());
            expressions.arithmeticOperand(i, ix.getIndex());
            i = conversions.convert(i, CType.S64, ix.getIndex());
            if (i.isConst()) {
                if (count >= 0 && (i.k() < 0 || i.k() >= count)) {
                    throw CompileException.type(ix.getIndex(), "index " + i.k() + " is outside " + targetType + " (0.." + (count - 1) + ")");
                }
                return base.plus(i.k() * element.size(), element);
            }
            if (count >= 0) {
                // The bounds check of an array of declared size: an index outside ends the hyperupcall.
                if (state.outOfBounds == null) {
                    state.outOfBounds = new Ir.Label();
                }
                ir.jumpIfImm(false, JMP_JGE, i.reg(), count, state.outOfBounds);
            }
            Val scaled = expressions.binary("*", i, Val.constant(element.size(), CType.S64), ix);
            int b = baseRegister(base);
            Val sum = expressions.binary("+", new Val(b, CType.U64, false, 0, base.extern() != null, false), scaled, ix);
            return new Addr(sum.reg(), base.extern() != null ? 0 : base.offset(), null, element);
        }
        if (x instanceof UnaryExpression u && u.getOp().equals("*")) {
            Expression operand = strip(u.getOperand());
            // *p++ and *p--: move the pointer first, then address the old place relative to it.
            if (operand instanceof PostfixExpression pf && strip(pf.getOperand()) instanceof NameExpression pn) {
                Local l = state.lookup(pn.getName());
                if (l != null && l.reg() >= 0 && l.constant() == null && l.type().isPointer() && l.type().pointee().size() > 0) {
                    int size = l.type().pointee().size();
                    long step = pf.getOp().equals("++") ? size : -size;
                    ir.alu64Imm(ALU_ADD, l.reg(), step);
                    return new Addr(l.reg(), -step, null, l.type().pointee());
                }
            }
            // *(p + k): the constant goes into the instruction's offset.
            if (operand instanceof BinaryExpression b && (b.getOp().equals("+") || b.getOp().equals("-"))) {
                CType lt = expressions.typeOf(b.getLeft());
                Long k = ConstantFolder.fold(b.getRight(), state);
                if (lt.isPointer() && lt.pointee().size() > 0 && k != null && Math.abs(k) < 1 << 12) {
                    Val p = expressions.value(b.getLeft());
                    long off = (b.getOp().equals("+") ? k : -k) * lt.pointee().size();
                    return new Addr(conversions.reg(p), off, null, lt.pointee());
                }
            }
            Val p = expressions.value(operand);
            if (!p.type().isPointer()) {
                throw CompileException.type(u, "'*' needs a pointer, not " + p.type());
            }
            if (p.type().pointee().kind() == CType.Kind.VOID) {
                throw CompileException.type(u, "dereferencing a void pointer");
            }
            if (p.isConst()) {
                return new Addr(conversions.reg(p), 0, null, p.type().pointee());
            }
            return new Addr(p.reg(), 0, null, p.type().pointee());
        }
        throw CompileException.type(x, "this expression is not in memory");
    }

    /** An extern variable: its address (an lddw the loader relocates). */
    Addr externAddr(NameExpression n) {
        ExternDecl x = unit.externs.get(n.getName());
        if (x.getDeclarator().isFunctionPointer()) {
            throw CompileException.unsupported(n, "the extern function pointer '" + n.getName() + "'");
        }
        CType t = unit.types.declared(x.getType(), x.getDeclarator());
        if (t.kind() == CType.Kind.VOID) {
            throw CompileException.type(n, "extern '" + n.getName() + "' has type void");
        }
        return new Addr(-1, 0, n.getName(), t);
    }

    /** A register holding the base of an address (for an extern: its relocated address plus the offset). */
    int baseRegister(Addr a) {
        if (a.extern() != null) {
            int r = ir.newReg();
            ir.lddwExtern(r, a.extern(), a.offset());
            return r;
        }
        return a.base();
    }

    private int memOffset(Addr a) {
        return a.extern() != null ? 0 : (int) a.offset();
    }

    /** The value at an address; arrays decay to their address, structs stay as addresses. */
    Val load(Addr a, EObject node) {
        if (a.type().isArray()) {
            return addressOf(a, node).as(CType.pointerTo(a.type().pointee()));
        }
        if (a.type().isStruct()) {
            return new Val(addressOf(a, node).reg(), a.type(), false, 0, false, false);
        }
        if (!a.type().isScalar()) {
            throw CompileException.type(node, "a value of type " + a.type());
        }
        checkOffset(a, node);
        int base = baseRegister(a);
        int r = ir.newReg();
        if (a.type().signed() && a.type().size() < 8) {
            ir.loadSigned(r, base, memOffset(a), a.type().size());
        } else {
            ir.load(r, base, memOffset(a), a.type().size());
        }
        return Val.temp(r, a.type());
    }

    private void checkOffset(Addr a, EObject node) {
        if (a.extern() == null && a.offset() != (short) a.offset()) {
            throw CompileException.unsupported(node, "a memory offset of " + a.offset() + " bytes (beyond 16 bits)");
        }
    }

    /** A pointer to the address. */
    Val addressOf(Addr a, EObject node) {
        CType p = CType.pointerTo(a.type());
        if (a.extern() != null) {
            return Val.temp(baseRegister(a), p);
        }
        if (a.offset() == 0 && a.base() != FRAME_POINTER) {
            return new Val(a.base(), p, false, 0, false, false);
        }
        int r = ir.newReg();
        ir.mov(r, a.base());
        ir.alu64Imm(ALU_ADD, r, a.offset());
        return Val.temp(r, p);
    }

    void storeValue(Addr a, Val v, EObject node) {
        if (a.type().isStruct() || a.type().isArray()) {
            throw CompileException.unsupported(node, "assigning a whole " + (a.type().isStruct() ? "struct" : "array"));
        }
        checkOffset(a, node);
        int base = baseRegister(a);
        int size = a.type().size();
        if (v.isConst() && (size < 8 || v.k() == (int) v.k())) {
            ir.storeImm(base, memOffset(a), (int) v.k(), size);
        } else {
            ir.store(base, memOffset(a), conversions.reg(size == 8 ? conversions.clean(v) : v), size);
        }
    }
}
