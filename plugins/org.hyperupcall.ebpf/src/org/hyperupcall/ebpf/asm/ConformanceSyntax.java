package org.hyperupcall.ebpf.asm;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mnemonic syntax of bpf_conformance and uBPF: {@code mov %r0, 1}, {@code ldxw %r0, [%r1+4]},
 * {@code jeq %r1, 0, label}, {@code lock fetch add [%r10-8], %r1}, {@code call local func}.
 */
final class ConformanceSyntax {
    static final Map<String, Integer> ALU_OPS = new HashMap<>();
    static final Map<String, Integer> JMP_OPS = new HashMap<>();
    static final Map<String, Integer> SIZES = Map.of("b", SIZE_B, "h", SIZE_H, "w", SIZE_W, "dw", SIZE_DW);
    static final Map<String, Integer> ATOMIC_OPS = Map.of("add", ATOMIC_ADD, "or", ATOMIC_OR, "and", ATOMIC_AND,
            "xor", ATOMIC_XOR, "xchg", ATOMIC_XCHG, "cmpxchg", ATOMIC_CMPXCHG);
    private static final Pattern MEMORY = Pattern.compile("\\[\\s*(%?r\\d+)\\s*(?:([+-])\\s*(0[xX][0-9a-fA-F]+|\\d+))?\\s*\\]");

