package org.hyperupcall.verifier;

import java.util.Arrays;

/**
 * The abstract machine state at one instruction: registers, and per call frame the stack (which
 * bytes were written, and registers spilled to 8-byte slots) and what the caller keeps (r6-r9 and
 * the return slot). Copied when paths fork; never shared between paths once modified.
 */
final class State {
    static final int FRAME = 512;

    /** One stack frame. */
    static final class Frame {
        /** Values spilled to the 64 aligned 8-byte slots (slot k = bytes [-(k+1)*8, -k*8)), or null. */
        final Value[] spills = new Value[FRAME / 8];
        /** Bit b set when byte -(b+1) of the frame has been written. */
        final long[] written = new long[FRAME / 64];
        /**
         * Bytes known to hold a constant, per slot: bit i of known[k] set when byte i (from the slot's
         * lowest address) of slot k holds the byte i of bytes[k]. Narrow stores of constants and the
         * narrow loads that read them back stay exact.
         */
        final byte[] known = new byte[FRAME / 8];
        final long[] bytes = new long[FRAME / 8];
        /** Caller's r6-r9, saved across the call that opened this frame. */
        Value[] callerSaved;
        /** Slot to return to when this frame exits (-1 in the outermost frame). */
        int returnPc = -1;

        Frame copy() {
            Frame f = new Frame();
            System.arraycopy(spills, 0, f.spills, 0, spills.length);
            System.arraycopy(written, 0, f.written, 0, written.length);
            System.arraycopy(known, 0, f.known, 0, known.length);
            System.arraycopy(bytes, 0, f.bytes, 0, bytes.length);
            f.callerSaved = callerSaved == null ? null : callerSaved.clone();
            f.returnPc = returnPc;
            return f;
        }

        boolean isWritten(int byteIndex) {
            return (written[byteIndex >> 6] & (1L << (byteIndex & 63))) != 0;
        }

        void markWritten(int byteIndex) {
            written[byteIndex >> 6] |= 1L << (byteIndex & 63);
        }

        void clearWritten(int byteIndex) {
            written[byteIndex >> 6] &= ~(1L << (byteIndex & 63));
        }

