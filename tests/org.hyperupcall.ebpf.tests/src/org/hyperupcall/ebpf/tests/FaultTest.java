package org.hyperupcall.ebpf.tests;

import static org.hyperupcall.ebpf.tests.Programs.asm;
import static org.hyperupcall.ebpf.tests.Programs.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;

import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.FaultKind;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.ebpf.vm.VmFault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a program does wrong comes back from {@code run} as a value: the kind and the faulting slot. */
class FaultTest {
    private static final long BASE = 0x10_0000L;

    private static final HelperTable HELPERS = HelperTable.builder()
            .add(1, "refuse", (r1, r2, r3, r4, r5, m) -> {
                throw new VmFault(FaultKind.HELPER_ERROR, "helper refused argument " + r1);
            })
            .add(2, "peek", (r1, r2, r3, r4, r5, m) -> m.load64(r1))
            .build();

    static void assertFault(ExecResult result, FaultKind kind, int pc) {
        assertFalse(result.isOk(), () -> "expected a " + kind + " fault, got " + result);
        assertNotNull(result.fault());
        assertEquals(kind, result.fault().kind(), result::toString);
        assertEquals(pc, result.fault().pc(), () -> "wrong faulting slot: " + result);
        assertFalse(result.fault().message().isBlank(), "a fault needs a message a person can act on");
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0x11 * (i + 1));
        }
        return b;
    }

    static long littleEndian(byte[] b, int from, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[from + i] & 0xffL);
        }
        return v;
    }

    static Stream<Arguments> enginesAndFaultKinds() {
        return Engines.all().stream().flatMap(e -> Stream.of(FaultKind.values()).map(k -> Arguments.of(Engines.named(e), k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndFaultKinds")
    void reportsEveryFaultKindAsAValueAtTheFaultingInstruction(Engine engine, FaultKind kind) {
        MemoryMap memory = new MemoryMap().add(new Region("ro", BASE, new byte[8], false));
        ExecOptions options = ExecOptions.defaults();
        String text;
        int pc;
        switch (kind) {
            case OUT_OF_BOUNDS -> {
                text = "r0 = 0\nr0 = *(u8 *)(r1 + 8)\nexit";
                pc = 1;
            }
            case READ_ONLY -> {
                text = "r0 = 0\n*(u8 *)(r1 + 0) = 1\nexit";
                pc = 1;
            }
            case BUDGET_EXCEEDED -> {
                text = "r0 = 0\nja -1";
                pc = 1;
                options = options.withBudget(100);
            }
            case BAD_CALL -> {
                text = "r0 = 0\ncall 99\nexit";
                pc = 1;
            }
            case CALL_DEPTH -> {
                text = "r0 = 0\ncall local f\nexit\nf:\ncall local f\nexit";
                pc = 3;
            }
            case HELPER_ERROR -> {
                text = "r0 = 0\ncall 1\nexit";
                pc = 1;
            }
            default -> {
                fail("no test program for fault kind " + kind + ": add one here");
                return;
            }
        }
        ExecResult result = run(engine, asm(text), HELPERS, options, memory, BASE, 0, 0, 0, 0);
        assertFault(result, kind, pc);
    }

    static Stream<Arguments> enginesAndSizes() {
        return Engines.all().stream().flatMap(e -> Stream.of(1, 2, 4, 8).map(size -> Arguments.of(Engines.named(e), size)));
    }

    static String bits(int size) {
        return Integer.toString(size * 8);
    }

    @ParameterizedTest(name = "{0} {1}-byte load")
    @MethodSource("enginesAndSizes")
    void loadsTheLastBytesOfARegionButFaultsOneBytePastItsEnd(Engine engine, int size) {
        byte[] data = pattern(16);
        MemoryMap memory = new MemoryMap().add(new Region("buf", BASE, data, true));
        int last = data.length - size;
        ExecResult inBounds = run(engine, "r0 = 0\nr0 = *(u" + bits(size) + " *)(r1 + " + last + ")\nexit",
                HelperTable.empty(), memory, BASE, 0);
        assertTrue(inBounds.isOk(), inBounds::toString);
        assertEquals(littleEndian(data, last, size), inBounds.r0());

        ExecResult past = run(engine, "r0 = 0\nr0 = *(u" + bits(size) + " *)(r1 + " + (last + 1) + ")\nexit",
                HelperTable.empty(), memory, BASE, 0);
        assertFault(past, FaultKind.OUT_OF_BOUNDS, 1);
    }

    @ParameterizedTest(name = "{0} {1}-byte store")
    @MethodSource("enginesAndSizes")
    void storesIntoTheLastBytesOfARegionButFaultsOneBytePastItsEndWithoutWriting(Engine engine, int size) {
        byte[] data = new byte[16];
        MemoryMap memory = new MemoryMap().add(new Region("buf", BASE, data, true));
        int last = data.length - size;
        ExecResult inBounds = run(engine, "r0 = -1\n*(u" + bits(size) + " *)(r1 + " + last + ") = r0\nexit",
                HelperTable.empty(), memory, BASE, 0);
        assertTrue(inBounds.isOk(), inBounds::toString);
        for (int i = 0; i < data.length; i++) {
            assertEquals(i >= last ? (byte) -1 : 0, data[i], "byte " + i);
        }

        byte[] before = data.clone();
        ExecResult past = run(engine, "r0 = 0\n*(u" + bits(size) + " *)(r1 + " + (last + 1) + ") = r0\nexit",
                HelperTable.empty(), memory, BASE, 0);
        assertFault(past, FaultKind.OUT_OF_BOUNDS, 1);
        assertArrayEquals(before, data, "a faulting store must not write any byte");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void faultsOnLoadsOutsideEveryRegion(Engine engine) {
        MemoryMap memory = new MemoryMap().add(new Region("buf", BASE, new byte[16], true));
        assertFault(run(engine, "r0 = *(u8 *)(r1 - 1)\nexit", HelperTable.empty(), memory, BASE, 0), FaultKind.OUT_OF_BOUNDS, 0);
        assertFault(run(engine, "r0 = 0\nr0 = *(u8 *)(r10 + 0)\nexit", HelperTable.empty(), memory, 0, 0),
                FaultKind.OUT_OF_BOUNDS, 1);
        assertFault(run(engine, "r0 = 0\nr1 = 0\nr0 = *(u64 *)(r1 + 0)\nexit"), FaultKind.OUT_OF_BOUNDS, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void readsAReadOnlyRegionButFaultsOnAStoreIntoItWithoutWriting(Engine engine) {
        byte[] data = pattern(8);
        MemoryMap memory = new MemoryMap().add(new Region("ctx", BASE, data, false));
        ExecResult load = run(engine, "r0 = *(u64 *)(r1 + 0)\nexit", HelperTable.empty(), memory, BASE, 0);
        assertEquals(littleEndian(data, 0, 8), load.r0(), load::toString);

        byte[] before = data.clone();
        assertFault(run(engine, "r0 = *(u8 *)(r1 + 0)\n*(u8 *)(r1 + 1) = 7\nexit", HelperTable.empty(), memory, BASE, 0),
                FaultKind.READ_ONLY, 1);
        assertFault(run(engine, "r0 = 0\nr2 = 1\nr3 = 0\nlock *(u32 *)(r1 + 4) += r2\nexit", HelperTable.empty(), memory, BASE, 0),
                FaultKind.READ_ONLY, 3);
        assertArrayEquals(before, data);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void stopsAnInfiniteLoopAfterExactlyItsBudget(Engine engine) {
        ExecResult result = run(engine, asm("ja -1"), HelperTable.empty(), ExecOptions.defaults().withBudget(1000),
                new MemoryMap(), 0, 0, 0, 0, 0);
        assertFault(result, FaultKind.BUDGET_EXCEEDED, 0);
        assertEquals(1000, result.instructions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void runsAProgramThatNeedsExactlyItsBudget(Engine engine) {
        String text = "r0 = 1\nr0 += 1\nexit";
        ExecResult enough = run(engine, asm(text), HelperTable.empty(), ExecOptions.defaults().withBudget(3),
                new MemoryMap(), 0, 0, 0, 0, 0);
        assertTrue(enough.isOk(), enough::toString);
        assertEquals(2, enough.r0());
        assertEquals(3, enough.instructions());
        ExecResult tooFew = run(engine, asm(text), HelperTable.empty(), ExecOptions.defaults().withBudget(2),
                new MemoryMap(), 0, 0, 0, 0, 0);
        assertFault(tooFew, FaultKind.BUDGET_EXCEEDED, 2);
        assertEquals(2, tooFew.instructions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void faultsOnACallOfAnUnknownHelper(Engine engine) {
        ExecResult direct = run(engine, "r0 = 0\ncall 99\nexit", HELPERS, new MemoryMap(), 0, 0);
        assertFault(direct, FaultKind.BAD_CALL, 1);
        assertTrue(direct.fault().message().contains("99"), direct::toString);
        assertFault(run(engine, "r0 = 0\nr2 = 77\ncallx r2\nexit", HELPERS, new MemoryMap(), 0, 0), FaultKind.BAD_CALL, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void faultsOnUnboundedRecursionAtTheCallThatIsOneFrameTooDeep(Engine engine) {
        assertFault(run(engine, """
                r0 = 0
                call local f
                exit
                f:
                r6 = 1
                call local f
                exit
                """), FaultKind.CALL_DEPTH, 4);
    }

    /** main → f1 → … → f{depth}; the innermost function uses the bottom byte of its frame. */
    static String nestedCalls(int depth) {
        StringBuilder sb = new StringBuilder("call local f1\nexit\n");
        for (int i = 1; i < depth; i++) {
            sb.append("f").append(i).append(":\ncall local f").append(i + 1).append("\nexit\n");
        }
        sb.append("f").append(depth).append(":\nr1 = 42\n*(u8 *)(r10 - ").append(Opcodes.STACK_FRAME_SIZE)
                .append(") = r1\nr0 = *(u8 *)(r10 - ").append(Opcodes.STACK_FRAME_SIZE).append(")\nexit\n");
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void runsCallsNestedUpToTheFrameLimitAndFaultsOneDeeper(Engine engine) {
        int deepest = Opcodes.MAX_CALL_DEPTH - 1; // frames: main + this many callees
        ExecResult ok = run(engine, nestedCalls(deepest));
        assertTrue(ok.isOk(), ok::toString);
        assertEquals(42, ok.r0());
        // The call in f{MAX_CALL_DEPTH - 1} (slot 2 * (MAX_CALL_DEPTH - 1)) would open a frame too many.
        assertFault(run(engine, nestedCalls(deepest + 1)), FaultKind.CALL_DEPTH, 2 * deepest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void turnsAHelperThatThrowsIntoAHelperErrorFaultInsteadOfCrashing(Engine engine) {
        HelperTable broken = HelperTable.builder()
                .add(2, "broken", (r1, r2, r3, r4, r5, m) -> {
                    throw new IllegalStateException("helper bug");
                })
                .build();
        ExecResult result = run(engine, "r0 = 0\ncall 2\nexit", broken, new MemoryMap(), 0, 0);
        assertFault(result, FaultKind.HELPER_ERROR, 1);
        assertTrue(result.fault().message().contains("broken") && result.fault().message().contains("helper bug"), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void reportsAHelperErrorAtTheCallWithTheHelpersMessage(Engine engine) {
        ExecResult result = run(engine, "r0 = 0\nr1 = 5\ncall 1\nexit", HELPERS, new MemoryMap(), 0, 0);
        assertFault(result, FaultKind.HELPER_ERROR, 2);
        assertTrue(result.fault().message().contains("refused argument 5"), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void reportsABadMemoryAccessInsideAHelperAtTheCall(Engine engine) {
        ExecResult result = run(engine, "r0 = 0\nr1 = 16\ncall 2\nexit", HELPERS, new MemoryMap(), 0, 0);
        assertFault(result, FaultKind.OUT_OF_BOUNDS, 2);
    }
}
