package org.hyperupcall.ebpf.isa;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeSet;

/**
 * The loader's structural checks, done before a program runs in any engine: every slot is a
 * defined instruction with its unused fields zero, registers exist, r10 is never written, jumps and
 * calls land on an instruction (not the second half of an {@code lddw}), no path falls off the end
 * of a function, and no register is read before a value was written to it on every path.
 * This is not the verifier (memory safety and termination are its job); it is what any engine
 * needs to run the program at all.
 */
public final class ProgramChecker {
    /** Registers holding a value when a program starts: r1-r5 (arguments) and r10. */
    public static final int DEFAULT_ENTRY_REGISTERS = 0b111110 | (1 << FRAME_POINTER);
    private static final int CALLER_SAVED = 0b111111; // r0-r5 after a call: r0 set, r1-r5 clobbered
    /** "opcode 0xNN" for messages, made once (checking runs on every keystroke in the editors). */
    private static final String[] OPCODE_NAMES = new String[256];

    static {
        for (int op = 0; op < 256; op++) {
            OPCODE_NAMES[op] = String.format("opcode 0x%02x", op);
        }
    }

    private ProgramChecker() {
    }

    /** Checks with r1-r5 and r10 initialised at entry. */
    public static void check(Program program) throws InvalidProgramException {
        check(program, DEFAULT_ENTRY_REGISTERS);
    }

    /** Checks with the given bit set of registers initialised at entry (bit n = rn). */
    public static void check(Program program, int entryRegisters) throws InvalidProgramException {
        check(program, entryRegisters, true);
    }

    /**
     * Only what holds whatever path runs: fields, lddw pairs, jump targets, falling off the end.
     * Reads of unwritten registers and writes to r10 are left to a path-sensitive check (the
     * verifier's), which does not report them in code that no run reaches.
     */
    public static void checkStructure(Program program) throws InvalidProgramException {
        check(program, (1 << REGISTER_COUNT) - 1, false);
    }

