package org.hyperupcall.verifier;

/**
 * The abstract value of a register or stack slot: uninitialised, a scalar known to lie in an
 * unsigned and a signed interval with some low bits known to be zero, or a pointer to the context
 * or to a stack frame with an offset interval. Immutable.
 */
final class Value {
    enum Kind { UNINIT, SCALAR, CTX, STACK }

    static final Value UNINIT = new Value(Kind.UNINIT, 0, 0, 0, 0, 0, 0);
    static final Value UNKNOWN = new Value(Kind.SCALAR, 0, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0, 0);

    final Kind kind;
    /** Scalars: unsigned bounds. */
    final long umin;
    final long umax;
    /** Scalars: signed bounds. Pointers: the offset interval. */
    final long smin;
    final long smax;
    /** Low bits known to be zero (scalars: of the value; pointers: of the offset). */
    final int align;
    /** Stack pointers: the frame (call depth) they point into. */
    final int frame;
    /**
     * The instruction the value comes from (a load, a helper call, a constant), carried through
     * moves and arithmetic for error messages, or -1; no part of the value (equals and within
     * ignore it).
     */
    final int origin;

    private Value(Kind kind, long umin, long umax, long smin, long smax, int align, int frame) {
        this(kind, umin, umax, smin, smax, align, frame, -1);
    }

    private Value(Kind kind, long umin, long umax, long smin, long smax, int align, int frame, int origin) {
        this.origin = origin;
        this.kind = kind;
        this.umin = umin;
        this.umax = umax;
        this.smin = smin;
        this.smax = smax;
        this.align = align;
        this.frame = frame;
    }

    static Value constant(long v) {
        return new Value(Kind.SCALAR, v, v, v, v, v == 0 ? 64 : Long.numberOfTrailingZeros(v), 0);
    }

    /** A scalar in [lo, hi] unsigned (which also bounds it as a signed value when hi >= 0 signed). */
    static Value unsigned(long lo, long hi) {
        return scalar(lo, hi, Long.MIN_VALUE, Long.MAX_VALUE, 0);
    }

    static Value signed(long lo, long hi) {
        return scalar(0, -1L, lo, hi, 0);
    }

    /** A scalar with both intervals and alignment, tightened against each other; null when empty. */
    static Value scalarOrNull(long umin, long umax, long smin, long smax, int align) {
        if (Long.compareUnsigned(umin, umax) > 0 || smin > smax) {
            return null;
        }
        // Where the signed interval does not cross zero it is also an unsigned one, and vice versa.
        if (smin >= 0 || smax < 0) {
            umin = Long.compareUnsigned(umin, smin) > 0 ? umin : smin;
            umax = Long.compareUnsigned(umax, smax) < 0 ? umax : smax;
        }
        if ((umin ^ umax) >= 0) { // same sign bit: the unsigned interval is a signed one
            smin = Math.max(smin, umin);
            smax = Math.min(smax, umax);
        }
        if (Long.compareUnsigned(umin, umax) > 0 || smin > smax) {
            return null;
        }
        if (align > 0 && align < 64) {
            long mask = (1L << align) - 1;
            // Round the bounds inward to the alignment.
            long up = (umin + mask) & ~mask;
            long down = umax & ~mask;
            if (Long.compareUnsigned(up, umin) < 0 || Long.compareUnsigned(up, down) > 0) {
                return null;
            }
            umin = up;
            umax = down;
        }
        if (umin == umax) {
            return constant(umin);
        }
        return new Value(Kind.SCALAR, umin, umax, smin, smax, Math.min(align, 63), 0);
    }

    static Value scalar(long umin, long umax, long smin, long smax, int align) {
        Value v = scalarOrNull(umin, umax, smin, smax, align);
        return v == null ? UNKNOWN : v;
    }

    static Value ctx(long offLo, long offHi) {
        return new Value(Kind.CTX, 0, 0, offLo, offHi, alignOf(offLo, offHi), 0);
    }

    static Value stack(int frame, long offLo, long offHi) {
        return new Value(Kind.STACK, 0, 0, offLo, offHi, alignOf(offLo, offHi), frame);
    }

