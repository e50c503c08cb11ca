package org.hyperupcall.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;

/** The benchmark programs of examples/bench (packed into the jar) and generated ones. */
final class BenchPrograms {
    private BenchPrograms() {
    }

    /** examples/bench/NAME.s, assembled. */
    static Program load(String name) {
        try (InputStream in = BenchPrograms.class.getResourceAsStream("/bench/" + name + ".s")) {
            if (in == null) {
                throw new IllegalArgumentException("no benchmark program " + name);
            }
            return Assembler.assemble(name + ".s", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AsmException e) {
            throw new IllegalStateException(name + ".s: " + e.describe(), e);
        }
    }

    /** The memory block each program expects (checksum reads 64 KiB), or null. */
    static byte[] memory(String name) {
        if (!name.equals("checksum")) {
            return null;
        }
        byte[] b = new byte[65536];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** A straight-line program of {@code size} slots mixing ALU operations over r0-r5, ending in exit. */
    static Program straightLine(int size) {
        Instruction[] slots = new Instruction[size];
        for (int r = 0; r < 6 && r < size - 1; r++) {
            slots[r] = new Instruction(Opcodes.CLS_ALU64 | Opcodes.ALU_MOV, r, 0, 0, r * 7 + 1);
        }
        int[] ops = {Opcodes.ALU_ADD, Opcodes.ALU_XOR, Opcodes.ALU_SUB, Opcodes.ALU_OR, Opcodes.ALU_LSH, Opcodes.ALU_MUL};
        for (int i = 6; i < size - 1; i++) {
            int op = ops[i % ops.length];
            boolean reg = i % 3 == 0;
            int dst = i % 6;
            int src = (i + 1) % 6;
            slots[i] = reg ? new Instruction(Opcodes.CLS_ALU64 | Opcodes.SRC_X | op, dst, src, 0, 0)
                    : new Instruction(Opcodes.CLS_ALU64 | op, dst, 0, 0, op == Opcodes.ALU_LSH ? 3 : i);
        }
        slots[size - 1] = new Instruction(Op.EXIT, 0, 0, 0, 0);
        return new Program("straight" + size, slots);
    }
}
