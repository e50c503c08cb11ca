package org.hyperupcall.ebpf.isa;

/** A program the loader refuses: unknown opcode, bad field, jump out of range... */
public final class InvalidProgramException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int index;

    public InvalidProgramException(int index, String message) {
        super(message);
        this.index = index;
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
