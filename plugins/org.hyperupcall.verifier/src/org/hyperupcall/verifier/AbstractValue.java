package org.hyperupcall.verifier;

/**
 * What the verifier knows of one register at one instruction, joined over the paths it explored
 * there: unset, a number (unsigned and signed bounds, low bits known to be zero; when its bounds lie
 * inside a registered guest region, an address into it), a pointer to the context or into a stack
 * frame (with its offset bounds), or, where paths disagree on that, a number on some and a pointer
 * on others. {@code partial}: unset on some of the paths. {@code allPathsShown} false: some path
 * reaches here with values the verifier did not follow, because it ended earlier on a state already
 * verified that did not need them (what no check reads is not compared).
 */
public record AbstractValue(Kind kind, long umin, long umax, long smin, long smax, int knownZeroLowBits, int frame, String region,
        long regionOffsetMin, long regionOffsetMax, boolean partial, boolean allPathsShown) {

    /** What a register holds. */
    public enum Kind { UNSET, SCALAR, CONTEXT, STACK, MIXED }

    /** Unset on every path. */
    public static final AbstractValue UNSET = new AbstractValue(Kind.UNSET, 0, 0, 0, 0, 0, 0, null, 0, 0, false, true);

    /** The same value, with paths whose values it does not show. */
    public AbstractValue notAllPathsShown() {
        return new AbstractValue(kind, umin, umax, smin, smax, knownZeroLowBits, frame, region, regionOffsetMin, regionOffsetMax, partial, false);
    }

    /** Whether this is a number known exactly. */
    public boolean isConstant() {
        return kind == Kind.SCALAR && umin == umax;
    }

    /** Whether this is a pointer (to the context or the stack); its offset bounds are {@code smin..smax}. */
    public boolean isPointer() {
        return kind == Kind.CONTEXT || kind == Kind.STACK;
    }

    /** In plain words: {@code scalar in [0, 63]}, {@code pointer to the context, offset 16}, {@code address into cpu_tlbstate, offset [0, 56]}. */
    public String describe() {
        String s = switch (kind) {
            case UNSET -> "unset";
            case MIXED -> "a number on some paths, a pointer on others";
            case SCALAR -> scalar();
            case CONTEXT -> "pointer " + (smin == smax ? "to" : "into") + " the context, offset " + range(smin, smax);
            case STACK -> "pointer into the stack" + (frame == 0 ? "" : " (call frame " + frame + ")") + ", " + fp(smin, smax);
        };
        if (partial && kind != Kind.UNSET) {
            s += " (unset on some paths)";
        }
        return allPathsShown ? s : s + " on the paths followed (others, which no check needed, were not)";
    }

    private String scalar() {
        if (region != null) {
            return "address into " + region + ", offset " + range(regionOffsetMin, regionOffsetMax);
        }
        if (umin == umax) {
            return "scalar " + number(umin);
        }
        String bits = knownZeroLowBits > 0 && knownZeroLowBits < 63 ? ", a multiple of " + (1L << knownZeroLowBits) : "";
        if (umax >= 0 && (umin != 0 || umax != -1L)) {
            return "scalar in [" + umin + ", " + umax + "]" + bits;
        }
        if (smin != Long.MIN_VALUE || smax != Long.MAX_VALUE) {
            return "scalar in [" + smin + ", " + smax + "] (signed)" + bits;
        }
        if (umin != 0 || umax != -1L) {
            return "scalar in [" + Long.toUnsignedString(umin) + ", " + Long.toUnsignedString(umax) + "] (unsigned)" + bits;
        }
        return "any scalar" + bits;
    }

    static String number(long v) {
        return v >= -4096 && v <= 1 << 20 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    /** {@code 8} or {@code [0, 56]}. */
    static String range(long lo, long hi) {
        return lo == hi ? Long.toString(lo) : "[" + lo + ", " + hi + "]";
    }

    /** {@code fp-8} or {@code fp-16 .. fp-8}. */
    static String fp(long lo, long hi) {
        return lo == hi ? "fp" + signed(lo) : "fp" + signed(lo) + " .. fp" + signed(hi);
    }

    private static String signed(long v) {
        return v == 0 ? "" : v > 0 ? "+" + v : Long.toString(v);
    }

    @Override
    public String toString() {
        return describe();
    }
}