    private static void check(Program program, int entryRegisters, boolean flow) throws InvalidProgramException {
        int n = program.size();
        if (n == 0) {
            throw new InvalidProgramException(-1, InvalidProgramException.Kind.EMPTY, "program has no instructions");
        }
        boolean[] second = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (second[i]) {
                continue;
            }
            Instruction insn = program.get(i);
            checkFields(i, insn, n, flow);
            if (insn.isLddw()) {
                if (i + 1 >= n) {
                    throw new InvalidProgramException(i, InvalidProgramException.Kind.LDDW_SPLIT, "lddw is missing its second half");
                }
                Instruction hi = program.get(i + 1);
                if (hi.opcode() != 0 || hi.dst() != 0 || hi.src() != 0 || hi.offset() != 0) {
                    throw new InvalidProgramException(i + 1, "second half of lddw must have opcode, registers and offset 0");
                }
                second[i + 1] = true;
            }
        }
        TreeSet<Integer> functions = new TreeSet<>();
        functions.add(0);
        for (int i = 0; i < n; i++) {
            if (second[i]) {
                continue;
            }
            Instruction insn = program.get(i);
            int target = jumpTarget(i, insn);
            if (target != Integer.MIN_VALUE) {
                if (target < 0 || target >= n) {
                    throw new InvalidProgramException(i, InvalidProgramException.Kind.JUMP_OUT_OF_RANGE,
                            "jump to " + target + " is outside the program (0.." + (n - 1) + ")");
                }
                if (second[target]) {
                    throw new InvalidProgramException(i, InvalidProgramException.Kind.LDDW_SPLIT, "jump to " + target + " lands in the middle of an lddw");
                }
                if (insn.opcode() == CALL) {
                    functions.add(target);
                }
            }
        }
        for (int entry : functions) {
            checkFlow(program, second, entry, !flow ? entryRegisters : entry == 0 ? entryRegisters : DEFAULT_ENTRY_REGISTERS, flow);
        }
    }

    /**
     * The slot a jump or local call at {@code pc} transfers control to, or Integer.MIN_VALUE for
     * instructions that do not jump.
     */
    public static int jumpTarget(int pc, Instruction insn) {
        int opcode = insn.opcode();
        if (opcode == JA32) {
            return pc + 1 + insn.imm();
        }
        if (opcode == CALL) {
            return insn.src() == CALL_LOCAL ? pc + 1 + insn.imm() : Integer.MIN_VALUE;
        }
        if (isJump(opcode) && op(opcode) != JMP_EXIT && op(opcode) != JMP_CALL) {
            return pc + 1 + insn.offset();
        }
        return Integer.MIN_VALUE;
    }

    private static void checkFields(int i, Instruction insn, int n, boolean frameWrites) throws InvalidProgramException {
        int opcode = insn.opcode();
        String name = OPCODE_NAMES[opcode & 0xff];
        if (insn.dst() > 10) {
            throw new InvalidProgramException(i, "register r" + insn.dst() + " does not exist (dst)");
        }
        if (insn.src() > 10 && opcode != CALL) {
            throw new InvalidProgramException(i, "register r" + insn.src() + " does not exist (src)");
        }
        switch (cls(opcode)) {
            case CLS_ALU, CLS_ALU64 -> checkAlu(i, insn, name, frameWrites);
            case CLS_JMP, CLS_JMP32 -> checkJump(i, insn, name);
            case CLS_LD -> {
                int mode = mode(opcode);
                if (opcode == LDDW) {
                    zero(i, insn.offset(), "offset", name);
                    if (insn.src() != 0) {
                        throw new InvalidProgramException(i, "lddw with src " + insn.src()
                                + " (map or BTF pseudo-load) is not supported: only plain 64-bit constants");
                    }
                    writesDst(i, insn, frameWrites);
                } else if ((mode == MODE_ABS || mode == MODE_IND) && size(opcode) != SIZE_DW) {
                    zero(i, insn.dst(), "dst", name);
                    zero(i, insn.offset(), "offset", name);
                    if (mode == MODE_ABS) {
                        zero(i, insn.src(), "src", name);
                    }
                } else {
                    throw unknown(i, opcode);
                }
            }
            case CLS_LDX -> {
                int mode = mode(opcode);
                if (mode != MODE_MEM && !(mode == MODE_MEMSX && size(opcode) != SIZE_DW)) {
                    throw unknown(i, opcode);
                }
                zero(i, insn.imm(), "imm", name);
                writesDst(i, insn, frameWrites);
            }
            case CLS_ST -> {
                if (mode(opcode) != MODE_MEM) {
                    throw unknown(i, opcode);
                }
                zero(i, insn.src(), "src", name);
            }
            case CLS_STX -> {
                int mode = mode(opcode);
                if (mode == MODE_MEM) {
                    zero(i, insn.imm(), "imm", name);
                } else if (mode == MODE_ATOMIC && (size(opcode) == SIZE_W || size(opcode) == SIZE_DW)) {
                    int a = insn.imm();
                    if (!isAtomicOperation(a)) {
                        throw new InvalidProgramException(i, String.format("unknown atomic operation 0x%x", a));
                    }
                    if ((a & ATOMIC_FETCH) != 0 && a != ATOMIC_CMPXCHG && insn.src() == FRAME_POINTER) {
                        throw new InvalidProgramException(i, "r10 is the read-only frame pointer: a fetching atomic cannot return into it");
                    }
                } else {
                    throw unknown(i, opcode);
                }
            }
            default -> throw unknown(i, opcode);
        }
    }

    private static void checkAlu(int i, Instruction insn, String name, boolean frameWrites) throws InvalidProgramException {
        int opcode = insn.opcode();
        int op = op(opcode);
        boolean x = source(opcode) == SRC_X;
        boolean alu64 = cls(opcode) == CLS_ALU64;
        if (op > ALU_END) {
            throw unknown(i, opcode);
        }
        if (op == ALU_END) {
            if (alu64 && x) {
                throw unknown(i, opcode);
            }
            zero(i, insn.src(), "src", name);
            zero(i, insn.offset(), "offset", name);
            if (insn.imm() != 16 && insn.imm() != 32 && insn.imm() != 64) {
                throw new InvalidProgramException(i, "byte swap width must be 16, 32 or 64, not " + insn.imm());
            }
        } else if (op == ALU_NEG) {
            if (x) {
                throw unknown(i, opcode);
            }
            zero(i, insn.src(), "src", name);
            zero(i, insn.offset(), "offset", name);
            zero(i, insn.imm(), "imm", name);
        } else {
            int off = insn.offset();
            boolean offOk = off == 0
                    || ((op == ALU_DIV || op == ALU_MOD) && off == 1)
                    || (op == ALU_MOV && x && (off == 8 || off == 16 || (alu64 && off == 32)));
            if (!offOk) {
                throw new InvalidProgramException(i, name + " must have offset 0, not " + off);
            }
            if (x) {
                zero(i, insn.imm(), "imm", name);
            } else {
                zero(i, insn.src(), "src", name);
            }
        }
        writesDst(i, insn, frameWrites);
    }

    private static void checkJump(int i, Instruction insn, String name) throws InvalidProgramException {
        int opcode = insn.opcode();
        int op = op(opcode);
        boolean x = source(opcode) == SRC_X;
        boolean jmp32 = cls(opcode) == CLS_JMP32;
        if (op > JMP_JSLE) {
            throw unknown(i, opcode);
        }
        switch (op) {
            case JMP_JA -> {
                if (x) {
                    throw unknown(i, opcode);
                }
                zero(i, insn.dst(), "dst", name);
                zero(i, insn.src(), "src", name);
                if (jmp32) {
                    zero(i, insn.offset(), "offset", name);
                } else {
                    zero(i, insn.imm(), "imm", name);
                }
            }
            case JMP_CALL -> {
                if (jmp32) {
                    throw unknown(i, opcode);
                }
                zero(i, insn.offset(), "offset", name);
                if (x) {
                    zero(i, insn.src(), "src", name);
                    zero(i, insn.imm(), "imm", name);
                } else {
                    zero(i, insn.dst(), "dst", name);
                    if (insn.src() == CALL_HELPER_BTF) {
                        throw new InvalidProgramException(i, "calls of kernel functions by BTF id are not supported");
                    }
                    if (insn.src() != CALL_HELPER && insn.src() != CALL_LOCAL) {
                        throw new InvalidProgramException(i, "call with src " + insn.src() + " is not defined");
                    }
                }
            }
            case JMP_EXIT -> {
                if (jmp32 || x) {
                    throw unknown(i, opcode);
                }
                zero(i, insn.dst(), "dst", name);
                zero(i, insn.src(), "src", name);
                zero(i, insn.offset(), "offset", name);
                zero(i, insn.imm(), "imm", name);
            }
            default -> {
                if (x) {
                    zero(i, insn.imm(), "imm", name);
                } else {
                    zero(i, insn.src(), "src", name);
                }
            }
        }
    }

    private static void writesDst(int i, Instruction insn, boolean check) throws InvalidProgramException {
        if (check && insn.dst() == FRAME_POINTER) {
            throw new InvalidProgramException(i, "r10 is the read-only frame pointer and cannot be written");
        }
    }

    private static void zero(int i, int value, String field, String name) throws InvalidProgramException {
        if (value != 0) {
            throw new InvalidProgramException(i, name + " must have " + field + " 0, not " + value);
        }
    }

    private static InvalidProgramException unknown(int i, int opcode) {
        return new InvalidProgramException(i, String.format("unknown opcode 0x%02x", opcode));
    }

    /**
     * Walks one function from its entry, following jumps but not calls, with the set of registers
     * certainly written (intersection over paths), and reports reads of others and fall-through past
     * the end.
     */
    private static void checkFlow(Program program, boolean[] second, int entry, int entryRegs, boolean registers)
            throws InvalidProgramException {
        int n = program.size();
        int[] in = new int[n];
        boolean[] seen = new boolean[n];
        Deque<Integer> work = new ArrayDeque<>();
        in[entry] = entryRegs | (1 << FRAME_POINTER);
        seen[entry] = true;
        work.push(entry);
        while (!work.isEmpty()) {
            int pc = work.pop();
            Instruction insn = program.get(pc);
            int regs = in[pc];
            int reads = reads(insn);
            int missing = registers ? reads & ~regs : 0;
            if (missing != 0) {
                int r = Integer.numberOfTrailingZeros(missing);
                throw new InvalidProgramException(pc, InvalidProgramException.Kind.UNINIT_REGISTER, "reads r" + r + " before any value was written to it");
            }
            int out = regs | writes(insn);
            if (insn.opcode() == CALL || insn.opcode() == CALLX) {
                out = (regs & ~CALLER_SAVED) | 1;
            }
            int opcode = insn.opcode();
            if (opcode == EXIT) {
                continue;
            }
            int target = jumpTarget(pc, insn);
            boolean local = opcode == CALL && insn.src() == CALL_LOCAL;
            if (target != Integer.MIN_VALUE && !local) {
                flow(target, out, in, seen, work);
            }
            boolean unconditional = opcode == JA || opcode == JA32;
            if (!unconditional) {
                int next = pc + (insn.isLddw() ? 2 : 1);
                if (next >= n) {
                    throw new InvalidProgramException(pc, InvalidProgramException.Kind.FALL_THROUGH,
                            "execution can fall off the end of the program after this instruction");
                }
                flow(next, out, in, seen, work);
            }
        }
    }

    private static void flow(int target, int regs, int[] in, boolean[] seen, Deque<Integer> work) {
        if (!seen[target]) {
            seen[target] = true;
            in[target] = regs;
            work.push(target);
        } else if ((in[target] & regs) != in[target]) {
            in[target] &= regs;
            work.push(target);
        }
    }

    /** Bit set of registers the instruction reads. */
    public static int reads(Instruction insn) {
        int opcode = insn.opcode();
        int d = 1 << insn.dst();
        int s = 1 << insn.src();
        switch (cls(opcode)) {
            case CLS_ALU, CLS_ALU64: {
                int op = op(opcode);
                int r = op == ALU_MOV ? 0 : d;
                return source(opcode) == SRC_X && op != ALU_NEG && op != ALU_END ? r | s : r;
            }
            case CLS_LDX:
                return s;
            case CLS_ST:
                return d;
            case CLS_STX:
                if (mode(opcode) == MODE_ATOMIC && insn.imm() == ATOMIC_CMPXCHG) {
                    return d | s | 1;
                }
                return d | s;
            case CLS_LD:
                return mode(opcode) == MODE_IND ? s : 0;
            default: {
                int op = op(opcode);
                if (opcode == EXIT) {
                    return 1;
                }
                if (opcode == CALLX) {
                    return d;
                }
                if (op == JMP_CALL || op == JMP_JA) {
                    return 0;
                }
                return source(opcode) == SRC_X ? d | s : d;
            }
        }
    }

    /** Bit set of registers the instruction writes (calls aside). */
    public static int writes(Instruction insn) {
        int opcode = insn.opcode();
        switch (cls(opcode)) {
            case CLS_ALU, CLS_ALU64, CLS_LDX:
                return 1 << insn.dst();
            case CLS_LD:
                return opcode == LDDW ? 1 << insn.dst() : 1;
            case CLS_STX:
                if (mode(opcode) == MODE_ATOMIC) {
                    if (insn.imm() == ATOMIC_CMPXCHG) {
                        return 1;
                    }
                    if ((insn.imm() & ATOMIC_FETCH) != 0) {
                        return 1 << insn.src();
                    }
                }
                return 0;
            default:
                return 0;
        }
    }
}
