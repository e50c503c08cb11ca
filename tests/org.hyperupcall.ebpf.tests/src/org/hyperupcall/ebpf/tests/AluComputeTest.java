package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Alu;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.junit.jupiter.api.Test;

/** Alu.compute, which the verifier folds constants with, computes what the engines compute. */
class AluComputeTest {
    @Test
    void foldsEveryAluInstructionExactlyAsTheInterpreterRunsIt() throws Exception {
        Random random = new Random(11);
        int checked = 0;
        for (int cls : new int[] {Opcodes.CLS_ALU, Opcodes.CLS_ALU64}) {
            for (int op = 0; op <= 0xd0; op += 0x10) {
                for (int src : new int[] {Opcodes.SRC_K, Opcodes.SRC_X}) {
                    for (int round = 0; round < 200; round++) {
                        Instruction insn = instruction(cls | op | src, random);
                        if (insn == null) {
                            continue;
                        }
                        long a = pick(random);
                        long b = pick(random);
                        Program p = new Program("alu", new Instruction[] {
                            new Instruction(Op.LDDW, 1, 0, 0, (int) a), new Instruction(0, 0, 0, 0, (int) (a >>> 32)),
                            new Instruction(Op.LDDW, 2, 0, 0, (int) b), new Instruction(0, 0, 0, 0, (int) (b >>> 32)),
                            insn,
                            new Instruction(Opcodes.CLS_ALU64 | Opcodes.SRC_X | Opcodes.ALU_MOV, 0, 1, 0, 0),
                            new Instruction(Op.EXIT, 0, 0, 0, 0)});
                        ExecResult r = new Interpreter().prepare(p, HelperTable.empty(), ExecOptions.defaults())
                                .run(new MemoryMap(), 0, 0);
                        assertTrue(r.isOk(), r::toString);
                        long folded = Alu.compute(insn.opcode(), insn.offset(), insn.imm(), a, b);
                        assertEquals(r.r0(), folded, () -> String.format("opcode 0x%02x off %d imm %d on 0x%x, 0x%x",
                                insn.opcode(), insn.offset(), insn.imm(), a, b));
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 5000, "checked " + checked);
    }

    /** A valid instruction r1 op= (r2 | imm) for this opcode, or null when the opcode has no such form. */
    private static Instruction instruction(int opcode, Random random) {
        int op = opcode & 0xf0;
        boolean x = (opcode & Opcodes.SRC_X) != 0;
        boolean alu64 = (opcode & 7) == Opcodes.CLS_ALU64;
        int imm = random.nextBoolean() ? random.nextInt(70) - 3 : random.nextInt();
        if (op == Opcodes.ALU_NEG) {
            return x ? null : new Instruction(opcode, 1, 0, 0, 0);
        }
        if (op == Opcodes.ALU_END) {
            if (alu64 && x) {
                return null;
            }
            return new Instruction(opcode, 1, 0, 0, new int[] {16, 32, 64}[random.nextInt(3)]);
        }
        int off = 0;
        if ((op == Opcodes.ALU_DIV || op == Opcodes.ALU_MOD) && random.nextBoolean()) {
            off = 1;
        }
        if (op == Opcodes.ALU_MOV && x && random.nextBoolean()) {
            off = alu64 ? new int[] {8, 16, 32}[random.nextInt(3)] : new int[] {8, 16}[random.nextInt(2)];
        }
        return x ? new Instruction(opcode, 1, 2, off, 0) : new Instruction(opcode, 1, 0, off, imm);
    }

    private static long pick(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Long.MIN_VALUE;
            case 3 -> random.nextInt(100);
            default -> random.nextLong();
        };
    }
}
