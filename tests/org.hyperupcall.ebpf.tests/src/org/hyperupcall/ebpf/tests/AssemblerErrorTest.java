package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Text the assembler refuses: the error names the 1-based line and the problem. */
class AssemblerErrorTest {

    /** Asserts that {@code text} is refused on {@code line} with a message containing every one of {@code words}. */
    static void assertRefused(String text, int line, String... words) {
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble("bad", text),
                () -> "assembled without error:\n" + text);
        assertEquals(line, e.line(), () -> "wrong line for: " + e.getMessage());
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        for (String w : words) {
            assertTrue(message.contains(w.toLowerCase(Locale.ROOT)), () -> "message does not mention '" + w + "': " + e.getMessage());
        }
    }

    static Stream<Arguments> unknownMnemonics() {
        return Stream.of(
                Arguments.of("mov %r0, 1\nfrob %r0, 1\nexit", 2, "frob"),
                Arguments.of("# comment\n\nldxq %r0, %r1\nexit", 3, "ldxq"),
                Arguments.of("mov %r0, 0\nlock nand [%r1+0], %r2\nexit", 2, "nand"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownMnemonics")
    void reportsAnUnknownMnemonicOnItsLine(String text, int line, String mnemonic) {
        assertRefused(text, line, mnemonic);
    }

    static Stream<Arguments> badRegisters() {
        return Stream.of(
                Arguments.of("r0 = 1\nr11 = 2\nexit", 2, "r11"),
                Arguments.of("mov %r0, 0\n\nor %r0, %r50\nexit", 3, "%r50"),
                Arguments.of("mov %r11, 1\nexit", 1, "%r11"),
                Arguments.of("r0 = 0\nw12 += 1\nexit", 2, "w12"),
                Arguments.of("r0 = *(u8 *)(r13 + 0)\nexit", 1, "r13"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegisters")
    void reportsARegisterThatDoesNotExist(String text, int line, String register) {
        assertRefused(text, line, register, "register");
    }

    static Stream<Arguments> wrongOperandCounts() {
        return Stream.of(
                Arguments.of("mov %r0\nexit", 1, "mov", "2 operands", "got 1"),
                Arguments.of("mov %r0, 0\nmov %r0, 1, 2\nexit", 2, "mov", "2 operands", "got 3"),
                Arguments.of("lddw %r0\nexit", 1, "lddw", "2 operands", "got 1"),
                Arguments.of("mov %r0, 0\njeq %r0, 1\nexit", 2, "jeq", "3 operands", "got 2"),
                Arguments.of("mov %r0, 0\nexit %r0", 2, "exit", "no operands", "got 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongOperandCounts")
    void reportsTheWrongNumberOfOperands(String text, int line, String mnemonic, String expected, String got) {
        assertRefused(text, line, mnemonic, expected, got);
    }

    static Stream<Arguments> immediatesOutOfRange() {
        return Stream.of(
                Arguments.of("mov32 %r0, 2147483648\nexit", 1, "2147483648"),
                Arguments.of("mov %r0, 0\nmov32 %r0, 0x100000000\nexit", 2, "0x100000000"),
                Arguments.of("mov %r0, -2147483649\nexit", 1, "-2147483649"),
                Arguments.of("r0 = 0\nr0 += 2147483648\nexit", 2, "2147483648"),
                Arguments.of("r0 = 0\nif r0 > 0x100000000 goto +0\nexit", 2, "0x100000000"),
                Arguments.of("lddw %r0, 0x10000000000000000\nexit", 1, "0x10000000000000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("immediatesOutOfRange")
    void reportsAnImmediateThatDoesNotFit(String text, int line, String value) {
        assertRefused(text, line, value, "does not fit");
    }

    static Stream<Arguments> offsetsOutOfRange() {
        return Stream.of(
                Arguments.of("ldxb %r0, [%r1+0x10000]\nexit", 1, "0x10000"),
                Arguments.of("mov %r0, 0\nstxb [%r10-32769], %r0\nexit", 2, "32769"),
                Arguments.of("r0 = *(u8 *)(r1 + 32768)\nexit", 1, "32768"),
                Arguments.of("mov %r0, 0\njeq %r0, 0, +32768\nexit", 2, "32768"),
                Arguments.of("r0 = 0\nif r0 == 0 goto -32769\nexit", 2, "32769"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offsetsOutOfRange")
    void reportsAnOffsetThatDoesNotFit16Bits(String text, int line, String value) {
        assertRefused(text, line, value, "offset", "16 bits");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mov %r0, 0\nja nowhere\nexit", "mov %r0, 0\njne %r0, 1, nowhere\nexit",
            "mov %r0, 0\ncall local nowhere\nexit"})
    void reportsAJumpToAnUndefinedLabelOnTheJumpsLine(String text) {
        assertRefused(text, 2, "undefined label", "nowhere");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"again:\nmov %r0, 0\nagain:\nexit", "again: mov %r0, 0\nja again\nagain: exit"})
    void reportsALabelDefinedTwiceOnItsSecondDefinition(String text) {
        assertRefused(text, 3, "again", "twice");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "\n\n", "# only a comment\n// and another\n", "label:\n"})
    void refusesTextWithoutInstructionsAsAWhole(String text) {
        assertRefused(text, 0, "no instructions");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mov32 %r0, 2147483647", "mov32 %r0, -2147483648", "mov32 %r0, 0xffffffff",
            "mov %r0, 0x80000000", "ldxb %r0, [%r1+32767]", "ldxb %r0, [%r1-32768]", "ja +32767", "ja -32768",
            "lddw %r0, 0xffffffffffffffff", "lddw %r0, -9223372036854775808"})
    void acceptsTheExtremesOfEachRange(String line) throws AsmException {
        Program program = Assembler.assemble("edge", line);
        assertTrue(program.size() >= 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mov32 %r0, 0xffffffff", "mov %r0, -1"})
    void readsAHexImmediateAsItsUnsigned32BitPattern(String line) throws AsmException {
        assertEquals(-1, Assembler.assemble("edge", line).get(0).imm());
    }
}
