package org.hyperupcall.lang.compiler;

import org.hyperupcall.abi.Struct;

/**
 * A HUC type as the compiler sees it: void, an integer of 1..8 bytes (signed or not; bool is the
 * unsigned byte that holds only 0 or 1), a pointer, or an ABI structure (only behind a pointer).
 *
 * <p>Integers live in 64-bit registers normalized to their type: zero-extended when unsigned,
 * sign-extended when signed. The code generator keeps that invariant after every operation.
 */
public record CType(Kind kind, int size, boolean signed, CType pointee, Struct struct) {

    /** The shapes of types. */
    public enum Kind {
        VOID, INT, BOOL, POINTER, STRUCT
    }

    public static final CType VOID = new CType(Kind.VOID, 0, false, null, null);
    public static final CType BOOL = new CType(Kind.BOOL, 1, false, null, null);
    public static final CType U8 = integer(1, false);
    public static final CType U16 = integer(2, false);
    public static final CType U32 = integer(4, false);
    public static final CType U64 = integer(8, false);
    public static final CType S8 = integer(1, true);
    public static final CType S16 = integer(2, true);
    public static final CType S32 = integer(4, true);
    public static final CType S64 = integer(8, true);
    /** C's int, the type of comparisons and of most literals. */
    public static final CType INT = S32;

    public static CType integer(int size, boolean signed) {
        return new CType(Kind.INT, size, signed, null, null);
    }

    public static CType pointerTo(CType t) {
        return new CType(Kind.POINTER, 8, false, t, null);
    }

    public static CType struct(Struct s) {
        return new CType(Kind.STRUCT, s.size(), false, null, s);
    }

    /** An ABI scalar type name (u8..u64, s8..s64). */
    public static CType abiScalar(String name) {
        return switch (name) {
            case "u8" -> U8;
            case "u16" -> U16;
            case "u32" -> U32;
            case "u64" -> U64;
            case "s8" -> S8;
            case "s16" -> S16;
            case "s32" -> S32;
            case "s64" -> S64;
            case "long" -> S64;
            default -> null;
        };
    }

    /** Integers and bool: what arithmetic applies to. */
    public boolean isArithmetic() {
        return kind == Kind.INT || kind == Kind.BOOL;
    }

    public boolean isPointer() {
        return kind == Kind.POINTER;
    }

    /** Integers, bool and pointers: what a condition may test. */
    public boolean isScalar() {
        return isArithmetic() || isPointer();
    }

    /** C's integer promotion: types narrower than int become int. */
    public CType promoted() {
        return isArithmetic() && size < 4 ? INT : this;
    }

    /** C's usual arithmetic conversions of two (promoted) integer operands. */
    public static CType common(CType a, CType b) {
        a = a.promoted();
        b = b.promoted();
        if (a.size != b.size) {
            return a.size > b.size ? a : b;
        }
        return a.signed && b.signed ? a : integer(a.size, false);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case VOID -> "void";
            case BOOL -> "bool";
            case INT -> (signed ? "s" : "u") + (size * 8);
            case POINTER -> pointee + " *";
            case STRUCT -> "struct " + struct.name();
        };
    }
}