    private static int alignOf(long lo, long hi) {
        return lo == hi ? (lo == 0 ? 64 : Long.numberOfTrailingZeros(lo)) : 0;
    }

    Value withOffset(long lo, long hi, int newAlign) {
        return new Value(kind, 0, 0, lo, hi, Math.min(newAlign, 63), frame, origin);
    }

    /** The same value, coming from instruction insn. */
    Value withOrigin(int insn) {
        return insn == origin || kind == Kind.UNINIT ? this : new Value(kind, umin, umax, smin, smax, align, frame, insn);
    }

    boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    boolean isPointer() {
        return kind == Kind.CTX || kind == Kind.STACK;
    }

    boolean isConstant() {
        return kind == Kind.SCALAR && umin == umax;
    }

    /** Whether every concrete value this one stands for is also one of {@code o}'s. */
    boolean within(Value o) {
        if (o.kind == Kind.UNINIT) {
            return true; // an unread register: anything will do
        }
        if (kind != o.kind) {
            return false;
        }
        return switch (kind) {
            case UNINIT -> true;
            case SCALAR -> Long.compareUnsigned(umin, o.umin) >= 0 && Long.compareUnsigned(umax, o.umax) <= 0
                    && smin >= o.smin && smax <= o.smax && align >= o.align;
            case CTX, STACK -> frame == o.frame && smin >= o.smin && smax <= o.smax && align >= o.align;
        };
    }

    /** A value covering a and b (see {@link State#widen}), or null when none can. */
    static Value widen(Value a, Value b, boolean far) {
        if (b.within(a)) {
            return a;
        }
        if (b.kind == Kind.UNINIT) {
            return UNINIT; // unset on one path: not readable after the join
        }
        if (a.kind != b.kind || a.frame != b.frame) {
            return null;
        }
        if (a.kind == Kind.SCALAR) {
            long umin = Long.compareUnsigned(b.umin, a.umin) < 0 ? (far ? 0 : b.umin) : a.umin;
            long umax = Long.compareUnsigned(b.umax, a.umax) > 0 ? (far ? -1L : b.umax) : a.umax;
            long smin = b.smin < a.smin ? (far ? Long.MIN_VALUE : b.smin) : a.smin;
            long smax = b.smax > a.smax ? (far ? Long.MAX_VALUE : b.smax) : a.smax;
            return scalar(umin, umax, smin, smax, Math.min(a.align, b.align)).withOrigin(a.origin);
        }
        return new Value(a.kind, 0, 0, Math.min(a.smin, b.smin), Math.max(a.smax, b.smax), Math.min(a.align, b.align), a.frame, a.origin);
    }

    @Override
    public boolean equals(Object x) {
        return x instanceof Value v && v.kind == kind && v.umin == umin && v.umax == umax && v.smin == smin && v.smax == smax
                && v.align == align && v.frame == frame;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, umin, umax, smin, smax, align, frame);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNINIT -> "?";
            case SCALAR -> isConstant() ? (umin >= -4096 && umin <= 4096 ? Long.toString(umin) : "0x" + Long.toHexString(umin))
                    : scalarText();
            case CTX -> "ctx" + offsetText();
            case STACK -> "fp" + (frame == 0 ? "" : "@" + frame) + offsetText();
        };
    }

    private String scalarText() {
        StringBuilder sb = new StringBuilder("scalar(");
        boolean any = false;
        if (umin != 0 || umax != -1L) {
            sb.append("u:").append(Long.toUnsignedString(umin)).append("..").append(Long.toUnsignedString(umax));
            any = true;
        }
        if (smin != Long.MIN_VALUE || smax != Long.MAX_VALUE) {
            sb.append(any ? "," : "").append("s:").append(smin).append("..").append(smax);
            any = true;
        }
        if (align > 0) {
            sb.append(any ? "," : "").append("align:").append(1L << Math.min(align, 62));
        }
        return sb.append(')').toString();
    }

    private String offsetText() {
        if (smin == smax) {
            return smin == 0 ? "" : (smin > 0 ? "+" : "") + smin;
        }
        return "[" + smin + ".." + smax + "]";
    }
}
