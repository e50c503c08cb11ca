package org.hyperupcall.ebpf.asm;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C-like syntax {@code llvm-objdump -d} prints and LLVM's BPF assembler reads:
 * {@code r0 = 1}, {@code w1 += w2}, {@code r0 = *(u32 *)(r1 + 4)}, {@code if r1 > 5 goto +2},
 * {@code lock *(u64 *)(r1 + 0) += r2}, {@code r0 = cmpxchg_64(r1 + 0, r0, r2)}.
 */
final class LlvmSyntax {
    private static final String REG = "([rw]\\d+)";
    private static final String NUM = "([+-]?(?:0[xX][0-9a-fA-F]+|\\d+))";
    private static final String ADDR = "\\(\\s*(r\\d+)\\s*(?:([+-])\\s*(0[xX][0-9a-fA-F]+|\\d+))?\\s*\\)";
    private static final String SIZE = "\\*\\(\\s*([us])(8|16|32|64)\\s*\\*\\s*\\)";

    private static final Pattern LDDW = Pattern.compile(REG + "\\s*=\\s*" + NUM + "\\s+ll");
    private static final Pattern MOV = Pattern.compile(REG + "\\s*=\\s*(?:\\((s8|s16|s32)\\)\\s*)?(" + REG.substring(1, REG.length() - 1) + "|" + NUM.substring(1, NUM.length() - 1) + ")");
    private static final Pattern NEG = Pattern.compile(REG + "\\s*=\\s*-\\s*" + REG);
    private static final Pattern ENDIAN = Pattern.compile(REG + "\\s*=\\s*(be|le|bswap)(16|32|64)\\s+" + REG);
    private static final Pattern ALU = Pattern.compile(REG + "\\s*(\\+|-|\\*|/|\\||&|<<|>>|%|\\^|s>>|s/|s%)=\\s*(\\S+)");
    private static final Pattern LOAD = Pattern.compile(REG + "\\s*=\\s*" + SIZE + ADDR);
    private static final Pattern STORE = Pattern.compile(SIZE + ADDR + "\\s*=\\s*(\\S+)");
    private static final Pattern PACKET = Pattern.compile("r0\\s*=\\s*\\*\\(\\s*u(8|16|32)\\s*\\*\\s*\\)\\s*skb\\[\\s*(?:(r\\d+)\\s*(?:([+-])\\s*(0[xX][0-9a-fA-F]+|\\d+))?|" + NUM + ")\\s*\\]");
    private static final Pattern LOCK = Pattern.compile("lock\\s+" + SIZE + ADDR + "\\s*(\\+|\\||&|\\^)=\\s*" + REG);
    private static final Pattern FETCH = Pattern.compile(REG + "\\s*=\\s*atomic_fetch_(add|or|and|xor)\\(\\s*\\(\\s*u(32|64)\\s*\\*\\s*\\)" + ADDR + "\\s*,\\s*" + REG + "\\s*\\)");
    private static final Pattern XCHG = Pattern.compile(REG + "\\s*=\\s*xchg(?:32)?_(32|64)\\(\\s*(r\\d+)\\s*(?:([+-])\\s*(0[xX][0-9a-fA-F]+|\\d+))?\\s*,\\s*" + REG + "\\s*\\)");
    private static final Pattern CMPXCHG = Pattern.compile(REG + "\\s*=\\s*cmpxchg(?:32)?_(32|64)\\(\\s*(r\\d+)\\s*(?:([+-])\\s*(0[xX][0-9a-fA-F]+|\\d+))?\\s*,\\s*" + REG + "\\s*,\\s*" + REG + "\\s*\\)");
    private static final Pattern IF = Pattern.compile("if\\s+" + REG + "\\s*(==|!=|>=|<=|>|<|s>=|s<=|s>|s<|&)\\s*(\\S+)\\s+goto\\s+(.+)");
    private static final Pattern GOTO = Pattern.compile("(gotol|goto)\\s+(.+)");

    private static final Map<String, Integer> ALU_OPS = Map.ofEntries(Map.entry("+", ALU_ADD), Map.entry("-", ALU_SUB),
            Map.entry("*", ALU_MUL), Map.entry("/", ALU_DIV), Map.entry("|", ALU_OR), Map.entry("&", ALU_AND),
            Map.entry("<<", ALU_LSH), Map.entry(">>", ALU_RSH), Map.entry("%", ALU_MOD), Map.entry("^", ALU_XOR),
            Map.entry("s>>", ALU_ARSH), Map.entry("s/", ALU_DIV), Map.entry("s%", ALU_MOD));
    private static final Map<String, Integer> JMP_OPS = Map.ofEntries(Map.entry("==", JMP_JEQ), Map.entry("!=", JMP_JNE),
            Map.entry(">", JMP_JGT), Map.entry(">=", JMP_JGE), Map.entry("<", JMP_JLT), Map.entry("<=", JMP_JLE),
            Map.entry("s>", JMP_JSGT), Map.entry("s>=", JMP_JSGE), Map.entry("s<", JMP_JSLT), Map.entry("s<=", JMP_JSLE),
            Map.entry("&", JMP_JSET));
    private static final Map<String, Integer> LOCK_OPS = Map.of("+", ATOMIC_ADD, "|", ATOMIC_OR, "&", ATOMIC_AND, "^", ATOMIC_XOR);

