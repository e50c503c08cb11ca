package org.hyperupcall.ebpf.isa;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An eBPF program: its instruction slots, the names of its functions and labels (by slot index),
 * and optional source line information. Immutable.
 */
public final class Program {
    private final String name;
    private final Instruction[] slots;
    private final NavigableMap<Integer, String> labels;
    private final int[] sourceLines;

    public Program(String name, Instruction[] slots, Map<Integer, String> labels, int[] sourceLines) {
        this.name = name;
        this.slots = slots.clone();
        this.labels = Collections.unmodifiableNavigableMap(new TreeMap<>(labels));
        this.sourceLines = sourceLines == null ? null : sourceLines.clone();
    }

    public Program(String name, Instruction[] slots) {
        this(name, slots, Map.of(), null);
    }

    /** Decodes raw bytecode (a multiple of 8 bytes, little endian). */
    public static Program fromBytes(String name, byte[] code) throws InvalidProgramException {
        if (code.length % 8 != 0) {
            throw new InvalidProgramException(code.length / 8,
                    "code is " + code.length + " bytes, not a whole number of 8-byte instructions");
        }
        Instruction[] slots = new Instruction[code.length / 8];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = Instruction.readFrom(code, i * 8);
        }
        return new Program(name, slots);
    }

    public String name() {
        return name;
    }

    public int size() {
        return slots.length;
    }

    public Instruction get(int index) {
        return slots[index];
    }

    public Instruction[] slots() {
        return slots.clone();
    }

    /** Function and label names by slot index (entry point and bpf-to-bpf callees included). */
    public NavigableMap<Integer, String> labels() {
        return labels;
    }

    /** The source line of slot {@code index}, or 0 when unknown. */
    public int sourceLine(int index) {
        return sourceLines == null || index >= sourceLines.length ? 0 : sourceLines[index];
    }

    public boolean hasSourceLines() {
        return sourceLines != null;
    }

    /** The 64-bit constant of the {@code lddw} starting at {@code index}. */
    public long imm64(int index) {
        return (slots[index].imm() & 0xffffffffL) | ((long) slots[index + 1].imm() << 32);
    }

    /** The bytecode, 8 bytes per slot. */
    public byte[] toBytes() {
        byte[] out = new byte[slots.length * 8];
        for (int i = 0; i < slots.length; i++) {
            slots[i].writeTo(out, i * 8);
        }
        return out;
    }

    /** The same program with other labels. */
    public Program withLabels(Map<Integer, String> newLabels) {
        return new Program(name, slots, newLabels, sourceLines);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && Arrays.equals(slots, p.slots);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "Program[" + name + ", " + slots.length + " slots]";
    }
}
