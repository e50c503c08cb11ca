package org.hyperupcall.ebpf.asm;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * Turns instructions back into text, in LLVM's syntax (as {@code llvm-objdump -d} prints it) or in
 * the mnemonic syntax of bpf_conformance. Both are read back by {@link Assembler} to the same bytes.
 */
public final class Disassembler {
    /** The two text forms. */
    public enum Syntax {
        /** {@code r0 = 1}, as llvm-objdump prints. */
        LLVM,
        /** {@code mov %r0, 1}, as bpf_conformance writes. */
        CONFORMANCE
    }

    private static final String[] ALU_NAMES = {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor", "mov", "arsh", "end"};
    private static final String[] ALU_SYMBOLS = {"+", "-", "*", "/", "|", "&", "<<", ">>", "neg", "%", "^", "", "s>>", "end"};
    private static final String[] JMP_NAMES = {"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", "call", "exit", "jlt", "jle", "jslt", "jsle"};
    private static final String[] JMP_SYMBOLS = {"", "==", ">", ">=", "&", "!=", "s>", "s>=", "", "", "<", "<=", "s<", "s<="};

    private Disassembler() {
    }

    /** Text of the instruction at {@code index} (an lddw reads both of its slots). */
    public static String instruction(Program program, int index, Syntax syntax) {
        Instruction insn = program.get(index);
        long imm64 = insn.isLddw() && index + 1 < program.size() ? program.imm64(index) : insn.imm();
        String unknown = undefined(insn);
        if (unknown != null) {
            return unknown;
        }
        int target = ProgramChecker.jumpTarget(index, insn);
        if (syntax == Syntax.CONFORMANCE) {
            return conformance(insn, imm64, target == Integer.MIN_VALUE ? null : program.labels().get(target));
        }
        return llvm(insn, imm64, target == Integer.MIN_VALUE ? null : annotation(program, target));
    }

    /**
     * The text of an instruction outside the instruction set ({@code <unknown opcode 0xff>}, like
     * llvm-objdump's {@code <unknown>}), or null for a defined one. Neither assembler syntax reads
     * it back: bytes that are no instruction have no assembly.
     */
    private static String undefined(Instruction insn) {
        int opcode = insn.opcode() & 0xff;
        if (!Opcodes.isDefined(opcode)) {
            return String.format("<unknown opcode 0x%02x>", opcode);
        }
        if (cls(opcode) == CLS_STX && mode(opcode) == MODE_ATOMIC && !Opcodes.isAtomicOperation(insn.imm())) {
            return String.format("<unknown atomic operation 0x%x (opcode 0x%02x)>", insn.imm(), opcode);
        }
        return null;
    }

    /** What llvm-objdump prints after a jump: the symbol at the target, or the nearest one before it plus a byte offset. */
    private static String annotation(Program program, int target) {
        Map.Entry<Integer, String> floor = program.labels().floorEntry(target);
        if (floor == null) {
            return null;
        }
        int delta = (target - floor.getKey()) * 8;
        return delta == 0 ? floor.getValue() : floor.getValue() + "+0x" + Integer.toHexString(delta);
    }

    /**
     * A listing in the style of {@code llvm-objdump -d}: symbol headers, slot numbers, raw bytes
     * and LLVM syntax; {@code relocations} (by slot) are printed under their instruction.
     */
    public static String objdump(Program program, boolean rawBytes, Map<Integer, String> relocations) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < program.size(); i++) {
            String name = program.labels().get(i);
            if (name != null) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(String.format("%016x <%s>:%n", (long) i * 8, name));
            }
            Instruction insn = program.get(i);
            int slots = insn.isLddw() && i + 1 < program.size() ? 2 : 1;
            sb.append(String.format("%8d:\t", i));
            if (rawBytes) {
                byte[] bytes = new byte[8 * slots];
                insn.writeTo(bytes, 0);
                if (slots == 2) {
                    program.get(i + 1).writeTo(bytes, 8);
                }
                for (int k = 0; k < bytes.length; k++) {
                    sb.append(String.format(k == 0 ? "%02x" : " %02x", bytes[k] & 0xff));
                }
                sb.append('\t');
            }
            sb.append(instruction(program, i, Syntax.LLVM)).append('\n');
            String reloc = relocations == null ? null : relocations.get(i);
            if (reloc != null) {
                sb.append(String.format("\t\t%016x:  %s%n", (long) i * 8, reloc));
            }
            i += slots - 1;
        }
        return sb.toString();
    }

    /**
     * The program as assembly text in the mnemonic syntax, with a label at every jump and call
     * target, ready to be assembled again into the same bytes.
     */
    public static String assembly(Program program) {
        Map<Integer, String> labels = new TreeMap<>(program.labels());
        Map<String, Integer> used = new HashMap<>();
        labels.forEach((k, v) -> used.put(v, k));
        for (int i = 0; i < program.size(); i++) {
            Instruction insn = program.get(i);
            int t = ProgramChecker.jumpTarget(i, insn);
            if (t != Integer.MIN_VALUE && t >= 0 && t < program.size() && !labels.containsKey(t)) {
                String name = "L" + t;
                while (used.containsKey(name)) {
                    name = name + "_";
                }
                labels.put(t, name);
                used.put(name, t);
            }
            if (insn.isLddw()) {
                i++;
            }
        }
        Program labelled = program.withLabels(labels);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < program.size(); i++) {
            String name = labels.get(i);
            if (name != null) {
                sb.append(name).append(":\n");
            }
            sb.append(instruction(labelled, i, Syntax.CONFORMANCE)).append('\n');
            if (program.get(i).isLddw()) {
                i++;
            }
        }
        return sb.toString();
    }

    private static String reg(int n, boolean sub) {
        return (sub ? "w" : "r") + n;
    }

    private static String memory(int base, int off) {
        return "(r" + base + (off < 0 ? " - " + -off : " + " + off) + ")";
    }

    private static String sizeName(int opcode, boolean signed) {
        String bits = switch (size(opcode)) {
            case SIZE_B -> "8";
            case SIZE_H -> "16";
            case SIZE_W -> "32";
            default -> "64";
        };
        return "*(" + (signed ? "s" : "u") + bits + " *)";
    }

    private static String displacement(int d, String label) {
        String s = d < 0 ? Integer.toString(d) : "+" + d;
        return label == null ? s : s + " <" + label + ">";
    }

    private static String llvm(Instruction insn, long imm64, String label) {
        int opcode = insn.opcode();
        int d = insn.dst();
        int s = insn.src();
        int off = insn.offset();
        int imm = insn.imm();
        switch (cls(opcode)) {
            case CLS_ALU, CLS_ALU64 -> {
                boolean sub = cls(opcode) == CLS_ALU;
                int op = op(opcode);
                boolean x = source(opcode) == SRC_X;
                if (op == ALU_NEG) {
                    return reg(d, sub) + " = -" + reg(d, sub);
                }
                if (op == ALU_END) {
                    String kind = sub ? (x ? "be" : "le") : "bswap";
                    return reg(d, false) + " = " + kind + imm + " " + reg(d, false);
                }
                String operand = x ? reg(s, sub) : Integer.toString(imm);
                if (op == ALU_MOV) {
                    String cast = x && off != 0 ? "(s" + off + ")" : "";
                    return reg(d, sub) + " = " + cast + operand;
                }
                String sym = ALU_SYMBOLS[op >> 4];
                if ((op == ALU_DIV || op == ALU_MOD) && off == 1) {
                    sym = "s" + sym;
                }
                return reg(d, sub) + " " + sym + "= " + operand;
            }
            case CLS_JMP, CLS_JMP32 -> {
                boolean sub = cls(opcode) == CLS_JMP32;
                int op = op(opcode);
                if (opcode == EXIT) {
                    return "exit";
                }
                if (opcode == CALL) {
                    // llvm-objdump prints local calls like helper calls; the annotation tells them apart.
                    return s == CALL_LOCAL ? "call " + imm + " <" + (label == null ? "local" : label) + ">" : "call " + imm;
                }
                if (opcode == CALLX) {
                    return "callx " + reg(d, false);
                }
                if (opcode == JA) {
                    return "goto " + displacement(off, label);
                }
                if (opcode == JA32) {
                    return "gotol " + displacement(imm, label);
                }
                String operand = source(opcode) == SRC_X ? reg(s, sub) : Integer.toString(imm);
                return "if " + reg(d, sub) + " " + JMP_SYMBOLS[op >> 4] + " " + operand + " goto " + displacement(off, label);
            }
            case CLS_LD -> {
                if (opcode == LDDW) {
                    return reg(d, false) + " = " + imm64 + " ll";
                }
                String size = sizeName(opcode, false);
                if (mode(opcode) == MODE_ABS) {
                    return "r0 = " + size + "skb[" + imm + "]";
                }
                return "r0 = " + size + "skb[r" + s + (imm == 0 ? "" : imm < 0 ? " - " + -(long) imm : " + " + imm) + "]";
            }
            case CLS_LDX -> {
                return reg(d, false) + " = " + sizeName(opcode, mode(opcode) == MODE_MEMSX) + memory(s, off);
            }
            case CLS_ST -> {
                return sizeName(opcode, false) + memory(d, off) + " = " + imm;
            }
            default -> { // STX
                if (mode(opcode) == MODE_MEM) {
                    return sizeName(opcode, false) + memory(d, off) + " = " + reg(s, false);
                }
                boolean w = size(opcode) == SIZE_W;
                String bits = w ? "32" : "64";
                String place = "(r" + d + (off < 0 ? " - " + -off : " + " + off) + ")";
                return switch (imm) {
                    case ATOMIC_XCHG -> reg(s, w) + " = xchg" + (w ? "32_32" : "_64") + "(r" + d + (off < 0 ? " - " + -off : " + " + off) + ", " + reg(s, w) + ")";
                    case ATOMIC_CMPXCHG -> reg(0, w) + " = cmpxchg" + (w ? "32_32" : "_64") + "(r" + d + (off < 0 ? " - " + -off : " + " + off) + ", " + reg(0, w) + ", " + reg(s, w) + ")";
                    default -> {
                        String name = switch (imm & ~ATOMIC_FETCH) {
                            case ATOMIC_ADD -> "add";
                            case ATOMIC_OR -> "or";
                            case ATOMIC_AND -> "and";
                            default -> "xor";
                        };
                        if ((imm & ATOMIC_FETCH) != 0) {
                            yield reg(s, w) + " = atomic_fetch_" + name + "((u" + bits + " *)" + place + ", " + reg(s, w) + ")";
                        }
                        String sym = switch (name) {
                            case "add" -> "+";
                            case "or" -> "|";
                            case "and" -> "&";
                            default -> "^";
                        };
                        yield "lock *(u" + bits + " *)" + place + " " + sym + "= " + reg(s, false);
                    }
                };
            }
        }
    }

    private static String num(long v) {
        return (v > -4096 && v < 4096) ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    private static String imm32(int v) {
        return (v > -4096 && v < 4096) ? Integer.toString(v) : "0x" + Integer.toHexString(v);
    }

    private static String mem(int base, int off) {
        return "[%r" + base + (off < 0 ? "-" + -off : "+" + off) + "]";
    }

    private static String target(int disp, String label) {
        return label != null ? label : (disp < 0 ? Integer.toString(disp) : "+" + disp);
    }

    private static String conformance(Instruction insn, long imm64, String label) {
        int opcode = insn.opcode();
        int d = insn.dst();
        int s = insn.src();
        int off = insn.offset();
        int imm = insn.imm();
        String rd = "%r" + d;
        String rs = "%r" + s;
        switch (cls(opcode)) {
            case CLS_ALU, CLS_ALU64 -> {
                boolean sub = cls(opcode) == CLS_ALU;
                int op = op(opcode);
                boolean x = source(opcode) == SRC_X;
                String suffix = sub ? "32" : "";
                if (op == ALU_NEG) {
                    return "neg" + suffix + " " + rd;
                }
                if (op == ALU_END) {
                    return (sub ? (x ? "be" : "le") : "bswap") + imm + " " + rd;
                }
                if (op == ALU_MOV && x && off != 0) {
                    return "movsx" + off + (sub ? "32" : "64") + " " + rd + ", " + rs;
                }
                String name = ALU_NAMES[op >> 4];
                if ((op == ALU_DIV || op == ALU_MOD) && off == 1) {
                    name = "s" + name;
                }
                return name + suffix + " " + rd + ", " + (x ? rs : imm32(imm));
            }
            case CLS_JMP, CLS_JMP32 -> {
                int op = op(opcode);
                if (opcode == EXIT) {
                    return "exit";
                }
                if (opcode == CALL) {
                    return s == CALL_LOCAL ? "call local " + target(imm, label) : "call " + imm;
                }
                if (opcode == CALLX) {
                    return "callx " + rd;
                }
                if (opcode == JA) {
                    return "ja " + target(off, label);
                }
                if (opcode == JA32) {
                    return "ja32 " + target(imm, label);
                }
                String suffix = cls(opcode) == CLS_JMP32 ? "32" : "";
                String operand = source(opcode) == SRC_X ? rs : imm32(imm);
                return JMP_NAMES[op >> 4] + suffix + " " + rd + ", " + operand + ", " + target(off, label);
            }
            case CLS_LD -> {
                if (opcode == LDDW) {
                    return "lddw " + rd + ", " + num(imm64);
                }
                String size = switch (size(opcode)) {
                    case SIZE_B -> "b";
                    case SIZE_H -> "h";
                    default -> "w";
                };
                return mode(opcode) == MODE_ABS ? "ldabs" + size + " " + imm32(imm) : "ldind" + size + " " + rs + ", " + imm32(imm);
            }
            case CLS_LDX -> {
                return (mode(opcode) == MODE_MEMSX ? "ldxs" : "ldx") + sizeSuffix(opcode) + " " + rd + ", " + mem(s, off);
            }
            case CLS_ST -> {
                return "st" + sizeSuffix(opcode) + " " + mem(d, off) + ", " + imm32(imm);
            }
            default -> {
                if (mode(opcode) == MODE_MEM) {
                    return "stx" + sizeSuffix(opcode) + " " + mem(d, off) + ", " + rs;
                }
                String w = size(opcode) == SIZE_W ? "32" : "";
                String name = switch (imm) {
                    case ATOMIC_XCHG -> "xchg";
                    case ATOMIC_CMPXCHG -> "cmpxchg";
                    default -> ((imm & ATOMIC_FETCH) != 0 ? "fetch " : "") + switch (imm & ~ATOMIC_FETCH) {
                        case ATOMIC_ADD -> "add";
                        case ATOMIC_OR -> "or";
                        case ATOMIC_AND -> "and";
                        default -> "xor";
                    };
                };
                return "lock " + name + w + " " + mem(d, off) + ", " + rs;
            }
        }
    }

    private static String sizeSuffix(int opcode) {
        return switch (size(opcode)) {
            case SIZE_B -> "b";
            case SIZE_H -> "h";
            case SIZE_W -> "w";
            default -> "dw";
        };
    }
}
