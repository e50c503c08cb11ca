package org.hyperupcall.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.jit.Jit;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.FaultKind;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The security boundary under coverage-guided fuzzing: programs built from the fuzzer's bytes
 * (any defined opcode, registers, offsets and immediates biased towards the context, the stack
 * and two registered regions) are verified; every accepted one runs on the interpreter and the
 * JIT without leaving its memory, within the instruction bound the verifier proved, returning a
 * return code, and both engines agree on the result and on the memory they leave.
 */
class VerifierFuzzTest {
    private static final long CTX = 0x0000_6000_0000_0000L;
    private static final long GUEST = 0xffff_8880_0000_1000L;
    private static final int GUEST_SIZE = 256;
    private static final long RODATA = 0xffff_8880_0010_0000L;
    private static final int RODATA_SIZE = 64;
    private static final ProgramType TYPE = ProgramType.of(Event.VM_EXIT);
    private static final VerifierOptions OPTIONS = VerifierOptions.defaults()
            .withRegions(List.of(new MemoryRange("guest", GUEST, GUEST_SIZE, true), new MemoryRange("rodata", RODATA, RODATA_SIZE, false)))
            .withTimeBudget(java.time.Duration.ofMillis(200)); // as the editors: a program the verifier gives up on is refused, not followed for seconds
    private static final Set<FaultKind> UNSAFE = Set.of(FaultKind.OUT_OF_BOUNDS, FaultKind.READ_ONLY, FaultKind.BUDGET_EXCEEDED,
            FaultKind.BAD_CALL, FaultKind.CALL_DEPTH);
    private static final int[] OPCODES = IntStream.range(0, 256).filter(Opcodes::isDefined).toArray();
    private static final long[] ADDRESSES = {CTX, GUEST, GUEST + GUEST_SIZE - 8, GUEST + GUEST_SIZE, RODATA, RODATA + RODATA_SIZE - 1};
    private static final int[] IMMEDIATES = {0, 1, 2, 4, 7, 8, 16, 63, 64, 255, GUEST_SIZE - 8, GUEST_SIZE, -1, -8, -512, 0x7fffffff,
        Integer.MIN_VALUE};
    private static final int[] HELPERS_CALLED = {1, 2, 3, 8, 9, 12, 13, 99};
    private static final List<Engine> ENGINES = List.of(new Interpreter(), new Jit());

    /** The helpers as far as memory goes: they access memory through the map, so a bad pointer faults. */
    private static final HelperTable HELPERS = HelperTable.builder()
            .add(1, "hup_memcpy", (dst, src, len, r4, r5, m) -> {
                m.write(dst, m.read(src, (int) len));
                return 0;
            })
            .add(2, "hup_memset", (dst, c, len, r4, r5, m) -> {
                byte[] b = new byte[(int) len];
                Arrays.fill(b, (byte) c);
                m.write(dst, b);
                return 0;
            })
            .add(3, "hup_cmpxchg", (p, old, nw, r4, r5, m) -> {
                long v = m.load64(p);
                if (v == old) {
                    m.store64(p, nw);
                }
                return v;
            })
            .add(8, "hup_vcpu_is_running", (v, r2, r3, r4, r5, m) -> v & 1)
            .add(9, "hup_spin_trylock", (p, r2, r3, r4, r5, m) -> {
                long v = m.load32(p);
                m.store32(p, 1);
                return v == 0 ? 1 : 0;
            })
            .add(12, "hup_ktime_ns", (r1, r2, r3, r4, r5, m) -> 12345)
            .add(13, "hup_trace", (rec, len, r3, r4, r5, m) -> {
                m.read(rec, (int) len);
                return 0;
            })
            .build();

