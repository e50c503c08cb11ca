package org.hyperupcall.ebpf.tests;

import static org.hyperupcall.ebpf.tests.Programs.asm;
import static org.hyperupcall.ebpf.tests.Programs.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9669 corner cases and the calling convention, on every engine. */
class ExecutionSemanticsTest {

    /** Engine × (program text, expected r0). */
    static Stream<Arguments> cases(Object... textAndR0) {
        return Engines.all().stream().flatMap(e -> {
            Stream.Builder<Arguments> b = Stream.builder();
            for (int i = 0; i < textAndR0.length; i += 2) {
                String text = (String) textAndR0[i];
                b.add(Arguments.of(Engines.named(e), Named.of(text.replace("\n", "; "), text), textAndR0[i + 1]));
            }
            return b.build();
        });
    }

    static void assertR0(Engine engine, String text, long expected) {
        ExecResult result = run(engine, text);
        assertTrue(result.isOk(), result::toString);
        assertEquals(expected, result.r0(), () -> String.format("expected r0 = 0x%x, got %s", expected, result));
    }

    static Stream<Arguments> divisionsByZero() {
        return cases(
                "r0 = 7\nr1 = 0\nr0 /= r1\nexit", 0L,
                "r0 = 7\nr0 /= 0\nexit", 0L,
                "r0 = -1\nw1 = 0\nw0 /= w1\nexit", 0L,
                "r0 = -7\nr1 = 0\nr0 s/= r1\nexit", 0L,
                "w0 = -7\nw0 s/= 0\nexit", 0L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("divisionsByZero")
    void givesZeroForADivisionByZero(Engine engine, String text, long r0) {
        assertR0(engine, text, r0);
    }

    static Stream<Arguments> modulosByZero() {
        return cases(
                "r0 = 0x123456789 ll\nr1 = 0\nr0 %= r1\nexit", 0x123456789L,
                "r0 = -7\nr0 %= 0\nexit", -7L,
                "r0 = -7\nr1 = 0\nr0 s%= r1\nexit", -7L,
                "r0 = 0x123456789 ll\nw1 = 0\nw0 %= w1\nexit", 0x23456789L,
                "r0 = -7\nw0 s%= 0\nexit", 0xfffffff9L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modulosByZero")
    void leavesTheDividendForAModuloByZero(Engine engine, String text, long r0) {
        assertR0(engine, text, r0);
    }

    static Stream<Arguments> thirtyTwoBitResults() {
        return cases(
                "w0 = -1\nexit", 0xffffffffL,
                "r0 = -1\nw0 += 0\nexit", 0xffffffffL,
                "r0 = -1\nw0 = w0\nexit", 0xffffffffL,
                "r0 = 0x1ffffffff ll\nw0 += 1\nexit", 0L,
                "r0 = 0x1234567800000001 ll\nw0 *= 3\nexit", 3L,
                "r0 = -1\nw0 = -w0\nexit", 1L,
                "r0 = -1\nw0 s>>= 4\nexit", 0xffffffffL,
                "r0 = -1\nw0 >>= 4\nexit", 0x0fffffffL,
                "r0 = -1\nw0 <<= 4\nexit", 0xfffffff0L,
                "r0 = 0x100000005 ll\nw0 -= 6\nexit", 0xffffffffL,
                "r1 = -1\nw0 = (s8)w1\nexit", 0xffffffffL,
                "r1 = -1\nw0 = w1\nw0 ^= 0\nexit", 0xffffffffL,
                "r0 = -1\nr0 = le16 r0\nexit", 0xffffL,
                "r0 = 0x1122334455667788 ll\nr0 = be32 r0\nexit", 0x88776655L,
                "r1 = -1\n*(u64 *)(r10 - 8) = r1\nr0 = *(u32 *)(r10 - 8)\nexit", 0xffffffffL,
                "r1 = -1\n*(u64 *)(r10 - 8) = r1\nr0 = *(s32 *)(r10 - 8)\nexit", -1L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("thirtyTwoBitResults")
    void zeroExtends32BitResultsInto64BitRegisters(Engine engine, String text, long r0) {
        assertR0(engine, text, r0);
    }

    static Stream<Arguments> signedDivisions() {
        return cases(
                "r0 = 0x8000000000000000 ll\nr0 s/= -1\nexit", Long.MIN_VALUE,
                "r0 = 0x8000000000000000 ll\nr1 = -1\nr0 s/= r1\nexit", Long.MIN_VALUE,
                "r0 = 0x8000000000000000 ll\nr0 s%= -1\nexit", 0L,
                "w0 = 0x80000000\nw0 s/= -1\nexit", 0x80000000L,
                "w0 = 0x80000000\nw1 = -1\nw0 s%= w1\nexit", 0L,
                "r0 = -7\nr0 s/= 2\nexit", -3L,
                "r0 = -7\nr0 s%= 2\nexit", -1L,
                "r0 = 7\nr0 s%= -2\nexit", 1L,
                "r0 = -1\nr0 /= 2\nexit", Long.MAX_VALUE,
                "r0 = -1\nr0 /= -1\nexit", 1L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signedDivisions")
    void dividesTheMinimumByMinusOneWithoutTrappingAndTruncatesTowardZero(Engine engine, String text, long r0) {
        assertR0(engine, text, r0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void startsR10AtTheTopOfTheStackAndGivesACalleeAFrame512BytesBelow(Engine engine) {
        assertR0(engine, "r0 = r10\nexit", MemoryMap.STACK_TOP);
        assertR0(engine, """
                r6 = r10
                call local f
                r6 -= r0
                r0 = r6
                exit
                f:
                r0 = r10
                exit
                """, Opcodes.STACK_FRAME_SIZE);
        assertR0(engine, "call local f\nr0 = r10\nexit\nf:\nr0 = 0\nexit", MemoryMap.STACK_TOP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void passesR1ToR5ToALocalCallAndPreservesR6ToR9(Engine engine) {
        assertR0(engine, """
                r1 = 1
                r2 = 2
                r3 = 3
                r4 = 4
                r5 = 5
                r6 = 6
                r7 = 7
                r8 = 8
                r9 = 9
                call local sum
                r0 <<= 8
                r0 |= r6
                r0 <<= 8
                r0 |= r7
                r0 <<= 8
                r0 |= r8
                r0 <<= 8
                r0 |= r9
                exit
                sum:
                r0 = r1
                r0 += r2
                r0 += r3
                r0 += r4
                r0 += r5
                r6 = 0
                r7 = 0
                r8 = 0
                r9 = 0
                exit
                """, 0x0f06070809L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void givesEachFrameItsOwnStackAndLetsACalleeReadItsCallersThroughAPointer(Engine engine) {
        assertR0(engine, """
                r1 = 0x1111
                *(u64 *)(r10 - 8) = r1
                r1 = r10
                r1 += -8
                call local f
                r1 = *(u64 *)(r10 - 8)
                r0 <<= 16
                r0 |= r1
                exit
                f:
                r2 = 0x2222
                *(u64 *)(r10 - 8) = r2
                r0 = *(u64 *)(r1 + 0)
                exit
                """, 0x1111_1111L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void passesR1ToR5ToAHelperAndPutsItsResultInR0(Engine engine) {
        HelperTable helpers = HelperTable.builder()
                .add(3, "digits", (r1, r2, r3, r4, r5, m) -> r1 + 10 * r2 + 100 * r3 + 1000 * r4 + 10000 * r5)
                .build();
        ExecResult result = run(engine, "r1 = 1\nr2 = 2\nr3 = 3\nr4 = 4\nr5 = 5\ncall 3\nexit", helpers, new MemoryMap(), 0, 0);
        assertEquals(54321L, result.r0(), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void letsAHelperReadAndWriteTheProgramsStackThroughItsMemoryMap(Engine engine) {
        byte[][] seen = new byte[1][];
        HelperTable helpers = HelperTable.builder()
                .add(4, "twice", (r1, r2, r3, r4, r5, m) -> {
                    seen[0] = m.read(r1, (int) r2);
                    long v = m.load64(r1);
                    m.store64(r1 - 8, v * 2);
                    return v;
                })
                .build();
        ExecResult result = run(engine, """
                r1 = 0x0807060504030201 ll
                *(u64 *)(r10 - 8) = r1
                r1 = r10
                r1 += -8
                r2 = 8
                call 4
                r1 = *(u64 *)(r10 - 16)
                r0 += r1
                exit
                """, helpers, new MemoryMap(), 0, 0);
        assertTrue(result.isOk(), result::toString);
        assertEquals(0x0807060504030201L * 3, result.r0());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, seen[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void startsWithTheArgumentsOfRunInR1ToR5(Engine engine) throws Exception {
        Executable exe = engine.prepare(asm("""
                r0 = r5
                r0 <<= 8
                r0 |= r4
                r0 <<= 8
                r0 |= r3
                r0 <<= 8
                r0 |= r2
                r0 <<= 8
                r0 |= r1
                exit
                """), HelperTable.empty(), ExecOptions.defaults());
        assertEquals(0x0504030201L, exe.run(new MemoryMap(), 1, 2, 3, 4, 5).r0());
        assertEquals(0x0a09080706L, exe.run(new MemoryMap(), 6, 7, 8, 9, 10).r0(), "a prepared program runs again");
        assertEquals(0x0201L, exe.run(new MemoryMap(), 1, 2).r0(), "run(memory, r1, r2) passes zero in r3-r5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void countsTheInstructionsItExecutes(Engine engine) {
        ExecResult result = run(engine, """
                r0 = 0
                r1 = 3
                loop:
                r0 += 1
                r1 -= 1
                if r1 != 0 goto loop
                exit
                """);
        assertEquals(3, result.r0(), result::toString);
        assertEquals(2 + 3 * 3 + 1, result.instructions());
    }
}