    private LlvmSyntax() {
    }

    /** Whether a line is written in this syntax rather than the mnemonic one. */
    static boolean accepts(String text) {
        return text.contains("=") || text.startsWith("if ") || text.startsWith("goto") || text.startsWith("*(")
                || text.startsWith("lock *(") || text.startsWith("lock\t*(");
    }

    static Pending parse(int line, String text) throws AsmException {
        Matcher m;
        if ((m = LDDW.matcher(text)).matches()) {
            return Pending.lddw(line, reg64(line, m.group(1)), Operands.imm64(line, m.group(2)));
        }
        if ((m = ENDIAN.matcher(text)).matches()) {
            int dst = reg64(line, m.group(1));
            if (reg64(line, m.group(4)) != dst) {
                throw new AsmException(line, "a byte swap must use the same register on both sides");
            }
            int opcode = switch (m.group(2)) {
                case "le" -> CLS_ALU | ALU_END | SRC_K;
                case "be" -> CLS_ALU | ALU_END | SRC_X;
                default -> CLS_ALU64 | ALU_END;
            };
            return new Pending(line, opcode, dst, 0, 0, Integer.parseInt(m.group(3)));
        }
        if ((m = NEG.matcher(text)).matches()) {
            Operands.Reg d = Operands.register(line, m.group(1));
            if (Operands.register(line, m.group(2)).number() != d.number()) {
                throw new AsmException(line, "negation must use the same register on both sides");
            }
            return new Pending(line, (d.sub() ? CLS_ALU : CLS_ALU64) | ALU_NEG, d.number(), 0, 0, 0);
        }
        if ((m = PACKET.matcher(text)).matches()) {
            int size = switch (m.group(1)) {
                case "8" -> SIZE_B;
                case "16" -> SIZE_H;
                default -> SIZE_W;
            };
            if (m.group(2) != null) {
                int imm = m.group(4) == null ? 0 : Operands.imm32(line, m.group(3) + m.group(4));
                return new Pending(line, CLS_LD | MODE_IND | size, 0, reg64(line, m.group(2)), 0, imm);
            }
            return new Pending(line, CLS_LD | MODE_ABS | size, 0, 0, 0, Operands.imm32(line, m.group(5)));
        }
        if ((m = LOAD.matcher(text)).matches()) {
            int dst = Operands.register(line, m.group(1)).number();
            boolean signed = m.group(2).equals("s");
            int size = size(line, m.group(3));
            if (signed && size == SIZE_DW) {
                throw new AsmException(line, "there is no sign-extending 64-bit load: use *(u64 *)");
            }
            return new Pending(line, CLS_LDX | (signed ? MODE_MEMSX : MODE_MEM) | size, dst, reg64(line, m.group(4)),
                    offset(line, m.group(5), m.group(6)), 0);
        }
        if ((m = STORE.matcher(text)).matches()) {
            if (m.group(1).equals("s")) {
                throw new AsmException(line, "stores take an unsigned size: *(u8 *) .. *(u64 *)");
            }
            int size = size(line, m.group(2));
            int base = reg64(line, m.group(3));
            int off = offset(line, m.group(4), m.group(5));
            String value = m.group(6);
            if (value.matches("[rw]\\d+")) {
                return new Pending(line, CLS_STX | MODE_MEM | size, base, Operands.register(line, value).number(), off, 0);
            }
            return new Pending(line, CLS_ST | MODE_MEM | size, base, 0, off, Operands.imm32(line, value));
        }
        if ((m = LOCK.matcher(text)).matches()) {
            int size = atomicSize(line, m.group(2));
            return new Pending(line, CLS_STX | MODE_ATOMIC | size, reg64(line, m.group(3)),
                    Operands.register(line, m.group(7)).number(), offset(line, m.group(4), m.group(5)), LOCK_OPS.get(m.group(6)));
        }
        if ((m = FETCH.matcher(text)).matches()) {
            int dst = Operands.register(line, m.group(1)).number();
            int src = Operands.register(line, m.group(7)).number();
            if (dst != src) {
                throw new AsmException(line, "atomic_fetch_" + m.group(2) + " returns into its source register: write r" + src + " = ...");
            }
            int op = LOCK_OPS.get(switch (m.group(2)) {
                case "add" -> "+";
                case "or" -> "|";
                case "and" -> "&";
                default -> "^";
            });
            return new Pending(line, CLS_STX | MODE_ATOMIC | atomicSize(line, m.group(3)), reg64(line, m.group(4)), src,
                    offset(line, m.group(5), m.group(6)), op | ATOMIC_FETCH);
        }
        if ((m = XCHG.matcher(text)).matches()) {
            int dst = Operands.register(line, m.group(1)).number();
            int src = Operands.register(line, m.group(6)).number();
            if (dst != src) {
                throw new AsmException(line, "xchg returns into its source register");
            }
            return new Pending(line, CLS_STX | MODE_ATOMIC | atomicSize(line, m.group(2)), reg64(line, m.group(3)), src,
                    offset(line, m.group(4), m.group(5)), ATOMIC_XCHG);
        }
        if ((m = CMPXCHG.matcher(text)).matches()) {
            if (Operands.register(line, m.group(1)).number() != 0 || Operands.register(line, m.group(6)).number() != 0) {
                throw new AsmException(line, "cmpxchg compares with and returns into r0");
            }
            return new Pending(line, CLS_STX | MODE_ATOMIC | atomicSize(line, m.group(2)), reg64(line, m.group(3)),
                    Operands.register(line, m.group(7)).number(), offset(line, m.group(4), m.group(5)), ATOMIC_CMPXCHG);
        }
        if ((m = ALU.matcher(text)).matches()) {
            Operands.Reg d = Operands.register(line, m.group(1));
            String op = m.group(2);
            int cls = d.sub() ? CLS_ALU : CLS_ALU64;
            int off = op.equals("s/") || op.equals("s%") ? 1 : 0;
            String v = m.group(3);
            if (v.matches("[rw]\\d+")) {
                Operands.Reg s = Operands.register(line, v);
                if (s.sub() != d.sub()) {
                    throw new AsmException(line, "mixes 64-bit and 32-bit registers: use r with r, w with w");
                }
                return new Pending(line, cls | SRC_X | ALU_OPS.get(op), d.number(), s.number(), off, 0);
            }
            return new Pending(line, cls | SRC_K | ALU_OPS.get(op), d.number(), 0, off, Operands.imm32(line, v));
        }
        if ((m = MOV.matcher(text)).matches()) {
            Operands.Reg d = Operands.register(line, m.group(1));
            int cls = d.sub() ? CLS_ALU : CLS_ALU64;
            String v = m.group(3);
            if (v.matches("[rw]\\d+")) {
                Operands.Reg s = Operands.register(line, v);
                int off = m.group(2) == null ? 0 : Integer.parseInt(m.group(2).substring(1));
                if (off == 32 && d.sub()) {
                    throw new AsmException(line, "(s32) of a 32-bit register is a plain move: write w" + d.number() + " = w" + s.number());
                }
                return new Pending(line, cls | SRC_X | ALU_MOV, d.number(), s.number(), off, 0);
            }
            if (m.group(2) != null) {
                throw new AsmException(line, "sign extension applies to registers, not immediates");
            }
            return new Pending(line, cls | SRC_K | ALU_MOV, d.number(), 0, 0, Operands.imm32(line, v));
        }
        if ((m = IF.matcher(text)).matches()) {
            Operands.Reg d = Operands.register(line, m.group(1));
            int cls = d.sub() ? CLS_JMP32 : CLS_JMP;
            int op = JMP_OPS.get(m.group(2));
            String v = m.group(3);
            Pending p;
            if (v.matches("[rw]\\d+")) {
                p = new Pending(line, cls | SRC_X | op, d.number(), Operands.register(line, v).number(), 0, 0);
            } else {
                p = new Pending(line, cls | SRC_K | op, d.number(), 0, 0, Operands.imm32(line, v));
            }
            ConformanceSyntax.target(line, p, m.group(4), false);
            return p;
        }
        if ((m = GOTO.matcher(text)).matches()) {
            boolean wide = m.group(1).equals("gotol");
            Pending p = new Pending(line, wide ? JA32 : JA, 0, 0, 0, 0);
            ConformanceSyntax.target(line, p, m.group(2), wide);
            return p;
        }
        throw new AsmException(line, "cannot parse '" + text + "'");
    }

    private static int reg64(int line, String text) throws AsmException {
        Operands.Reg r = Operands.register(line, text);
        if (r.sub()) {
            throw new AsmException(line, "'" + text + "' must be a 64-bit register here (r" + r.number() + ")");
        }
        return r.number();
    }

    private static int size(int line, String bits) {
        return switch (bits) {
            case "8" -> SIZE_B;
            case "16" -> SIZE_H;
            case "32" -> SIZE_W;
            default -> SIZE_DW;
        };
    }

    private static int atomicSize(int line, String bits) throws AsmException {
        if (!bits.equals("32") && !bits.equals("64")) {
            throw new AsmException(line, "atomic operations work on 32 or 64 bits, not " + bits);
        }
        return bits.equals("32") ? SIZE_W : SIZE_DW;
    }

    private static int offset(int line, String sign, String digits) throws AsmException {
        return digits == null ? 0 : Operands.offset(line, sign + digits);
    }
}
