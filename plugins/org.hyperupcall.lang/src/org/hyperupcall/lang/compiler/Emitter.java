package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * Collects the instructions of one program with their source lines, and resolves jumps to labels.
 * Code after an exit or an unconditional jump that no label makes reachable again is dropped, so
 * the output has no unreachable instruction (which the verifier refuses).
 */
final class Emitter {
    /** A jump target; bound once, referenced any number of times before or after. */
    static final class Label {
        int slot = -1;
        final List<Integer> refs = new ArrayList<>();
    }

    private final List<Instruction> slots = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private final List<Label> fixups = new ArrayList<>();
    private final List<Integer> fixupSlots = new ArrayList<>();
    private final Map<Integer, String> externs = new java.util.TreeMap<>();
    private boolean reachable = true;
    int line;

    boolean reachable() {
        return reachable;
    }

    int size() {
        return slots.size();
    }

    private void add(Instruction insn) {
        slots.add(insn);
        lines.add(line);
    }

    void emit(int opcode, int dst, int src, int offset, int imm) {
        if (reachable) {
            add(new Instruction(opcode, dst, src, offset, imm));
        }
    }

    /** dst = src (all 64 bits). */
    void mov(int dst, int src) {
        if (dst != src) {
            emit(CLS_ALU64 | ALU_MOV | SRC_X, dst, src, 0, 0);
        }
    }

    /** dst = value, in the fewest slots. */
    void movImm(int dst, long value) {
        if (value == (int) value) {
            emit(CLS_ALU64 | ALU_MOV | SRC_K, dst, 0, 0, (int) value);
        } else if (value >>> 32 == 0) {
            emit(CLS_ALU | ALU_MOV | SRC_K, dst, 0, 0, (int) value); // 32-bit move: zero-extends
        } else if (reachable) {
            add(new Instruction(LDDW, dst, 0, 0, (int) value));
            add(new Instruction(0, 0, 0, 0, (int) (value >>> 32)));
        }
    }

    /** dst = the address of extern symbol (an lddw the ELF object relocates). */
    void lddwExtern(int dst, String symbol) {
        if (reachable) {
            externs.put(slots.size(), symbol);
            add(new Instruction(LDDW, dst, 0, 0, 0));
            add(new Instruction(0, 0, 0, 0, 0));
        }
    }

    /** The lddw slots that load extern addresses, with their symbols. */
    Map<Integer, String> externs() {
        return Map.copyOf(externs);
    }

    void alu64(int op, int dst, int src) {
        emit(CLS_ALU64 | op | SRC_X, dst, src, 0, 0);
    }

    void alu64Imm(int op, int dst, int imm) {
        emit(CLS_ALU64 | op | SRC_K, dst, 0, 0, imm);
    }

    void alu32(int op, int dst, int src, int offset) {
        emit(CLS_ALU | op | SRC_X, dst, src, offset, 0);
    }

    void load(int dst, int base, int offset, int size) {
        emit(CLS_LDX | MODE_MEM | sizeCode(size), dst, base, offset, 0);
    }

    void store(int base, int offset, int src, int size) {
        emit(CLS_STX | MODE_MEM | sizeCode(size), base, src, offset, 0);
    }

    private static int sizeCode(int size) {
        return switch (size) {
            case 1 -> SIZE_B;
            case 2 -> SIZE_H;
            case 4 -> SIZE_W;
            default -> SIZE_DW;
        };
    }

    void call(int helperId) {
        emit(CALL, 0, 0, 0, helperId);
    }

    void exit() {
        emit(EXIT, 0, 0, 0, 0);
        reachable = false;
    }

    /** An unconditional jump. */
    void jump(Label target) {
        if (reachable) {
            reference(target);
            add(new Instruction(JA, 0, 0, 0, 0));
            reachable = false;
        }
    }

    /** if (dst op src) goto target, on 64-bit values. */
    void jumpIf(int jmpOp, int dst, int src, Label target) {
        if (reachable) {
            reference(target);
            add(new Instruction(CLS_JMP | jmpOp | SRC_X, dst, src, 0, 0));
        }
    }

    /** if (dst op imm) goto target, the immediate sign-extended to 64 bits. */
    void jumpIfImm(int jmpOp, int dst, int imm, Label target) {
        if (reachable) {
            reference(target);
            add(new Instruction(CLS_JMP | jmpOp | SRC_K, dst, 0, 0, imm));
        }
    }

    private void reference(Label target) {
        target.refs.add(slots.size());
        fixups.add(target);
        fixupSlots.add(slots.size());
    }

    /** Binds the label here; code after it is reachable when a jump leads to it. */
    void bind(Label label) {
        label.slot = slots.size();
        if (!label.refs.isEmpty()) {
            reachable = true;
        }
    }

    /** The program, every jump resolved. */
    Program finish(String name) {
        Instruction[] out = slots.toArray(new Instruction[0]);
        for (int k = 0; k < fixups.size(); k++) {
            int at = fixupSlots.get(k);
            Label l = fixups.get(k);
            if (l.slot < 0) {
                throw new IllegalStateException("label never bound");
            }
            int disp = l.slot - at - 1;
            if (disp != (short) disp) {
                throw new IllegalStateException("jump too far: " + disp);
            }
            Instruction i = out[at];
            out[at] = new Instruction(i.opcode(), i.dst(), i.src(), disp, i.imm());
        }
        int[] lineArray = lines.stream().mapToInt(Integer::intValue).toArray();
        return new Program(name, out, Map.of(0, name), lineArray);
    }
}
