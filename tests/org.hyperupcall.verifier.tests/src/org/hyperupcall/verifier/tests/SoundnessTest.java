package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.Set;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.interp.Interpreter;
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
import org.junit.jupiter.api.Test;

/**
 * The verifier is the security boundary: random programs that touch the context, the stack and
 * registered guest memory in safe and unsafe ways are verified, and every program it accepts runs
 * on both engines without ever leaving its memory, running out of budget or returning a value
 * that is not a return code. 10,000 programs by default ({@code hyperupcall.soundness.count}).
 */
class SoundnessTest {
    private static final long CTX = 0x0000_6000_0000_0000L;
    private static final long GUEST = 0xffff_8880_0000_1000L;
    private static final int GUEST_SIZE = 4096;
    private static final long RODATA = 0xffff_8880_0010_0000L;
    private static final int RODATA_SIZE = 256;
    private static final List<MemoryRange> REGIONS = List.of(new MemoryRange("guest", GUEST, GUEST_SIZE, true),
            new MemoryRange("rodata", RODATA, RODATA_SIZE, false));
    private static final Set<FaultKind> UNSAFE = Set.of(FaultKind.OUT_OF_BOUNDS, FaultKind.READ_ONLY, FaultKind.BUDGET_EXCEEDED,
            FaultKind.BAD_CALL, FaultKind.CALL_DEPTH);