        boolean within(Frame o) {
            for (int i = 0; i < written.length; i++) {
                if ((o.written[i] & ~written[i]) != 0) {
                    return false; // o knows more bytes are written
                }
            }
            for (int k = 0; k < spills.length; k++) {
                Value mine = spills[k];
                Value theirs = o.spills[k];
                if (theirs == null) {
                    if (mine != null && mine.isPointer()) {
                        return false; // the old path read scalar bytes here, this one would read a pointer
                    }
                } else if (mine == null || !mine.within(theirs)) {
                    return false;
                }
            }
            for (int k = 0; k < known.length; k++) {
                int theirs = o.known[k] & 0xff;
                if (theirs != 0) {
                    long mask = byteMask(theirs);
                    if ((known[k] & theirs) != theirs || ((bytes[k] ^ o.bytes[k]) & mask) != 0) {
                        return false; // o's verdict used byte values this state does not have
                    }
                }
            }
            if (returnPc != o.returnPc) {
                return false;
            }
            if (callerSaved != null) {
                for (int i = 0; i < callerSaved.length; i++) {
                    if (!callerSaved[i].within(o.callerSaved[i])) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** The 64-bit mask of the bytes whose bits are set in an 8-bit byte mask. */
    static long byteMask(int bits) {
        long m = 0;
        for (int i = 0; i < 8; i++) {
            if ((bits & (1 << i)) != 0) {
                m |= 0xffL << (8 * i);
            }
        }
        return m;
    }

    final Value[] regs = new Value[11];
    Frame[] frames;

    private State() {
    }

    static State entry(Value r1) {
        State s = new State();
        Arrays.fill(s.regs, Value.UNINIT);
        s.regs[1] = r1;
        s.regs[10] = Value.stack(0, 0, 0);
        s.frames = new Frame[] {new Frame()};
        return s;
    }

    State copy() {
        State s = new State();
        System.arraycopy(regs, 0, s.regs, 0, regs.length);
        s.frames = new Frame[frames.length];
        for (int i = 0; i < frames.length; i++) {
            s.frames[i] = frames[i].copy();
        }
        return s;
    }

    int depth() {
        return frames.length - 1;
    }

    Frame top() {
        return frames[frames.length - 1];
    }

    /** Whether every concrete state this one stands for is also one of {@code o}'s (so o's verdict covers it). */
    boolean within(State o) {
        return within(o, 0);
    }

    /**
     * Whether this state is within o, where the registers in {@code imprecise} (bit r) only need to
     * be numbers where o has a number: their values did not matter to o's verdict.
     */
    boolean within(State o, int imprecise) {
        if (frames.length != o.frames.length) {
            return false;
        }
        for (int r = 0; r < regs.length; r++) {
            Value theirs = o.regs[r];
            if ((imprecise & (1 << r)) != 0 && theirs.isScalar()) {
                if (!regs[r].isScalar()) {
                    return false;
                }
            } else if (!regs[r].within(theirs)) {
                return false;
            }
        }
        for (int i = 0; i < frames.length; i++) {
            if (!frames[i].within(o.frames[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A state that covers both w (a loop invariant) and s (a state coming back around the loop):
     * the join of every value, or with {@code far} each bound that moved goes to its end (so that
     * a few widenings reach a fixpoint). Null when they cannot be joined (a pointer in one and a
     * number in the other, different frames).
     */
    static State widen(State w, State s, boolean far) {
        if (w.frames.length != s.frames.length) {
            return null;
        }
        State r = w.copy();
        for (int i = 0; i < r.regs.length; i++) {
            Value v = Value.widen(w.regs[i], s.regs[i], far);
            if (v == null) {
                return null;
            }
            r.regs[i] = v;
        }
        for (int k = 0; k < r.frames.length; k++) {
            Frame a = w.frames[k];
            Frame b = s.frames[k];
            Frame f = r.frames[k];
            if (a.returnPc != b.returnPc) {
                return null;
            }
            for (int i = 0; i < f.written.length; i++) {
                f.written[i] = a.written[i] & b.written[i];
            }
            for (int i = 0; i < f.known.length; i++) {
                int both = a.known[i] & b.known[i] & 0xff;
                for (int j = 0; j < 8; j++) {
                    if ((both & (1 << j)) != 0 && ((a.bytes[i] ^ b.bytes[i]) & (0xffL << (8 * j))) != 0) {
                        both &= ~(1 << j); // known in both, but different
                    }
                }
                f.known[i] = (byte) both;
                f.bytes[i] = a.bytes[i] & byteMask(both);
            }
            for (int i = 0; i < f.spills.length; i++) {
                Value x = a.spills[i];
                Value y = b.spills[i];
                if (x == null && y == null) {
                    continue;
                }
                if (x == null || y == null) {
                    if ((x != null && x.isPointer()) || (y != null && y.isPointer())) {
                        return null;
                    }
                    f.spills[i] = null;
                    continue;
                }
                Value v = Value.widen(x, y, far);
                if (v == null || v.kind == Value.Kind.UNINIT) {
                    return null;
                }
                f.spills[i] = v;
            }
            if (a.callerSaved != null) {
                for (int i = 0; i < a.callerSaved.length; i++) {
                    Value v = Value.widen(a.callerSaved[i], b.callerSaved[i], far);
                    if (v == null) {
                        return null;
                    }
                    f.callerSaved[i] = v;
                }
            }
        }
        return r;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < regs.length; r++) {
            if (regs[r].kind != Value.Kind.UNINIT) {
                sb.append(sb.length() == 0 ? "" : " ").append('r').append(r).append('=').append(regs[r]);
            }
        }
        Frame f = top();
        for (int k = 0; k < f.spills.length; k++) {
            if (f.spills[k] != null) {
                sb.append(" fp-").append((k + 1) * 8).append('=').append(f.spills[k]);
            }
        }
        if (depth() > 0) {
            sb.append(" (frame ").append(depth()).append(')');
        }
        return sb.toString();
    }
}
