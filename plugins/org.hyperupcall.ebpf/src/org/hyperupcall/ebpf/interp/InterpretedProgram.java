package org.hyperupcall.ebpf.interp;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.Slots;
import org.hyperupcall.ebpf.vm.Alu;
import org.hyperupcall.ebpf.vm.Atomics;
import org.hyperupcall.ebpf.vm.ExecResult;
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

    InterpretedProgram(Program program, HelperTable helpers, long budget) {
        Slots slots = new Slots(program);
        opcode = slots.opcode;
        dst = slots.dst;
        src = slots.src;
        off = slots.off;
        imm = slots.imm;
        imm64 = slots.imm64;
        this.helpers = helpers;
        this.budget = budget;
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
                int d = dst[i];
                int s = src[i];
                pc++;
                switch (opcode[i]) {
                    // ALU64, immediate operand.
                    case 0x07 -> r[d] += imm[i];
                    case 0x17 -> r[d] -= imm[i];
                    case 0x27 -> r[d] *= imm[i];
                    case 0x37 -> r[d] = off[i] == 0 ? Alu.udiv64(r[d], imm[i]) : Alu.sdiv64(r[d], imm[i]);
                    case 0x47 -> r[d] |= imm[i];
                    case 0x57 -> r[d] &= imm[i];
                    case 0x67 -> r[d] <<= imm[i];
                    case 0x77 -> r[d] >>>= imm[i];
                    case 0x87 -> r[d] = -r[d];
                    case 0x97 -> r[d] = off[i] == 0 ? Alu.umod64(r[d], imm[i]) : Alu.smod64(r[d], imm[i]);
                    case 0xa7 -> r[d] ^= imm[i];
                    case 0xb7 -> r[d] = imm[i];
                    case 0xc7 -> r[d] >>= imm[i];
                    case 0xd7 -> r[d] = Alu.bswap(r[d], imm[i]);
                    // ALU64, register operand.
                    case 0x0f -> r[d] += r[s];
                    case 0x1f -> r[d] -= r[s];
                    case 0x2f -> r[d] *= r[s];
                    case 0x3f -> r[d] = off[i] == 0 ? Alu.udiv64(r[d], r[s]) : Alu.sdiv64(r[d], r[s]);
                    case 0x4f -> r[d] |= r[s];
                    case 0x5f -> r[d] &= r[s];
                    case 0x6f -> r[d] <<= r[s];
                    case 0x7f -> r[d] >>>= r[s];
                    case 0x9f -> r[d] = off[i] == 0 ? Alu.umod64(r[d], r[s]) : Alu.smod64(r[d], r[s]);
                    case 0xaf -> r[d] ^= r[s];
                    case 0xbf -> r[d] = switch (off[i]) {
                        case 8 -> (byte) r[s];
                        case 16 -> (short) r[s];
                        case 32 -> (int) r[s];
                        default -> r[s];
                    };
                    case 0xcf -> r[d] >>= r[s];
                    // ALU32, immediate operand: results are zero-extended.
                    case 0x04 -> r[d] = ((int) r[d] + imm[i]) & 0xffffffffL;
                    case 0x14 -> r[d] = ((int) r[d] - imm[i]) & 0xffffffffL;
                    case 0x24 -> r[d] = ((int) r[d] * imm[i]) & 0xffffffffL;
                    case 0x34 -> r[d] = off[i] == 0 ? Alu.udiv32(r[d], imm[i]) : Alu.sdiv32(r[d], imm[i]);
                    case 0x44 -> r[d] = ((int) r[d] | imm[i]) & 0xffffffffL;
                    case 0x54 -> r[d] = ((int) r[d] & imm[i]) & 0xffffffffL;
                    case 0x64 -> r[d] = ((int) r[d] << imm[i]) & 0xffffffffL;
                    case 0x74 -> r[d] = ((int) r[d] >>> imm[i]) & 0xffffffffL;
                    case 0x84 -> r[d] = (-(int) r[d]) & 0xffffffffL;
                    case 0x94 -> r[d] = off[i] == 0 ? Alu.umod32(r[d], imm[i]) : Alu.smod32(r[d], imm[i]);
                    case 0xa4 -> r[d] = ((int) r[d] ^ imm[i]) & 0xffffffffL;
                    case 0xb4 -> r[d] = imm[i] & 0xffffffffL;
                    case 0xc4 -> r[d] = ((int) r[d] >> imm[i]) & 0xffffffffL;
                    case 0xd4 -> r[d] = Alu.truncate(r[d], imm[i]);
                    case 0xdc -> r[d] = Alu.bswap(r[d], imm[i]);
                    // ALU32, register operand.
                    case 0x0c -> r[d] = ((int) r[d] + (int) r[s]) & 0xffffffffL;
                    case 0x1c -> r[d] = ((int) r[d] - (int) r[s]) & 0xffffffffL;
                    case 0x2c -> r[d] = ((int) r[d] * (int) r[s]) & 0xffffffffL;
                    case 0x3c -> r[d] = off[i] == 0 ? Alu.udiv32(r[d], r[s]) : Alu.sdiv32(r[d], r[s]);
                    case 0x4c -> r[d] = ((int) r[d] | (int) r[s]) & 0xffffffffL;
                    case 0x5c -> r[d] = ((int) r[d] & (int) r[s]) & 0xffffffffL;
                    case 0x6c -> r[d] = ((int) r[d] << (int) r[s]) & 0xffffffffL;
                    case 0x7c -> r[d] = ((int) r[d] >>> (int) r[s]) & 0xffffffffL;
                    case 0x9c -> r[d] = off[i] == 0 ? Alu.umod32(r[d], r[s]) : Alu.smod32(r[d], r[s]);
                    case 0xac -> r[d] = ((int) r[d] ^ (int) r[s]) & 0xffffffffL;
                    case 0xbc -> r[d] = switch (off[i]) {
                        case 8 -> (byte) r[s];
                        case 16 -> (short) r[s];
                        default -> (int) r[s];
                    } & 0xffffffffL;
                    case 0xcc -> r[d] = ((int) r[d] >> (int) r[s]) & 0xffffffffL;
                    // 64-bit immediate load.
                    case 0x18 -> {
                        r[d] = imm64[i];
                        pc++;
                    }
                    // Legacy packet loads: r0 = big-endian bytes of the packet.
                    case 0x20 -> r[0] = mem.loadPacket(imm[i], 4);
                    case 0x28 -> r[0] = mem.loadPacket(imm[i], 2);
                    case 0x30 -> r[0] = mem.loadPacket(imm[i], 1);
                    case 0x40 -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 4);
                    case 0x48 -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 2);
                    case 0x50 -> r[0] = mem.loadPacket((long) (int) r[s] + imm[i], 1);
                    // Loads.
                    case 0x61 -> r[d] = mem.load32(r[s] + off[i]);
                    case 0x69 -> r[d] = mem.load16(r[s] + off[i]);
                    case 0x71 -> r[d] = mem.load8(r[s] + off[i]);
                    case 0x79 -> r[d] = mem.load64(r[s] + off[i]);
                    case 0x81 -> r[d] = (int) mem.load32(r[s] + off[i]);
                    case 0x89 -> r[d] = (short) mem.load16(r[s] + off[i]);
                    case 0x91 -> r[d] = (byte) mem.load8(r[s] + off[i]);
                    // Stores of an immediate.
                    case 0x62 -> mem.store32(r[d] + off[i], imm[i]);
                    case 0x6a -> mem.store16(r[d] + off[i], imm[i]);
                    case 0x72 -> mem.store8(r[d] + off[i], imm[i]);
                    case 0x7a -> mem.store64(r[d] + off[i], imm[i]);
                    // Stores of a register.
                    case 0x63 -> mem.store32(r[d] + off[i], r[s]);
                    case 0x6b -> mem.store16(r[d] + off[i], r[s]);
                    case 0x73 -> mem.store8(r[d] + off[i], r[s]);
                    case 0x7b -> mem.store64(r[d] + off[i], r[s]);
                    // Atomics.
                    case 0xc3 -> atomic(mem, r, i, d, s, false);
                    case 0xdb -> atomic(mem, r, i, d, s, true);
                    // Jumps.
                    case 0x05 -> pc += off[i];
                    case 0x06 -> pc += imm[i];
                    case 0x15 -> { if (r[d] == imm[i]) pc += off[i]; }
                    case 0x1d -> { if (r[d] == r[s]) pc += off[i]; }
                    case 0x25 -> { if (Long.compareUnsigned(r[d], imm[i]) > 0) pc += off[i]; }
                    case 0x2d -> { if (Long.compareUnsigned(r[d], r[s]) > 0) pc += off[i]; }
                    case 0x35 -> { if (Long.compareUnsigned(r[d], imm[i]) >= 0) pc += off[i]; }
                    case 0x3d -> { if (Long.compareUnsigned(r[d], r[s]) >= 0) pc += off[i]; }
                    case 0xa5 -> { if (Long.compareUnsigned(r[d], imm[i]) < 0) pc += off[i]; }
                    case 0xad -> { if (Long.compareUnsigned(r[d], r[s]) < 0) pc += off[i]; }
                    case 0xb5 -> { if (Long.compareUnsigned(r[d], imm[i]) <= 0) pc += off[i]; }
                    case 0xbd -> { if (Long.compareUnsigned(r[d], r[s]) <= 0) pc += off[i]; }
                    case 0x45 -> { if ((r[d] & imm[i]) != 0) pc += off[i]; }
                    case 0x4d -> { if ((r[d] & r[s]) != 0) pc += off[i]; }
                    case 0x55 -> { if (r[d] != imm[i]) pc += off[i]; }
                    case 0x5d -> { if (r[d] != r[s]) pc += off[i]; }
                    case 0x65 -> { if (r[d] > imm[i]) pc += off[i]; }
                    case 0x6d -> { if (r[d] > r[s]) pc += off[i]; }
                    case 0x75 -> { if (r[d] >= imm[i]) pc += off[i]; }
                    case 0x7d -> { if (r[d] >= r[s]) pc += off[i]; }
                    case 0xc5 -> { if (r[d] < imm[i]) pc += off[i]; }
                    case 0xcd -> { if (r[d] < r[s]) pc += off[i]; }
                    case 0xd5 -> { if (r[d] <= imm[i]) pc += off[i]; }
                    case 0xdd -> { if (r[d] <= r[s]) pc += off[i]; }
                    // 32-bit jumps compare the low halves.
                    case 0x16 -> { if ((int) r[d] == imm[i]) pc += off[i]; }
                    case 0x1e -> { if ((int) r[d] == (int) r[s]) pc += off[i]; }
                    case 0x26 -> { if (Integer.compareUnsigned((int) r[d], imm[i]) > 0) pc += off[i]; }
                    case 0x2e -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) > 0) pc += off[i]; }
                    case 0x36 -> { if (Integer.compareUnsigned((int) r[d], imm[i]) >= 0) pc += off[i]; }
                    case 0x3e -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) >= 0) pc += off[i]; }
                    case 0xa6 -> { if (Integer.compareUnsigned((int) r[d], imm[i]) < 0) pc += off[i]; }
                    case 0xae -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) < 0) pc += off[i]; }
                    case 0xb6 -> { if (Integer.compareUnsigned((int) r[d], imm[i]) <= 0) pc += off[i]; }
                    case 0xbe -> { if (Integer.compareUnsigned((int) r[d], (int) r[s]) <= 0) pc += off[i]; }
                    case 0x46 -> { if (((int) r[d] & imm[i]) != 0) pc += off[i]; }
                    case 0x4e -> { if (((int) r[d] & (int) r[s]) != 0) pc += off[i]; }
                    case 0x56 -> { if ((int) r[d] != imm[i]) pc += off[i]; }
                    case 0x5e -> { if ((int) r[d] != (int) r[s]) pc += off[i]; }
                    case 0x66 -> { if ((int) r[d] > imm[i]) pc += off[i]; }
                    case 0x6e -> { if ((int) r[d] > (int) r[s]) pc += off[i]; }
                    case 0x76 -> { if ((int) r[d] >= imm[i]) pc += off[i]; }
                    case 0x7e -> { if ((int) r[d] >= (int) r[s]) pc += off[i]; }
                    case 0xc6 -> { if ((int) r[d] < imm[i]) pc += off[i]; }
                    case 0xce -> { if ((int) r[d] < (int) r[s]) pc += off[i]; }
                    case 0xd6 -> { if ((int) r[d] <= imm[i]) pc += off[i]; }
                    case 0xde -> { if ((int) r[d] <= (int) r[s]) pc += off[i]; }
                    // Calls and exit.
                    case 0x85 -> {
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
                    case 0x8d -> r[0] = helpers.invoke(r[d], r[1], r[2], r[3], r[4], r[5], mem);
                    case 0x95 -> {
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
