package org.hyperupcall.lang.compiler;

/** One run of a compiled program: r0 at exit, or the fault that stopped it; instructions executed. */
public record RunResult(long r0, String fault, long instructions) {
    public boolean ok() {
        return fault == null;
    }
}
