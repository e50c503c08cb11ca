package org.hyperupcall.ebpf.isa;

/** A program the loader refuses: unknown opcode, bad field, jump out of range... */
public final class InvalidProgramException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which structural rule the program breaks. */
    public enum Kind {
        /** No instructions at all. */
        EMPTY,
        /** An undefined opcode, a non-zero unused field, a register that does not exist, r10 written. */
        MALFORMED,
        /** A jump or call whose target is outside the program. */
        JUMP_OUT_OF_RANGE,
        /** A jump or call into the second half of an lddw, or an lddw without its second half. */
        LDDW_SPLIT,
        /** A path that runs past the last instruction of a function. */
        FALL_THROUGH,
        /** A register read before any value was written to it on some path. */
        UNINIT_REGISTER
    }

    private final int index;
    private final Kind kind;

    public InvalidProgramException(int index, String message) {
        this(index, Kind.MALFORMED, message);
    }

    public InvalidProgramException(int index, Kind kind, String message) {
        super(message);
        this.index = index;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Index of the offending instruction slot, or -1 when the whole program is at fault. */
    public int index() {
        return index;
    }

    /** "insn N: message", the form every command-line tool prints. */
    public String describe() {
        return index >= 0 ? "insn " + index + ": " + getMessage() : getMessage();
    }
}