    static {
        String[] alu = {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor", "mov", "arsh"};
        for (int i = 0; i < alu.length; i++) {
            ALU_OPS.put(alu[i], i << 4);
        }
        String[] jmp = {"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", null, null, "jlt", "jle", "jslt", "jsle"};
        for (int i = 0; i < jmp.length; i++) {
            if (jmp[i] != null) {
                JMP_OPS.put(jmp[i], i << 4);
            }
        }
    }

    private ConformanceSyntax() {
    }

    static Pending parse(int line, String text) throws AsmException {
        String mnemonic;
        String rest;
        int sp = indexOfSpace(text);
        if (sp < 0) {
            mnemonic = text;
            rest = "";
        } else {
            mnemonic = text.substring(0, sp);
            rest = text.substring(sp + 1).trim();
        }
        mnemonic = mnemonic.toLowerCase(java.util.Locale.ROOT);
        if (mnemonic.equals("lock")) {
            return atomic(line, rest);
        }
        String[] ops = Operands.split(rest);
        switch (mnemonic) {
            case "exit":
                count(line, mnemonic, ops, 0, "no operands");
                return new Pending(line, EXIT, 0, 0, 0, 0);
            case "call":
                return call(line, ops);
            case "callx":
                count(line, mnemonic, ops, 1, "a register");
                return new Pending(line, CALLX, Operands.register(line, ops[0]).number(), 0, 0, 0);
            case "lddw": {
                count(line, mnemonic, ops, 2, "a register and a 64-bit immediate");
                return Pending.lddw(line, Operands.register(line, ops[0]).number(), Operands.imm64(line, ops[1]));
            }
            case "ja": {
                count(line, mnemonic, ops, 1, "a jump target");
                Pending p = new Pending(line, JA, 0, 0, 0, 0);
                target(line, p, ops[0], false);
                return p;
            }
            case "ja32", "gotol": {
                count(line, mnemonic, ops, 1, "a jump target");
                Pending p = new Pending(line, JA32, 0, 0, 0, 0);
                target(line, p, ops[0], true);
                return p;
            }
            default:
                break;
        }
        Pending p = alu(line, mnemonic, ops);
        if (p == null) {
            p = jump(line, mnemonic, ops);
        }
        if (p == null) {
            p = memory(line, mnemonic, ops);
        }
        if (p == null) {
            throw new AsmException(line, "unknown instruction '" + mnemonic + "'");
        }
        return p;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void count(int line, String mnemonic, String[] ops, int n, String what) throws AsmException {
        if (ops.length != n) {
            throw new AsmException(line, mnemonic + " takes " + (n == 0 ? "" : n + " operand" + (n > 1 ? "s" : "") + ": ")
                    + what + "; got " + ops.length);
        }
    }

    private static Pending call(int line, String[] ops) throws AsmException {
        count(line, "call", ops, 1, "a helper id, 'local LABEL' or a register");
        String op = ops[0];
        if (op.startsWith("local ") || op.startsWith("local\t")) {
            Pending p = new Pending(line, CALL, 0, CALL_LOCAL, 0, 0);
            target(line, p, op.substring(6).trim(), true);
            return p;
        }
        if (Operands.isRegister(op)) {
            return new Pending(line, CALLX, Operands.register(line, op).number(), 0, 0, 0);
        }
        if (op.matches("[+-]?\\d+\\s*<[^>]*>")) {
            // "call 5 <func>": a bpf-to-bpf call as huc disasm prints it in LLVM syntax
            Pending p = new Pending(line, CALL, 0, CALL_LOCAL, 0, 0);
            target(line, p, op, true);
            return p;
        }
        return new Pending(line, CALL, 0, CALL_HELPER, 0, Operands.imm32(line, op));
    }

    private static Pending alu(int line, String mnemonic, String[] ops) throws AsmException {
        String base = mnemonic;
        int cls = CLS_ALU64;
        if (base.endsWith("32") && !base.startsWith("movsx") && !base.matches("(le|be|b?swap)32")) {
            cls = CLS_ALU;
            base = base.substring(0, base.length() - 2);
        } else if (base.endsWith("64") && !base.startsWith("movsx") && !base.matches("(le|be|b?swap)64")) {
            base = base.substring(0, base.length() - 2);
        }
        Matcher sx = Pattern.compile("movsx(8|16|32)(32|64)").matcher(mnemonic);
        if (sx.matches()) {
            int from = Integer.parseInt(sx.group(1));
            boolean to64 = sx.group(2).equals("64");
            if (from >= (to64 ? 64 : 32)) {
                throw new AsmException(line, "unknown instruction '" + mnemonic + "'");
            }
            count(line, mnemonic, ops, 2, "two registers");
            return new Pending(line, (to64 ? CLS_ALU64 : CLS_ALU) | SRC_X | ALU_MOV,
                    Operands.register(line, ops[0]).number(), Operands.register(line, ops[1]).number(), from, 0);
        }
        Matcher end = Pattern.compile("(le|be|bswap|swap)(16|32|64)").matcher(mnemonic);
        if (end.matches()) {
            count(line, mnemonic, ops, 1, "a register");
            int width = Integer.parseInt(end.group(2));
            int opcode = switch (end.group(1)) {
                case "le" -> CLS_ALU | ALU_END | SRC_K;
                case "be" -> CLS_ALU | ALU_END | SRC_X;
                default -> CLS_ALU64 | ALU_END;
            };
            return new Pending(line, opcode, Operands.register(line, ops[0]).number(), 0, 0, width);
        }
        int offset = 0;
        if (base.equals("sdiv") || base.equals("smod")) {
            offset = 1;
            base = base.substring(1);
        }
        Integer op = ALU_OPS.get(base);
        if (op == null || (offset == 1 && !mnemonic.startsWith("s"))) {
            return null;
        }
        if (op == ALU_NEG) {
            count(line, mnemonic, ops, 1, "a register");
            return new Pending(line, cls | ALU_NEG, Operands.register(line, ops[0]).number(), 0, 0, 0);
        }
        count(line, mnemonic, ops, 2, "a register and a register or immediate");
        int dst = Operands.register(line, ops[0]).number();
        if (Operands.isRegister(ops[1]) || ops[1].matches("%?r\\d+")) {
            return new Pending(line, cls | SRC_X | op, dst, Operands.register(line, ops[1]).number(), offset, 0);
        }
        return new Pending(line, cls | SRC_K | op, dst, 0, offset, Operands.imm32(line, ops[1]));
    }

    private static Pending jump(int line, String mnemonic, String[] ops) throws AsmException {
        String base = mnemonic;
        int cls = CLS_JMP;
        if (base.endsWith("32")) {
            cls = CLS_JMP32;
            base = base.substring(0, base.length() - 2);
        }
        Integer op = JMP_OPS.get(base);
        if (op == null || op == JMP_JA) {
            return null;
        }
        count(line, mnemonic, ops, 3, "a register, a register or immediate, and a jump target");
        int dst = Operands.register(line, ops[0]).number();
        Pending p;
        if (ops[1].matches("%?[rw]\\d+")) {
            p = new Pending(line, cls | SRC_X | op, dst, Operands.register(line, ops[1]).number(), 0, 0);
        } else {
            p = new Pending(line, cls | SRC_K | op, dst, 0, 0, Operands.imm32(line, ops[1]));
        }
        target(line, p, ops[2], false);
        return p;
    }

    private static Pending memory(int line, String mnemonic, String[] ops) throws AsmException {
        Matcher m = Pattern.compile("(ldxs|ldx|stx|st|ldabs|ldind)(b|h|w|dw)").matcher(mnemonic);
        if (!m.matches()) {
            return null;
        }
        int size = SIZES.get(m.group(2));
        switch (m.group(1)) {
            case "ldx", "ldxs": {
                if (m.group(1).equals("ldxs") && size == SIZE_DW) {
                    return null;
                }
                count(line, mnemonic, ops, 2, "a register and a memory operand like [%r1+8]");
                int dst = Operands.register(line, ops[0]).number();
                int[] mem = memoryOperand(line, ops[1]);
                int mode = m.group(1).equals("ldxs") ? MODE_MEMSX : MODE_MEM;
                return new Pending(line, CLS_LDX | mode | size, dst, mem[0], mem[1], 0);
            }
            case "st": {
                count(line, mnemonic, ops, 2, "a memory operand like [%r1+8] and an immediate");
                int[] mem = memoryOperand(line, ops[0]);
                return new Pending(line, CLS_ST | MODE_MEM | size, mem[0], 0, mem[1], Operands.imm32(line, ops[1]));
            }
            case "stx": {
                count(line, mnemonic, ops, 2, "a memory operand like [%r1+8] and a register");
                int[] mem = memoryOperand(line, ops[0]);
                return new Pending(line, CLS_STX | MODE_MEM | size, mem[0], Operands.register(line, ops[1]).number(), mem[1], 0);
            }
            case "ldabs": {
                if (size == SIZE_DW) {
                    return null;
                }
                count(line, mnemonic, ops, 1, "an immediate offset");
                return new Pending(line, CLS_LD | MODE_ABS | size, 0, 0, 0, Operands.imm32(line, ops[0]));
            }
            default: { // ldind
                if (size == SIZE_DW) {
                    return null;
                }
                count(line, mnemonic, ops, 2, "a register and an immediate offset");
                return new Pending(line, CLS_LD | MODE_IND | size, 0, Operands.register(line, ops[0]).number(), 0,
                        Operands.imm32(line, ops[1]));
            }
        }
    }

    /** [%rN], [%rN+off] or [%rN-off] → {register, offset}. */
    static int[] memoryOperand(int line, String text) throws AsmException {
        Matcher m = MEMORY.matcher(text.trim());
        if (!m.matches()) {
            throw new AsmException(line, "expected a memory operand like [%r1+8], got '" + text.trim() + "'");
        }
        int reg = Operands.register(line, m.group(1)).number();
        int off = 0;
        if (m.group(3) != null) {
            off = Operands.offset(line, m.group(2) + m.group(3));
        }
        return new int[] {reg, off};
    }

    private static Pending atomic(int line, String rest) throws AsmException {
        String[] words = rest.split("\\s+", 3);
        boolean fetch = false;
        int k = 0;
        if (words.length > 0 && words[0].equals("fetch")) {
            fetch = true;
            k = 1;
        }
        if (words.length <= k) {
            throw new AsmException(line, "lock needs an operation: add, or, and, xor, xchg or cmpxchg");
        }
        String name = words[k];
        int size = SIZE_DW;
        if (name.endsWith("32")) {
            size = SIZE_W;
            name = name.substring(0, name.length() - 2);
        } else if (name.endsWith("64")) {
            name = name.substring(0, name.length() - 2);
        }
        Integer op = ATOMIC_OPS.get(name);
        if (op == null) {
            throw new AsmException(line, "unknown atomic operation '" + words[k] + "'");
        }
        if (fetch && (op == ATOMIC_XCHG || op == ATOMIC_CMPXCHG)) {
            throw new AsmException(line, name + " always fetches: write 'lock " + name + "'");
        }
        String operands = rest.substring(rest.indexOf(words[k]) + words[k].length()).trim();
        String[] ops = Operands.split(operands);
        count(line, "lock " + words[k], ops, 2, "a memory operand like [%r1+8] and a register");
        int[] mem = memoryOperand(line, ops[0]);
        return new Pending(line, CLS_STX | MODE_ATOMIC | size, mem[0], Operands.register(line, ops[1]).number(), mem[1],
                op | (fetch ? ATOMIC_FETCH : 0));
    }

    /** A jump target: +N / -N / N (displacement) or a label name. */
    static void target(int line, Pending p, String text, boolean inImm) throws AsmException {
        String t = text.trim();
        int lt = t.indexOf('<');
        if (lt > 0) {
            t = t.substring(0, lt).trim(); // "+5 <LBB0_2>" as llvm-objdump prints it
        }
        p.targetInImm = inImm;
        if (Operands.isNumber(t)) {
            if (inImm) {
                p.imm = Operands.imm32(line, t);
            } else {
                p.offset = Operands.offset(line, t);
            }
        } else if (t.matches("[A-Za-z_.$][\\w.$]*")) {
            p.target = t;
        } else {
            throw new AsmException(line, "expected a jump target (label or +N), got '" + text.trim() + "'");
        }
    }
}
