package org.hyperupcall.bench;

import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.Program;

/** The verifier benchmark's programs, all for the vm_exit event. */
public final class VerifierPrograms {
    private VerifierPrograms() {
    }

    /** {@code size} instructions of straight-line arithmetic over r2-r9, ending with r0 = 0. */
    public static Program straightLine(int size) {
        StringBuilder s = new StringBuilder();
        for (int r = 2; r <= 9; r++) {
            s.append("mov %r").append(r).append(", ").append(r * 3).append('\n');
        }
        String[] ops = {"add", "xor", "sub", "or", "mul", "and", "lsh", "rsh"};
        for (int i = 8; i < size - 2; i++) {
            int d = 2 + i % 8;
            s.append(ops[i % ops.length]).append(" %r").append(d).append(", ");
            s.append(i % 3 == 0 ? "%r" + (2 + (i + 3) % 8) : Integer.toString(i % 7 + 1)).append('\n');
        }
        s.append("mov %r0, 0\nexit\n");
        return assemble("straight", s);
    }

    /** {@code diamonds} if/else diamonds on context fields, then r0 = 0. */
    public static Program branchy(int diamonds) {
        StringBuilder s = new StringBuilder("ldxdw %r3, [%r1+16]\n");
        for (int k = 0; k < diamonds; k++) {
            s.append("ldxdw %r4, [%r1+").append(k % 2 == 0 ? 8 : 24).append("]\n");
            s.append("jgt %r4, ").append(k * 37 % 1000).append(", else").append(k).append('\n');
            s.append("add %r3, ").append(k + 1).append('\n');
            s.append("ja end").append(k).append('\n');
            s.append("else").append(k).append(":\nsub %r3, ").append(k + 2).append('\n');
            s.append("end").append(k).append(":\n");
        }
        s.append("mov %r0, 0\nexit\n");
        return assemble("branchy", s);
    }

    /** A loop of {@code iterations} iterations with a constant bound. */
    public static Program loop(int iterations) {
        return assemble("loop", new StringBuilder("mov %r3, 0\nmov %r2, ").append(iterations)
                .append("\nloop:\nadd %r3, %r2\nxor %r3, 5\nsub %r2, 1\njne %r2, 0, loop\nmov %r0, 0\nexit\n"));
    }

    /** A program of bench/verifier-suite/ (the directory in -Dhyperupcall.suite, else relative to the working directory). */
    public static Program suite(String name) {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("hyperupcall.suite", "bench/verifier-suite"), name + ".s");
        try {
            return assemble(name, new StringBuilder(java.nio.file.Files.readString(file)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(file.toAbsolutePath() + ": " + e.getMessage() + " (run from the repository root)", e);
        }
    }

    private static Program assemble(String name, StringBuilder text) {
        try {
            return Assembler.assemble(name, text.toString());
        } catch (AsmException e) {
            throw new IllegalStateException(e.describe(), e);
        }
    }
}
