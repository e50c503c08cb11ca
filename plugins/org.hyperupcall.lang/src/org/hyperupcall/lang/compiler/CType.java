package org.hyperupcall.lang.compiler;

import java.util.List;
import java.util.Optional;

import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.Struct;

/**
 * A HUC type as the compiler sees it: void, an integer of 1..8 bytes (signed or not; bool is the
 * unsigned byte that holds only 0 or 1), a pointer, a fixed-size array ({@code count} elements of
 * {@code pointee}; -1 when the size is not declared, as in {@code extern struct page mem_map[]}),
 * or a struct or union ({@code aggregate}).
 *
 * <p>Integers live in 64-bit registers normalized to their type: zero-extended when unsigned,
 * sign-extended when signed.
 */
public record CType(Kind kind, int size, boolean signed, CType pointee, Aggregate aggregate, int count) {

    /** The shapes of types. */
    public enum Kind {
        VOID, INT, BOOL, POINTER, ARRAY, STRUCT
    }

    /** A member of a struct or union at its byte offset. */
    public record Member(String name, CType type, int offset) {
    }

    /** A struct or union: its layout by C's rules (each member aligned to its own alignment). */
    public record Aggregate(String name, boolean union, int size, int align, List<Member> members) {
        public Optional<Member> member(String name) {
            return members.stream().filter(m -> m.name().equals(name)).findFirst();
        }

        /** The layout of an ABI structure of hyperupcall.h. */
        static Aggregate of(Struct s) {
            List<Member> ms = new java.util.ArrayList<>();
            int align = 1;
            for (Field f : s.fields()) {
                CType t = abiScalar(f.cType());
                if (t == null) {
                    throw new IllegalStateException("ABI field type " + f.cType());
                }
                ms.add(new Member(f.name(), t, f.offset()));
                align = Math.max(align, t.align());
            }
            return new Aggregate(s.name(), false, s.size(), align, List.copyOf(ms));
        }
    }

    public static final CType VOID = new CType(Kind.VOID, 0, false, null, null, 0);
    public static final CType BOOL = new CType(Kind.BOOL, 1, false, null, null, 0);
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
        return new CType(Kind.INT, size, signed, null, null, 0);
    }

    public static CType pointerTo(CType t) {
        return new CType(Kind.POINTER, 8, false, t, null, 0);
    }

    /** An array of count elements (count -1: size not declared). */
    public static CType arrayOf(CType element, int count) {
        return new CType(Kind.ARRAY, count < 0 ? 0 : element.size * count, false, element, null, count);
    }

    public static CType struct(Aggregate a) {
        return new CType(Kind.STRUCT, a.size(), false, null, a, 0);
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

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    public boolean isStruct() {
        return kind == Kind.STRUCT;
    }

    /** Integers, bool and pointers: what a condition may test. */
    public boolean isScalar() {
        return isArithmetic() || isPointer();
    }

    /** The alignment C gives the type. */
    public int align() {
        return switch (kind) {
            case ARRAY -> pointee.align();
            case STRUCT -> aggregate.align();
            case VOID -> 1;
            default -> size;
        };
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

    /** The value k converted to this integer type (truncated, then zero- or sign-extended to 64 bits). */
    public long normalize(long k) {
        if (kind == Kind.BOOL) {
            return k != 0 ? 1 : 0;
        }
        if (kind != Kind.INT || size == 8) {
            return k;
        }
        int shift = 64 - 8 * size;
        return signed ? (k << shift) >> shift : (k << shift) >>> shift;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case VOID -> "void";
            case BOOL -> "bool";
            case INT -> (signed ? "s" : "u") + (size * 8);
            case POINTER -> pointee + " *";
            case ARRAY -> pointee + "[" + (count < 0 ? "" : count) + "]";
            case STRUCT -> (aggregate.union() ? "union " : "struct ") + aggregate.name();
        };
    }
}