    @FuzzTest
    void acceptedProgramsStayInTheirMemoryAndBothEnginesAgree(FuzzedDataProvider data) {
        Program program = program(data);
        Verification v = Verifier.verify(program, TYPE, OPTIONS);
        if (!v.accepted()) {
            v.diagnostics().forEach(d -> Expect.message(new Exception(d.message())));
            return;
        }
        byte[] ctx = data.consumeBytes(Event.VM_EXIT.context().size());
        ctx = Arrays.copyOf(ctx, Event.VM_EXIT.context().size());
        byte[] guest = Arrays.copyOf(data.consumeBytes(GUEST_SIZE), GUEST_SIZE);
        byte[] rodata = Arrays.copyOf(data.consumeRemainingAsBytes(), RODATA_SIZE);
        ExecResult first = null;
        byte[] firstGuest = null;
        for (Engine engine : ENGINES) {
            byte[] guestBytes = guest.clone();
            Region guestRegion = new Region("guest", GUEST, guestBytes, true);
            MemoryMap memory = new MemoryMap().add(new Region("ctx", CTX, ctx.clone(), false)).add(guestRegion)
                    .add(new Region("rodata", RODATA, rodata.clone(), false));
            ExecResult r;
            try {
                // as the hypervisor runs an accepted program: the verifier has checked its flow (dead code may read anything)
                r = engine.prepare(program, HELPERS, ExecOptions.defaults().withVerified()).run(memory, CTX, 0, 0, 0, 0);
            } catch (org.hyperupcall.ebpf.isa.InvalidProgramException e) {
                throw new AssertionError("the verifier accepted a program " + engine.name() + " refuses: " + e.describe() + "\n"
                        + listing(program), e);
            }
            if (!r.isOk() && UNSAFE.contains(r.fault().kind())) {
                throw new AssertionError("accepted, and faults on " + engine.name() + ": " + r + "\n" + listing(program));
            }
            if (r.instructions() > v.maxExecuted()) {
                throw new AssertionError("proved at most " + v.maxExecuted() + " instructions, " + engine.name() + " ran " + r.instructions()
                        + "\n" + listing(program));
            }
            if (r.isOk() && !TYPE.returns(r.r0())) {
                throw new AssertionError("accepted, and returns " + r.r0() + " on " + engine.name() + "\n" + listing(program));
            }
            if (first == null) {
                first = r;
                firstGuest = guestBytes;
            } else if (first.isOk() != r.isOk() || (r.isOk() && first.r0() != r.r0()) || !Arrays.equals(firstGuest, guestBytes)) {
                throw new AssertionError("the engines disagree: " + first + " / " + r + "\n" + listing(program));
            }
        }
    }

    /** A program of up to 40 slots whose every field the fuzzer chooses, ending with exit. */
    static Program program(FuzzedDataProvider data) {
        List<Instruction> slots = new ArrayList<>();
        slots.add(new Instruction(0xbf, 6, 1, 0, 0)); // r6 = ctx
        int n = data.consumeInt(1, 40);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            int kind = data.consumeInt(0, 9);
            int dst = data.consumeInt(0, 10);
            int src = data.consumeInt(0, 10);
            if (kind == 0) { // a 64-bit address of a region, or near one
                long a = data.pickValue(ADDRESSES) + data.consumeInt(-16, 16);
                slots.add(new Instruction(0x18, dst, 0, 0, (int) a));
                slots.add(new Instruction(0, 0, 0, 0, (int) (a >>> 32)));
                continue;
            }
            if (kind == 1) { // a helper call
                slots.add(new Instruction(0x85, 0, 0, 0, data.pickValue(HELPERS_CALLED)));
                continue;
            }
            int opcode = data.pickValue(OPCODES);
            if (opcode == 0x18 || opcode == 0x85 || opcode == 0x95) {
                opcode = 0x07;
            }
            int offset = data.consumeBoolean() ? data.consumeInt(-4, 4) * 8 : data.consumeInt(-64, 64);
            int imm = data.consumeBoolean() ? data.pickValue(IMMEDIATES) : data.consumeInt();
            if ((opcode & 0x07) == Opcodes.CLS_JMP || (opcode & 0x07) == Opcodes.CLS_JMP32) {
                offset = data.consumeInt(-3, 6);
            }
            slots.add(new Instruction(opcode, dst, src, offset, imm));
        }
        slots.add(new Instruction(0xb7, 0, 0, 0, data.consumeInt(0, 2))); // r0 = a return code
        slots.add(new Instruction(0x95, 0, 0, 0, 0));
        return new Program("fuzz", slots.toArray(Instruction[]::new));
    }

    private static String listing(Program p) {
        return org.hyperupcall.ebpf.asm.Disassembler.objdump(p, true, null);
    }
}