    /** The ABI helpers, as far as memory goes: they access memory through the map, so a bad pointer faults. */
    static final HelperTable HELPERS = HelperTable.builder()
            .add(1, "hup_memcpy", (dst, src, len, r4, r5, m) -> {
                m.write(dst, m.read(src, (int) len));
                return 0;
            })
            .add(2, "hup_memset", (dst, c, len, r4, r5, m) -> {
                byte[] b = new byte[(int) len];
                java.util.Arrays.fill(b, (byte) c);
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

    @Test
    void programsTheVerifierAcceptsNeverLeaveTheirMemory() throws Exception {
        int count = Integer.getInteger("hyperupcall.soundness.count", 10_000);
        Random random = new Random(Long.getLong("hyperupcall.soundness.seed", 4242L));
        ProgramType type = ProgramType.of(Event.VM_EXIT);
        VerifierOptions options = VerifierOptions.defaults().withRegions(REGIONS);
        List<Engine> engines = List.of(new Interpreter(), new Jit());
        int accepted = 0;
        for (int k = 0; k < count; k++) {
            String text = generate(random);
            Program program = Assembler.assemble("random" + k + ".s", text);
            Verification v = Verifier.verify(program, type, options);
            if (!v.accepted()) {
                continue;
            }
            accepted++;
            byte[] ctx = new byte[Event.VM_EXIT.context().size()];
            byte[] guest = new byte[GUEST_SIZE];
            byte[] rodata = new byte[RODATA_SIZE];
            random.nextBytes(ctx);
            random.nextBytes(guest);
            random.nextBytes(rodata);
            for (Engine engine : engines) {
                MemoryMap memory = new MemoryMap().add(new Region("ctx", CTX, ctx.clone(), false))
                        .add(new Region("guest", GUEST, guest.clone(), true)).add(new Region("rodata", RODATA, rodata.clone(), false));
                ExecResult r = engine.prepare(program, HELPERS, ExecOptions.defaults()).run(memory, CTX, 0, 0, 0, 0);
                if (!r.isOk() && UNSAFE.contains(r.fault().kind())) {
                    fail("the verifier accepted a program that faults on " + engine.name() + ": " + r + "\n" + text);
                }
                if (r.instructions() > v.maxExecuted()) {
                    fail("the verifier proved at most " + v.maxExecuted() + " instructions per run, but " + engine.name() + " ran "
                            + r.instructions() + "\n" + text);
                }
                if (r.isOk() && !type.returns(r.r0())) {
                    fail("the verifier accepted a program that returns " + r.r0() + " on " + engine.name() + "\n" + text);
                }
            }
        }
        System.out.printf("soundness: %d random programs, %d accepted, each run on %d engines within its memory and its proved instruction bound%n",
                count, accepted, engines.size());
        assertTrue(accepted > count / 5, "only " + accepted + " of " + count + " programs were accepted: the generator is too wild");
        assertTrue(accepted < count, "every program was accepted: the generator never tries anything unsafe");
    }

    /** A random program over the vm_exit context, the stack and the two registered regions. */
    static String generate(Random random) {
        StringBuilder s = new StringBuilder();
        int labels = 0;
        s.append("mov %r6, %r1\n");
        for (int r : new int[] {0, 2, 3, 4, 5, 7, 8, 9}) {
            s.append("mov %r").append(r).append(", ").append(random.nextInt(64)).append('\n');
        }
        int steps = 3 + random.nextInt(10);
        for (int i = 0; i < steps; i++) {
            int reg = new int[] {2, 3, 4, 5, 7, 8}[random.nextInt(6)];
            switch (random.nextInt(11)) {
                case 0 -> { // context field, sometimes at a wrong offset
                    int[][] fields = {{0, 4}, {4, 4}, {8, 8}, {16, 8}, {24, 8}, {32, 8}};
                    int[] f = fields[random.nextInt(fields.length)];
                    int off = random.nextInt(8) == 0 ? f[0] + 1 + random.nextInt(4) : f[0];
                    s.append(f[1] == 4 ? "ldxw" : "ldxdw").append(" %r").append(reg).append(", [%r6+").append(off).append("]\n");
                }
                case 1, 2 -> { // guest read at base + masked value, the mask sometimes too wide
                    int size = 1 << random.nextInt(4);
                    int limit = random.nextInt(6) == 0 ? GUEST_SIZE : GUEST_SIZE - size;
                    int mask = Integer.highestOneBit(limit) * 2 - 1;
                    if (mask > limit) {
                        mask = Integer.highestOneBit(limit) - 1;
                    }
                    if (random.nextInt(8) == 0) {
                        mask = mask * 2 + 1;
                    }
                    s.append("mov %r9, %r").append(reg).append('\n');
                    s.append("and %r9, ").append(mask & ~(size - 1)).append('\n');
                    s.append("lddw %r8, ").append(String.format("0x%x", GUEST)).append('\n');
                    s.append("add %r8, %r9\n");
                    s.append(random.nextBoolean() ? "ldx" + suffix(size) + " %r" + reg + ", [%r8+0]\n"
                            : "stx" + suffix(size) + " [%r8+0], %r" + reg + "\n");
                }
                case 3 -> { // guest access behind a bounds check, sometimes off by one
                    int size = 1 << random.nextInt(4);
                    int limit = GUEST_SIZE - size + 1 - (random.nextInt(5) == 0 ? 0 : 1);
                    String out = "L" + labels++;
                    s.append("jge %r").append(reg).append(", ").append(limit).append(", ").append(out).append('\n');
                    s.append("lddw %r8, ").append(String.format("0x%x", GUEST)).append('\n');
                    s.append("add %r8, %r").append(reg).append('\n');
                    s.append("ldx").append(suffix(size)).append(" %r9, [%r8+0]\n");
                    s.append(out).append(":\n");
                }
                case 4 -> { // constant guest or rodata address, sometimes just outside, sometimes a write to rodata
                    boolean ro = random.nextInt(4) == 0;
                    long base = ro ? RODATA : GUEST;
                    int size = 1 << random.nextInt(4);
                    int regionSize = ro ? RODATA_SIZE : GUEST_SIZE;
                    int off = random.nextInt(6) == 0 ? regionSize - size + 1 + random.nextInt(8) : random.nextInt(regionSize - size + 1);
                    s.append("lddw %r8, ").append(String.format("0x%x", base + off)).append('\n');
                    s.append(random.nextInt(3) == 0 ? "st" + suffix(size) + " [%r8+0], 7\n" : "ldx" + suffix(size) + " %r9, [%r8+0]\n");
                }
                case 5 -> { // stack, sometimes out of the frame or unwritten
                    int off = 8 * (1 + random.nextInt(66));
                    if (random.nextBoolean()) {
                        s.append("stxdw [%r10-").append(off).append("], %r").append(reg).append('\n');
                    } else {
                        s.append("ldxdw %r").append(reg).append(", [%r10-").append(off).append("]\n");
                    }
                }
                case 6 -> { // arithmetic
                    String[] ops = {"add", "sub", "mul", "and", "or", "xor", "lsh", "rsh", "div", "mod", "add32", "mul32"};
                    s.append(ops[random.nextInt(ops.length)]).append(" %r").append(reg).append(", ")
                            .append(random.nextBoolean() ? "%r" + new int[] {2, 3, 4, 5, 7}[random.nextInt(5)] : random.nextInt(100))
                            .append('\n');
                }
                case 7 -> { // hup_memcpy into the stack from guest memory, with a size that may not be bounded
                    s.append("mov %r1, %r10\nadd %r1, -64\n");
                    s.append("lddw %r2, ").append(String.format("0x%x", GUEST + random.nextInt(GUEST_SIZE))).append('\n');
                    if (random.nextBoolean()) {
                        s.append("mov %r3, ").append(1 + random.nextInt(64)).append('\n');
                    } else {
                        s.append("mov %r3, %r").append(reg).append("\nand %r3, ").append(random.nextBoolean() ? 63 : 255).append('\n');
                    }
                    s.append("call 1\n");
                    for (int r = 1; r <= 5; r++) {
                        s.append("mov %r").append(r).append(", ").append(random.nextInt(16)).append('\n');
                    }
                }
                case 8 -> { // a bounded loop summing guest words
                    String head = "L" + labels++;
                    s.append("mov %r7, ").append(1 + random.nextInt(16)).append('\n');
                    s.append("lddw %r8, ").append(String.format("0x%x", GUEST)).append('\n');
                    s.append(head).append(":\n");
                    s.append("ldxdw %r9, [%r8+0]\nadd %r2, %r9\nadd %r8, ").append(8 * (1 + random.nextInt(32))).append('\n');
                    s.append("sub %r7, 1\njne %r7, 0, ").append(head).append('\n');
                }
                case 9 -> { // pointer games: spill the context pointer and use it again
                    s.append("stxdw [%r10-8], %r6\nldxdw %r").append(reg).append(", [%r10-8]\n");
                    s.append("ldxw %r").append(reg).append(", [%r").append(reg).append("+4]\n");
                }
                default -> { // a forward branch
                    String out = "L" + labels++;
                    s.append("jgt %r").append(reg).append(", ").append(random.nextInt(64)).append(", ").append(out).append('\n');
                    s.append("mov %r").append(reg).append(", ").append(random.nextInt(100)).append('\n');
                    s.append(out).append(":\n");
                }
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> s.append("mov %r0, %r2\nand %r0, 1\n");
            case 1 -> s.append("mov %r0, %r2\n");
            default -> s.append("mov %r0, ").append(random.nextInt(3) == 0 ? 2 : random.nextInt(2)).append('\n');
        }
        s.append("exit\n");
        return s.toString();
    }

    private static String suffix(int size) {
        return switch (size) {
            case 1 -> "b";
            case 2 -> "h";
            case 4 -> "w";
            default -> "dw";
        };
    }
}
