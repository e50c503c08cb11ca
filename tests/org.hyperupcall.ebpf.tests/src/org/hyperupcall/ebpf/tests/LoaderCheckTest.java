package org.hyperupcall.ebpf.tests;

import static org.hyperupcall.ebpf.tests.Programs.asm;
import static org.hyperupcall.ebpf.tests.Programs.raw;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Programs every engine must refuse in {@link Engine#prepare}, naming the offending slot. */
class LoaderCheckTest {
    private static final Instruction MOV_R0_0 = new Instruction(0xb7, 0, 0, 0, 0);
    private static final Instruction EXIT = new Instruction(0x95, 0, 0, 0, 0);

    static void assertRefused(Engine engine, Program program, ExecOptions options, int index, String... words) {
        InvalidProgramException e = assertThrows(InvalidProgramException.class,
                () -> engine.prepare(program, HelperTable.empty(), options), "the loader accepted the program");
        assertEquals(index, e.index(), () -> "wrong slot for: " + e.describe());
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        for (String w : words) {
            assertTrue(message.contains(w.toLowerCase(Locale.ROOT)), () -> "message does not mention '" + w + "': " + e.describe());
        }
    }

    static void assertRefused(Engine engine, Program program, int index, String... words) {
        assertRefused(engine, program, ExecOptions.defaults(), index, words);
    }

    static void assertAccepted(Engine engine, Program program, ExecOptions options) {
        assertDoesNotThrow(() -> engine.prepare(program, HelperTable.empty(), options));
    }

    /** Engine × each of {@code rows} (every row's arguments follow the engine). */
    static Stream<Arguments> perEngine(Object[]... rows) {
        return Engines.all().stream().flatMap(e -> Stream.of(rows).map(r -> {
            Object[] args = new Object[r.length + 1];
            args[0] = Engines.named(e);
            System.arraycopy(r, 0, args, 1, r.length);
            return Arguments.of(args);
        }));
    }

    static Stream<Arguments> unknownOpcodes() {
        // 0x00: a lone second lddw half; 0xe7/0xf4: ALU ops past END; 0x9d: exit with src X; 0x8e: call in JMP32;
        // 0xff/0xe5: past JSLE; 0x38: ldabs dw; 0xa1: ldx with an undefined mode; 0x82: st with mode MEMSX.
        return perEngine(new Object[] {0x00}, new Object[] {0xe7}, new Object[] {0xf4}, new Object[] {0x9d},
                new Object[] {0x8e}, new Object[] {0xff}, new Object[] {0xe5}, new Object[] {0x38}, new Object[] {0xa1},
                new Object[] {0x82});
    }

    @ParameterizedTest(name = "{0} opcode {1}")
    @MethodSource("unknownOpcodes")
    void refusesAnUnknownOpcode(Engine engine, int opcode) {
        Program p = raw(MOV_R0_0, new Instruction(opcode, 0, 0, 0, 0), EXIT);
        assertRefused(engine, p, 1, String.format("0x%02x", opcode));
    }

    static Stream<Arguments> unusedFields() {
        return perEngine(
                new Object[] {"mov imm with src", new Instruction(0xb7, 0, 1, 0, 1), "src"},
                new Object[] {"mov reg with imm", new Instruction(0xbf, 0, 1, 0, 1), "imm"},
                new Object[] {"add imm with offset", new Instruction(0x07, 0, 0, 1, 1), "offset"},
                new Object[] {"neg with imm", new Instruction(0x87, 0, 0, 0, 1), "imm"},
                new Object[] {"ldxw with imm", new Instruction(0x61, 0, 1, 0, 1), "imm"},
                new Object[] {"stw with src", new Instruction(0x62, 10, 1, -4, 1), "src"},
                new Object[] {"stxdw with imm", new Instruction(0x7b, 10, 1, -8, 1), "imm"},
                new Object[] {"ja with imm", new Instruction(0x05, 0, 0, 0, 1), "imm"},
                new Object[] {"ja with dst", new Instruction(0x05, 1, 0, 0, 0), "dst"},
                new Object[] {"jeq imm with src", new Instruction(0x15, 0, 1, 0, 0), "src"},
                new Object[] {"gotol with offset", new Instruction(0x06, 0, 0, 1, 0), "offset"},
                new Object[] {"exit with src", new Instruction(0x95, 0, 1, 0, 0), "src"},
                new Object[] {"call with offset", new Instruction(0x85, 0, 0, 1, 1), "offset"});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unusedFields")
    void refusesANonZeroUnusedField(Engine engine, String what, Instruction insn, String field) {
        Program p = raw(MOV_R0_0, new Instruction(0xb7, 1, 0, 0, 0), insn, EXIT);
        assertRefused(engine, p, 2, field + " 0");
    }

    static Stream<Arguments> jumpsOutOfRange() {
        return perEngine(
                new Object[] {Named.of("goto +2 past the end", asm("r0 = 0\ngoto +2\nexit"))},
                new Object[] {Named.of("goto -3 before the start", asm("r0 = 0\nif r0 == 0 goto -3\nexit"))},
                new Object[] {Named.of("gotol +5 past the end", asm("r0 = 0\ngotol +5\nexit"))},
                new Object[] {Named.of("call local past the end", raw(MOV_R0_0, new Instruction(0x85, 0, 1, 0, 1), EXIT))});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jumpsOutOfRange")
    void refusesAJumpOutsideTheProgram(Engine engine, Program program) {
        assertRefused(engine, program, 1, "outside the program");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesAJumpIntoTheMiddleOfAnLddw(Engine engine) {
        assertRefused(engine, asm("""
                r0 = 0
                if r1 == 0 goto +1
                r2 = 0x123456789 ll
                exit
                """), 1, "middle of an lddw");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesAnLddwWithoutItsSecondHalf(Engine engine) {
        assertRefused(engine, raw(MOV_R0_0, EXIT, new Instruction(0x18, 1, 0, 0, 7)), 2, "second half");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesAnLddwWhoseSecondHalfIsNotBlank(Engine engine) {
        assertRefused(engine, raw(MOV_R0_0, new Instruction(0x18, 1, 0, 0, 7), new Instruction(0, 1, 0, 0, 0), EXIT),
                2, "second half");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writesToR10")
    void refusesAWriteToTheFramePointer(Engine engine, String text) {
        assertRefused(engine, asm("r0 = 0\n" + text + "\nexit"), 1, "r10");
    }

    static Stream<Arguments> writesToR10() {
        return perEngine(new Object[] {"r10 = 0"}, new Object[] {"r10 += 8"}, new Object[] {"w10 = w1"},
                new Object[] {"r10 = *(u64 *)(r1 + 0)"}, new Object[] {"r10 = 1 ll"}, new Object[] {"r10 = -r10"});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("atomicWritesToR10")
    void refusesAnAtomicThatWouldWriteTheFramePointer(Engine engine, String text) {
        assertRefused(engine, asm("r0 = 0\n" + text + "\nexit"), 1, "r10");
    }

    static Stream<Arguments> atomicWritesToR10() {
        return perEngine(new Object[] {"lock fetch add [%r1+0], %r10"}, new Object[] {"lock xchg [%r1+0], %r10"});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fallsOffTheEnd")
    void refusesAProgramThatCanFallOffItsEnd(Engine engine, String text, int index) {
        assertRefused(engine, asm(text), index, "fall off the end");
    }

    static Stream<Arguments> fallsOffTheEnd() {
        return perEngine(
                new Object[] {"r0 = 0", 0},
                new Object[] {"r0 = 0\nif r1 == 0 goto -2", 1},
                new Object[] {"r0 = 0\nif r1 == 0 goto +1\nexit\nr0 = 1", 3},
                new Object[] {"r0 = 0\ncall local f\nexit\nf:\nr0 = 1", 3});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesExitBeforeR0IsSet(Engine engine) {
        assertRefused(engine, asm("exit"), 0, "r0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesExitWhenR0IsSetOnOnlyOnePath(Engine engine) {
        assertRefused(engine, asm("""
                if r1 == 0 goto +1
                r0 = 1
                exit
                """), 2, "r0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesAReadOfARegisterNotInitialisedAtEntry(Engine engine) {
        ExecOptions r1r2 = ExecOptions.defaults().withEntryRegisters(0b110);
        assertAccepted(engine, asm("r0 = r2\nexit"), r1r2);
        assertRefused(engine, asm("r0 = r2\nr0 += r3\nexit"), r1r2, 1, "r3");
        assertAccepted(engine, asm("r0 = r2\nr0 += r3\nexit"), ExecOptions.defaults());
        assertRefused(engine, asm("r0 = 0\nr0 += r6\nexit"), 1, "r6");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("readsAfterCalls")
    void refusesAReadOfAnArgumentRegisterClobberedByACall(Engine engine, String text, int index, String register) {
        assertRefused(engine, asm(text), index, register);
    }

    static Stream<Arguments> readsAfterCalls() {
        return perEngine(
                new Object[] {"r0 = 0\ncall 1\nr0 = r1\nexit", 2, "r1"},
                new Object[] {"r0 = 0\ncall 1\nr0 += r5\nexit", 2, "r5"},
                new Object[] {"r2 = 9\ncallx r2\nr0 = r2\nexit", 2, "r2"},
                new Object[] {"r3 = 1\ncall local f\nr0 += r3\nexit\nf:\nr0 = 2\nexit", 2, "r3"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void acceptsR0AndR6ToR9AfterACall(Engine engine) {
        assertAccepted(engine, asm("""
                r6 = 1
                r9 = 2
                call 1
                r0 += r6
                r0 += r9
                call local f
                exit
                f:
                r0 = r1
                exit
                """), ExecOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesAnEmptyProgramAsAWhole(Engine engine) {
        assertRefused(engine, raw(), -1, "no instructions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void refusesARegisterNumberAbove10(Engine engine) {
        assertRefused(engine, raw(MOV_R0_0, new Instruction(0xbf, 11, 0, 0, 0), EXIT), 1, "r11");
        assertRefused(engine, raw(MOV_R0_0, new Instruction(0xbf, 0, 12, 0, 0), EXIT), 1, "r12");
    }
}
