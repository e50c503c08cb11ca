package org.hyperupcall.ebpf.interp;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.Slots;
import org.hyperupcall.ebpf.vm.Alu;
import org.hyperupcall.ebpf.vm.Atomics;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.ExecutionHook;
import org.hyperupcall.ebpf.vm.FaultKind;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.VmFault;

/** A checked program in the decoded form the interpreter loop reads. */
final class InterpretedProgram implements Interpreter.Resumable {
    private final int[] opcode;
    private final int[] dst;
    private final int[] src;
    private final int[] off;
    private final int[] imm;
    private final long[] imm64;
    private final HelperTable helpers;
    private final long budget;
    /** The debugger's view of the run, or null. */
    private final ExecutionHook hook;

    InterpretedProgram(Program program, HelperTable helpers, long budget, ExecutionHook hook) {
        Slots slots = new Slots(program);
        opcode = slots.opcode;
        dst = slots.dst;
        src = slots.src;
        off = slots.off;
        imm = slots.imm;
        imm64 = slots.imm64;
        this.helpers = helpers;
        this.budget = budget;
        this.hook = hook;
    }

    @Override
    public ExecResult run(MemoryMap mem, long r1, long r2, long r3, long r4, long r5) {
        long[] r = new long[REGISTER_COUNT];
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
        r[5] = r5;
        r[FRAME_POINTER] = MemoryMap.STACK_TOP;
        return execute(mem, r, 0, 0);
    }

    @Override
    public ExecResult resume(MemoryMap mem, long[] registers, int pc, long executed) {
        return execute(mem, registers.clone(), pc, executed);
    }

