package org.hyperupcall.verifier.tests;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.Arrays;
import java.util.function.LongPredicate;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;
import org.hyperupcall.ebpf.vm.Alu;

/**
 * The one execution of a context-free program, with everything the verifier's rules are about
 * made concrete: which registers and stack bytes hold a value, which hold a pointer (to the
 * context, r1 at entry, or into the stack frame), and how many instructions ran. A program is safe
 * when this run reaches exit with a number r0 may hold, having read nothing unset, written nothing
 * outside the frame or to r10, leaked or cut no pointer, touched no context and ended within its
 * budget. Deliberately simple and separate from the verifier: the oracle for its false alarms.
 */
final class ReferenceRun {
    /** What the run found: null when it was safe, else the first rule broken and where. */
    record Outcome(String unsafe, int insn, long r0, long steps) {
        boolean safe() {
            return unsafe == null;
        }
    }

    private static final int UNSET = 0;
    private static final int SCALAR = 1;
    private static final int CTX = 2;
    private static final int STACK = 3;
    private static final long BUDGET = 1_000_000;

    private ReferenceRun() {
    }

    static Outcome run(Program p, LongPredicate returns) {
        long[] val = new long[11];
        int[] tag = new int[11];
        tag[1] = CTX;
        tag[10] = STACK;
        byte[] stack = new byte[512];
        boolean[] set = new boolean[512];
        int[] spilledTag = new int[64]; // per aligned 8-byte slot: a pointer spilled whole, or UNSET
        long[] spilledVal = new long[64];
        int pc = 0;
        long steps = 0;
        while (true) {
            if (++steps > BUDGET) {
                return new Outcome("does not end within " + BUDGET + " instructions", pc, 0, steps);
            }
            Instruction insn = p.get(pc);
            int opcode = insn.opcode();
            int reads = ProgramChecker.reads(insn);
            for (int r = 0; r < 11; r++) {
                if ((reads & (1 << r)) != 0 && tag[r] == UNSET) {
                    return new Outcome("reads r" + r + " before it is set", pc, 0, steps);
                }
            }
            if ((ProgramChecker.writes(insn) & (1 << FRAME_POINTER)) != 0) {
                return new Outcome("writes r10", pc, 0, steps);
            }
            int d = insn.dst();
            int s = insn.src();
            int next = pc + (insn.isLddw() ? 2 : 1);
            switch (cls(opcode)) {
                case CLS_ALU, CLS_ALU64 -> {
                    boolean alu64 = cls(opcode) == CLS_ALU64;
                    boolean x = source(opcode) == SRC_X;
                    int op = op(opcode);
                    boolean srcPtr = x && op != ALU_NEG && op != ALU_END && (tag[s] == CTX || tag[s] == STACK);
                    boolean dstPtr = op != ALU_MOV && (tag[d] == CTX || tag[d] == STACK);
                    if (op == ALU_MOV && alu64 && x && insn.offset() == 0) {
                        tag[d] = tag[s];
                        val[d] = val[s];
                    } else if (srcPtr || dstPtr) {
                        if (!alu64) {
                            return new Outcome("32-bit arithmetic on a pointer", pc, 0, steps);
                        }
                        long operand = x ? val[s] : insn.imm();
                        if (op == ALU_ADD && dstPtr != srcPtr) {
                            int t = dstPtr ? tag[d] : tag[s];
                            val[d] = val[d] + operand;
                            tag[d] = t;
                        } else if (op == ALU_SUB && dstPtr && !srcPtr) {
                            val[d] = val[d] - operand;
                        } else if (op == ALU_SUB && dstPtr && srcPtr && tag[d] == tag[s]) {
                            val[d] = val[d] - val[s];
                            tag[d] = SCALAR;
                        } else {
                            return new Outcome("arithmetic on a pointer that is not an offset", pc, 0, steps);
                        }
                    } else {
                        val[d] = Alu.compute(opcode, insn.offset(), insn.imm(), val[d], x ? val[s] : 0);
                        tag[d] = SCALAR;
                    }
                }
                case CLS_LD -> {
                    if (opcode != LDDW) {
                        return new Outcome("legacy packet load", pc, 0, steps);
                    }
                    val[d] = p.imm64(pc);
                    tag[d] = SCALAR;
                }
                case CLS_LDX -> {
                    if (tag[s] != STACK) {
                        return new Outcome("loads through " + (tag[s] == CTX ? "the context" : "a number"), pc, 0, steps);
                    }
                    int size = sizeBytes(opcode);
                    long at = val[s] + insn.offset();
                    if (at < -512 || at + size > 0) {
                        return new Outcome("loads outside the frame", pc, 0, steps);
                    }
                    int i = (int) (512 + at);
                    int slot = i / 8;
                    if (spilledTag[slot] != UNSET || (i + size - 1) / 8 != slot && spilledTag[(i + size - 1) / 8] != UNSET) {
                        if (size == 8 && i % 8 == 0) {
                            tag[d] = spilledTag[slot];
                            val[d] = spilledVal[slot];
                            break;
                        }
                        return new Outcome("loads part of a spilled pointer", pc, 0, steps);
                    }
                    long v = 0;
                    for (int b = size - 1; b >= 0; b--) {
                        if (!set[i + b]) {
                            return new Outcome("loads a stack byte never written", pc, 0, steps);
                        }
                        v = (v << 8) | (stack[i + b] & 0xff);
                    }
                    if (mode(opcode) == MODE_MEMSX) {
                        v = (v << (64 - 8 * size)) >> (64 - 8 * size);
                    }
                    val[d] = v;
                    tag[d] = SCALAR;
                }
                case CLS_ST, CLS_STX -> {
                    if (mode(opcode) == MODE_ATOMIC) {
                        return new Outcome("atomic operation (not generated)", pc, 0, steps);
                    }
                    if (tag[d] != STACK) {
                        return new Outcome("stores through " + (tag[d] == CTX ? "the context" : "a number"), pc, 0, steps);
                    }
                    int size = sizeBytes(opcode);
                    long at = val[d] + insn.offset();
                    if (at < -512 || at + size > 0) {
                        return new Outcome("stores outside the frame", pc, 0, steps);
                    }
                    int i = (int) (512 + at);
                    boolean ptr = cls(opcode) == CLS_STX && tag[s] != SCALAR;
                    long v = cls(opcode) == CLS_ST ? insn.imm() : val[s];
                    if (ptr && (size != 8 || i % 8 != 0)) {
                        return new Outcome("stores part of a pointer", pc, 0, steps);
                    }
                    for (int b = 0; b < size; b++) {
                        int slot = (i + b) / 8;
                        if (spilledTag[slot] != UNSET) {
                            Arrays.fill(set, slot * 8, slot * 8 + 8, false); // what is left of the pointer is unreadable
                            spilledTag[slot] = UNSET;
                        }
                    }
                    for (int b = 0; b < size; b++) {
                        stack[i + b] = (byte) (v >>> (8 * b));
                        set[i + b] = true;
                    }
                    if (ptr) {
                        spilledTag[i / 8] = tag[s];
                        spilledVal[i / 8] = val[s];
                    }
                }
                default -> {
                    if (opcode == EXIT) {
                        if (tag[0] != SCALAR) {
                            return new Outcome("returns a pointer", pc, 0, steps);
                        }
                        if (!returns.test(val[0])) {
                            return new Outcome("returns " + val[0] + ", not a return code", pc, val[0], steps);
                        }
                        return new Outcome(null, pc, val[0], steps);
                    }
                    if (opcode == CALL || opcode == CALLX) {
                        return new Outcome("calls (not generated)", pc, 0, steps);
                    }
                    int target = ProgramChecker.jumpTarget(pc, insn);
                    if (opcode == JA || opcode == JA32) {
                        pc = target;
                        continue;
                    }
                    boolean jmp32 = cls(opcode) == CLS_JMP32;
                    boolean x = source(opcode) == SRC_X;
                    long a = val[d];
                    long b = x ? val[s] : jmp32 ? insn.imm() & 0xffffffffL : insn.imm();
                    int ta = tag[d];
                    int tb = x ? tag[s] : SCALAR;
                    if (ta != SCALAR || tb != SCALAR) {
                        boolean nullCheck = (ta == SCALAR && a == 0 || tb == SCALAR && b == 0) && !jmp32
                                && (op(opcode) == JMP_JEQ || op(opcode) == JMP_JNE);
                        if (ta == tb && !jmp32) {
                            // two pointers into the same area: their offsets compare
                        } else if (nullCheck) {
                            pc = op(opcode) == JMP_JNE ? target : next; // a pointer is never 0
                            continue;
                        } else {
                            return new Outcome("compares a pointer with a number", pc, 0, steps);
                        }
                    }
                    pc = Alu.jumpTaken(op(opcode), jmp32, a, b) ? target : next;
                    continue;
                }
            }
            pc = next;
        }
    }
}
