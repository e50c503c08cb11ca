package org.hyperupcall.ebpf.asm;

/** Assembly text that cannot be assembled; names the 1-based line. */
public final class AsmException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public AsmException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** 1-based line in the assembly text, or 0 when the text as a whole is at fault. */
    public int line() {
        return line;
    }

    /** "line N: message". */
    public String describe() {
        return line > 0 ? "line " + line + ": " + getMessage() : getMessage();
    }
}