    /** Runs from slot {@code pc} in the outermost frame, {@code count} instructions already executed. */
    private ExecResult execute(MemoryMap mem, long[] r, int pc, long count) {
        // Saved r6-r9 and return slot of each caller frame.
        long[] saved = new long[MAX_CALL_DEPTH * 4];
        int[] returnPc = new int[MAX_CALL_DEPTH];
        int depth = 0;
        final int[] opcode = this.opcode;
        try {
            while (true) {
                if (++count > budget) {
                    return ExecResult.fault(new VmFault(FaultKind.BUDGET_EXCEEDED,
                            "executed " + budget + " instructions without reaching exit").at(pc), count - 1);
                }
                int i = pc;
                if (hook != null) {
                    hook.before(i, r, depth, mem);
                }
                int d = dst[i];
                int s = src[i];
                pc++;
                switch (opcode[i]) {
                    // ALU64, immediate operand.
                    case ALU64_ADD_K -> r[d] += imm[i];
                    case ALU64_SUB_K -> r[d] -= imm[i];
                    case ALU64_MUL_K -> r[d] *= imm[i];
                    case ALU64_DIV_K -> r[d] = off[i] == 0 ? Alu.udiv64(r[d], imm[i]) : Alu.sdiv64(r[d], imm[i]);
                    case ALU64_OR_K -> r[d] |= imm[i];
                    case ALU64_AND_K -> r[d] &= imm[i];
                    case ALU64_LSH_K -> r[d] <<= imm[i];
                    case ALU64_RSH_K -> r[d] >>>= imm[i];
                    case ALU64_NEG -> r[d] = -r[d];
                    case ALU64_MOD_K -> r[d] = off[i] == 0 ? Alu.umod64(r[d], imm[i]) : Alu.smod64(r[d], imm[i]);
                    case ALU64_XOR_K -> r[d] ^= imm[i];
                    case ALU64_MOV_K -> r[d] = imm[i];
                    case ALU64_ARSH_K -> r[d] >>= imm[i];
                    case ALU64_BSWAP -> r[d] = Alu.bswap(r[d], imm[i]);
                    // ALU64, register operand.
                    case ALU64_ADD_X -> r[d] += r[s];
                    case ALU64_SUB_X -> r[d] -= r[s];
                    case ALU64_MUL_X -> r[d] *= r[s];
                    case ALU64_DIV_X -> r[d] = off[i] == 0 ? Alu.udiv64(r[d], r[s]) : Alu.sdiv64(r[d], r[s]);
                    case ALU64_OR_X -> r[d] |= r[s];
                    case ALU64_AND_X -> r[d] &= r[s];
                    case ALU64_LSH_X -> r[d] <<= r[s];
                    case ALU64_RSH_X -> r[d] >>>= r[s];
                    case ALU64_MOD_X -> r[d] = off[i] == 0 ? Alu.umod64(r[d], r[s]) : Alu.smod64(r[d], r[s]);
                    case ALU64_XOR_X -> r[d] ^= r[s];
                    case ALU64_MOV_X -> r[d] = switch (off[i]) {
                        case 8 -> (byte) r[s];
                        case 16 -> (short) r[s];
                        case 32 -> (int) r[s];
                        default -> r[s];
                    };
                    case ALU64_ARSH_X -> r[d] >>= r[s];
                    // ALU32, immediate operand: results are zero-extended.
                    case ALU32_ADD_K -> r[d] = ((int) r[d] + imm[i]) & 0xffffffffL;
                    case ALU32_SUB_K -> r[d] = ((int) r[d] - imm[i]) & 0xffffffffL;
                    case ALU32_MUL_K -> r[d] = ((int) r[d] * imm[i]) & 0xffffffffL;
                    case ALU32_DIV_K -> r[d] = off[i] == 0 ? Alu.udiv32(r[d], imm[i]) : Alu.sdiv32(r[d], imm[i]);
                    case ALU32_OR_K -> r[d] = ((int) r[d] | imm[i]) & 0xffffffffL;
                    case ALU32_AND_K -> r[d] = ((int) r[d] & imm[i]) & 0xffffffffL;
                    case ALU32_LSH_K -> r[d] = ((int) r[d] << imm[i]) & 0xffffffffL;
                    case ALU32_RSH_K -> r[d] = ((int) r[d] >>> imm[i]) & 0xffffffffL;
                    case ALU32_NEG -> r[d] = (-(int) r[d]) & 0xffffffffL;
                    case ALU32_MOD_K -> r[d] = off[i] == 0 ? Alu.umod32(r[d], imm[i]) : Alu.smod32(r[d], imm[i]);
                    case ALU32_XOR_K -> r[d] = ((int) r[d] ^ imm[i]) & 0xffffffffL;
                    case ALU32_MOV_K -> r[d] = imm[i] & 0xffffffffL;
                    case ALU32_ARSH_K -> r[d] = ((int) r[d] >> imm[i]) & 0xffffffffL;
                    case ALU32_END_FROM_LE -> r[d] = Alu.truncate(r[d], imm[i]);
                    case ALU32_END_FROM_BE -> r[d] = Alu.bswap(r[d], imm[i]);
                    // ALU32, register operand.
                    case ALU32_ADD_X -> r[d] = ((int) r[d] + (int) r[s]) & 0xffffffffL;
                    case ALU32_SUB_X -> r[d] = ((int) r[d] - (int) r[s]) & 0xffffffffL;
                    case ALU32_MUL_X -> r[d] = ((int) r[d] * (int) r[s]) & 0xffffffffL;
                    case ALU32_DIV_X -> r[d] = off[i] == 0 ? Alu.udiv32(r[d], r[s]) : Alu.sdiv32(r[d], r[s]);
                    case ALU32_OR_X -> r[d] = ((int) r[d] | (int) r[s]) & 0xffffffffL;
                    case ALU32_AND_X -> r[d] = ((int) r[d] & (int) r[s]) & 0xffffffffL;
                    case ALU32_LSH_X -> r[d] = ((int) r[d] << (int) r[s]) & 0xffffffffL;
                    case ALU32_RSH_X -> r[d] = ((int) r[d] >>> (int) r[s]) & 0xffffffffL;
                    case ALU32_MOD_X -> r[d] = off[i] == 0 ? Alu.umod32(r[d], r[s]) : Alu.smod32(r[d], r[s]);
                    case ALU32_XOR_X -> r[d] = ((int) r[d] ^ (int) r[s]) & 0xffffffffL;
                    case ALU32_MOV_X -> r[d] = switch (off[i]) {
                        case 8 -> (byte) r[s];
                        case 16 -> (short) r[s];
                        default -> (int) r[s];
                    } & 0xffffffffL;
                    case ALU32_ARSH_X -> r[d] = ((int) r[d] >> (int) r[s]) & 0xffffffffL;
                    // 64-bit immediate load.
                    case LDDW -> {
                        r[d] = imm64[i];
                        pc++;
                    }
                    // Legacy packet loads: r0 = big-endian bytes of the packet.
                    case LD_ABS_W -> r[0] = mem.loadPacket(imm[i], 4);
                    case LD_ABS_H -> r[0] = mem.loadPacket(imm[i], 2);
                    case LD_ABS_B -> r[0] = mem.loadPacket(imm[i], 1);
                    case LD_IND_W -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 4);
                    case LD_IND_H -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 2);
                    case LD_IND_B -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 1);
                    // Loads.
                    case LDX_MEM_W -> r[d] = mem.load32(r[s] + off[i]);
                    case LDX_MEM_H -> r[d] = mem.load16(r[s] + off[i]);
                    case LDX_MEM_B -> r[d] = mem.load8(r[s] + off[i]);
                    case LDX_MEM_DW -> r[d] = mem.load64(r[s] + off[i]);
                    case LDX_MEMSX_W -> r[d] = (int) mem.load32(r[s] + off[i]);
                    case LDX_MEMSX_H -> r[d] = (short) mem.load16(r[s] + off[i]);
                    case LDX_MEMSX_B -> r[d] = (byte) mem.load8(r[s] + off[i]);
                    // Stores of an immediate.
                    case ST_MEM_W -> mem.store32(r[d] + off[i], imm[i]);
                    case ST_MEM_H -> mem.store16(r[d] + off[i], imm[i]);
                    case ST_MEM_B -> mem.store8(r[d] + off[i], imm[i]);
                    case ST_MEM_DW -> mem.store64(r[d] + off[i], imm[i]);
                    // Stores of a register.
                    case STX_MEM_W -> mem.store32(r[d] + off[i], r[s]);
                    case STX_MEM_H -> mem.store16(r[d] + off[i], r[s]);
                    case STX_MEM_B -> mem.store8(r[d] + off[i], r[s]);
                    case STX_MEM_DW -> mem.store64(r[d] + off[i], r[s]);
                    // Atomics.
                    case STX_ATOMIC_W -> atomic(mem, r, i, d, s, false);
                    case STX_ATOMIC_DW -> atomic(mem, r, i, d, s, true);
                    // Jumps.
                    case JA -> pc += off[i];
                    case JA32 -> pc += imm[i];
                    case JMP_JEQ_K -> { if (r[d] == imm[i]) pc += off[i]; }
                    case JMP_JEQ_X -> { if (r[d] == r[s]) pc += off[i]; }
                    case JMP_JGT_K -> { if (Long.compareUnsigned(r[d], imm[i]) > 0) pc += off[i]; }
                    case JMP_JGT_X -> { if (Long.compareUnsigned(r[d], r[s]) > 0) pc += off[i]; }
                    case JMP_JGE_K -> { if (Long.compareUnsigned(r[d], imm[i]) >= 0) pc += off[i]; }
                    case JMP_JGE_X -> { if (Long.compareUnsigned(r[d], r[s]) >= 0) pc += off[i]; }
                    case JMP_JLT_K -> { if (Long.compareUnsigned(r[d], imm[i]) < 0) pc += off[i]; }
                    case JMP_JLT_X -> { if (Long.compareUnsigned(r[d], r[s]) < 0) pc += off[i]; }
                    case JMP_JLE_K -> { if (Long.compareUnsigned(r[d], imm[i]) <= 0) pc += off[i]; }
                    case JMP_JLE_X -> { if (Long.compareUnsigned(r[d], r[s]) <= 0) pc += off[i]; }
                    case JMP_JSET_K -> { if ((r[d] & imm[i]) != 0) pc += off[i]; }
                    case JMP_JSET_X -> { if ((r[d] & r[s]) != 0) pc += off[i]; }
                    case JMP_JNE_K -> { if (r[d] != imm[i]) pc += off[i]; }
                    case JMP_JNE_X -> { if (r[d] != r[s]) pc += off[i]; }
                    case JMP_JSGT_K -> { if (r[d] > imm[i]) pc += off[i]; }
                    case JMP_JSGT_X -> { if (r[d] > r[s]) pc += off[i]; }
                    case JMP_JSGE_K -> { if (r[d] >= imm[i]) pc += off[i]; }
                    case JMP_JSGE_X -> { if (r[d] >= r[s]) pc += off[i]; }
                    case JMP_JSLT_K -> { if (r[d] < imm[i]) pc += off[i]; }
                    case JMP_JSLT_X -> { if (r[d] < r[s]) pc += off[i]; }
                    case JMP_JSLE_K -> { if (r[d] <= imm[i]) pc += off[i]; }
                    case JMP_JSLE_X -> { if (r[d] <= r[s]) pc += off[i]; }
                    // 32-bit jumps compare the low halves.
                    case JMP32_JEQ_K -> { if ((int) r[d] == imm[i]) pc += off[i]; }
                    case JMP32_JEQ_X -> { if ((int) r[d] == (int) r[s]) pc += off[i]; }
                    case JMP32_JGT_K -> { if (Integer.compareUnsigned((int) r[d], imm[i]) > 0) pc += off[i]; }
                    case JMP32_JGT_X -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) > 0) pc += off[i]; }
                    case JMP32_JGE_K -> { if (Integer.compareUnsigned((int) r[d], imm[i]) >= 0) pc += off[i]; }
                    case JMP32_JGE_X -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) >= 0) pc += off[i]; }
                    case JMP32_JLT_K -> { if (Integer.compareUnsigned((int) r[d], imm[i]) < 0) pc += off[i]; }
                    case JMP32_JLT_X -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) < 0) pc += off[i]; }
                    case JMP32_JLE_K -> { if (Integer.compareUnsigned((int) r[d], imm[i]) <= 0) pc += off[i]; }
                    case JMP32_JLE_X -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) <= 0) pc += off[i]; }
                    case JMP32_JSET_K -> { if (((int) r[d] & imm[i]) != 0) pc += off[i]; }
                    case JMP32_JSET_X -> { if (((int) r[d] & (int) r[s]) != 0) pc += off[i]; }
                    case JMP32_JNE_K -> { if ((int) r[d] != imm[i]) pc += off[i]; }
                    case JMP32_JNE_X -> { if ((int) r[d] != (int) r[s]) pc += off[i]; }
                    case JMP32_JSGT_K -> { if ((int) r[d] > imm[i]) pc += off[i]; }
                    case JMP32_JSGT_X -> { if ((int) r[d] > (int) r[s]) pc += off[i]; }
                    case JMP32_JSGE_K -> { if ((int) r[d] >= imm[i]) pc += off[i]; }
                    case JMP32_JSGE_X -> { if ((int) r[d] >= (int) r[s]) pc += off[i]; }
                    case JMP32_JSLT_K -> { if ((int) r[d] < imm[i]) pc += off[i]; }
                    case JMP32_JSLT_X -> { if ((int) r[d] < (int) r[s]) pc += off[i]; }
                    case JMP32_JSLE_K -> { if ((int) r[d] <= imm[i]) pc += off[i]; }
                    case JMP32_JSLE_X -> { if ((int) r[d] <= (int) r[s]) pc += off[i]; }
                    // Calls and exit.
                    case CALL -> {
                        if (s == CALL_LOCAL) {
                            if (depth + 1 >= MAX_CALL_DEPTH) {
                                throw new VmFault(FaultKind.CALL_DEPTH,
                                        "bpf-to-bpf calls nested more than " + MAX_CALL_DEPTH + " frames deep");
                            }
                            int k = depth * 4;
                            saved[k] = r[6];
                            saved[k + 1] = r[7];
                            saved[k + 2] = r[8];
                            saved[k + 3] = r[9];
                            returnPc[depth] = pc;
                            depth++;
                            r[FRAME_POINTER] -= STACK_FRAME_SIZE;
                            pc += imm[i];
                        } else {
                            r[0] = helpers.invoke(imm[i] & 0xffffffffL, r[1], r[2], r[3], r[4], r[5], mem);
                        }
                    }
                    case CALLX -> r[0] = helpers.invoke(r[d], r[1], r[2], r[3], r[4], r[5], mem);
                    case EXIT -> {
                        if (depth == 0) {
                            return ExecResult.ok(r[0], count);
                        }
                        depth--;
                        int k = depth * 4;
                        r[6] = saved[k];
                        r[7] = saved[k + 1];
                        r[8] = saved[k + 2];
                        r[9] = saved[k + 3];
                        r[FRAME_POINTER] += STACK_FRAME_SIZE;
                        pc = returnPc[depth];
                    }
                    default -> throw new VmFault(FaultKind.BAD_CALL,
                            String.format("opcode 0x%02x cannot be executed", opcode[i]));
                }
            }
        } catch (VmFault f) {
            return ExecResult.fault(f.at(lastPc(pc)), count);
        }
    }

    /** The slot that was executing when a fault was thrown: pc has already moved past it. */
    private int lastPc(int pc) {
        // Faults are only thrown by non-jumping instructions, which advance pc by exactly one.
        return pc - 1;
    }

    private void atomic(MemoryMap mem, long[] r, int i, int d, int s, boolean wide) {
        long addr = r[d] + off[i];
        long old = wide ? Atomics.atomic64(mem, addr, r[s], r[0], imm[i]) : Atomics.atomic32(mem, addr, r[s], r[0], imm[i]);
        if (imm[i] == ATOMIC_CMPXCHG) {
            r[0] = old;
        } else if ((imm[i] & ATOMIC_FETCH) != 0) {
            r[s] = old;
        }
    }
}
