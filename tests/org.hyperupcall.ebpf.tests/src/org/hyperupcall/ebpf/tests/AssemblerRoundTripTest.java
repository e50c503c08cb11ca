package org.hyperupcall.ebpf.tests;

import static org.hyperupcall.ebpf.tests.Programs.asm;
import static org.hyperupcall.ebpf.tests.Programs.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.asm.Disassembler.Syntax;
import org.hyperupcall.ebpf.conformance.ConformanceCase;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Assembly text → bytes → text → the same bytes, in both syntaxes. */
class AssemblerRoundTripTest {

    static Stream<Arguments> conformancePrograms() {
        return TestData.dataFiles(TestData.conformanceTests()).stream().map(f -> Arguments.of(TestData.named(f)));
    }

    static Program assembleCase(Path file) throws Exception {
        ConformanceCase c = ConformanceCase.read(file);
        return Assembler.assemble(file.getFileName().toString(), c.asm());
    }

    static Program reassemble(String text, Path file) {
        try {
            return Assembler.assemble("again", text);
        } catch (AsmException e) {
            throw new AssertionError(file.getFileName() + ": the disassembly does not assemble: " + e.describe() + "\n" + text, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformancePrograms")
    void reassemblesTheMnemonicListingOfEveryConformanceProgramToTheSameBytes(Path file) throws Exception {
        Program program = assembleCase(file);
        String listing = Disassembler.assembly(program);
        assertEquals(hex(program.toBytes()), hex(reassemble(listing, file).toBytes()), listing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformancePrograms")
    void reassemblesTheObjdumpListingOfEveryConformanceProgramToTheSameBytes(Path file) throws Exception {
        Program program = assembleCase(file);
        String listing = Disassembler.objdump(program, true, null);
        assertEquals(hex(program.toBytes()), hex(reassemble(listing, file).toBytes()), listing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformancePrograms")
    void reassemblesTheLlvmTextOfEveryConformanceProgramToTheSameBytes(Path file) throws Exception {
        Program program = assembleCase(file);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < program.size(); i += program.get(i).isLddw() ? 2 : 1) {
            text.append(Disassembler.instruction(program, i, Syntax.LLVM)).append('\n');
        }
        assertEquals(hex(program.toBytes()), hex(reassemble(text.toString(), file).toBytes()), text.toString());
    }

    private static boolean isLocalCall(Instruction insn) {
        return insn.opcode() == Op.CALL && insn.src() == Opcodes.CALL_LOCAL;
    }

    /** One instruction in LLVM syntax, in the mnemonic syntax, and its encoding (null: not pinned here). */
    static Stream<Arguments> instructions() {
        return Stream.of(
                Arguments.of("r0 = 1", "mov %r0, 1", "b7 00 00 00 01 00 00 00"),
                Arguments.of("r0 = 5000", "mov %r0, 0x1388", "b7 00 00 00 88 13 00 00"),
                Arguments.of("w1 += w2", "add32 %r1, %r2", "0c 21 00 00 00 00 00 00"),
                Arguments.of("r0 = *(u32 *)(r1 + 4)", "ldxw %r0, [%r1+4]", "61 10 04 00 00 00 00 00"),
                Arguments.of("r0 = *(u64 *)(r10 - 8)", "ldxdw %r0, [%r10-8]", "79 a0 f8 ff 00 00 00 00"),
                Arguments.of("r0 = *(s16 *)(r1 - 2)", "ldxsh %r0, [%r1-2]", "89 10 fe ff 00 00 00 00"),
                Arguments.of("*(u64 *)(r10 - 8) = r1", "stxdw [%r10-8], %r1", "7b 1a f8 ff 00 00 00 00"),
                Arguments.of("*(u8 *)(r1 + 3) = -7", "stb [%r1+3], -7", "72 01 03 00 f9 ff ff ff"),
                Arguments.of("if w1 s> 5 goto +1", "jsgt32 %r1, 5, +1", "66 01 01 00 05 00 00 00"),
                Arguments.of("if r1 & r2 goto +3", "jset %r1, %r2, +3", "4d 21 03 00 00 00 00 00"),
                Arguments.of("if r1 != r2 goto -2", "jne %r1, %r2, -2", "5d 21 fe ff 00 00 00 00"),
                Arguments.of("goto -1", "ja -1", "05 00 ff ff 00 00 00 00"),
                Arguments.of("gotol +1", "ja32 +1", "06 00 00 00 01 00 00 00"),
                Arguments.of("lock *(u64 *)(r1 + 0) += r2", "lock add [%r1+0], %r2", "db 21 00 00 00 00 00 00"),
                Arguments.of("r2 = atomic_fetch_add((u64 *)(r1 + 8), r2)", "lock fetch add [%r1+8], %r2", "db 21 08 00 01 00 00 00"),
                Arguments.of("w2 = atomic_fetch_xor((u32 *)(r1 + 8), w2)", "lock fetch xor32 [%r1+8], %r2", "c3 21 08 00 a1 00 00 00"),
                Arguments.of("w2 = xchg32_32(r1 + 4, w2)", "lock xchg32 [%r1+4], %r2", "c3 21 04 00 e1 00 00 00"),
                Arguments.of("r0 = cmpxchg_64(r1 + 0, r0, r2)", "lock cmpxchg [%r1+0], %r2", "db 21 00 00 f1 00 00 00"),
                Arguments.of("w0 = cmpxchg32_32(r1 + 0, w0, w2)", "lock cmpxchg32 [%r1+0], %r2", "c3 21 00 00 f1 00 00 00"),
                Arguments.of("r1 = (s8)r2", "movsx864 %r1, %r2", "bf 21 08 00 00 00 00 00"),
                Arguments.of("w0 = (s16)w1", "movsx1632 %r0, %r1", "bc 10 10 00 00 00 00 00"),
                Arguments.of("r3 = (s32)r4", "movsx3264 %r3, %r4", "bf 43 20 00 00 00 00 00"),
                Arguments.of("r0 s/= r1", "sdiv %r0, %r1", "3f 10 01 00 00 00 00 00"),
                Arguments.of("w1 s%= 3", "smod32 %r1, 3", "94 01 01 00 03 00 00 00"),
                Arguments.of("w1 s>>= w2", "arsh32 %r1, %r2", "cc 21 00 00 00 00 00 00"),
                Arguments.of("w0 = -w0", "neg32 %r0", "84 00 00 00 00 00 00 00"),
                Arguments.of("r0 = be16 r0", "be16 %r0", "dc 00 00 00 10 00 00 00"),
                Arguments.of("r0 = le32 r0", "le32 %r0", "d4 00 00 00 20 00 00 00"),
                Arguments.of("r0 = bswap64 r0", "bswap64 %r0", "d7 00 00 00 40 00 00 00"),
                Arguments.of("r1 = 20015998343868 ll", "lddw %r1, 0x123456789abc",
                        "18 01 00 00 bc 9a 78 56 00 00 00 00 34 12 00 00"),
                Arguments.of("r0 = -1 ll", "lddw %r0, -1", "18 00 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff"),
                Arguments.of("call 7", "call 7", "85 00 00 00 07 00 00 00"),
                Arguments.of("callx r2", "callx %r2", null),
                Arguments.of("exit", "exit", "95 00 00 00 00 00 00 00"),
                Arguments.of("r0 = *(u8 *)skb[12]", "ldabsb 12", "30 00 00 00 0c 00 00 00"),
                Arguments.of("r0 = *(u32 *)skb[r1 + 4]", "ldindw %r1, 4", "40 10 00 00 04 00 00 00"),
                Arguments.of("r0 = *(u16 *)skb[r1]", "ldindh %r1, 0", "48 10 00 00 00 00 00 00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instructions")
    void printsEachLlvmLineBackExactlyAsWritten(String llvm, String mnemonic, String encoding) {
        assertEquals(llvm, Disassembler.instruction(asm(llvm), 0, Syntax.LLVM));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("instructions")
    void printsEachMnemonicLineBackExactlyAsWritten(String llvm, String mnemonic, String encoding) {
        assertEquals(mnemonic, Disassembler.instruction(asm(mnemonic), 0, Syntax.CONFORMANCE));
    }

    @ParameterizedTest(name = "{0}  ==  {1}")
    @MethodSource("instructions")
    void assemblesBothSyntaxesOfAnInstructionToTheSameBytes(String llvm, String mnemonic, String encoding) {
        byte[] fromLlvm = asm(llvm).toBytes();
        assertEquals(hex(fromLlvm), hex(asm(mnemonic).toBytes()));
        if (encoding != null) {
            assertArrayEquals(hex(encoding), fromLlvm, () -> "encoding of '" + llvm + "' is " + hex(fromLlvm));
        }
    }

    @Test
    void resolvesLabelsAndReadsCommentsInEitherSyntax() {
        Program program = asm("""
                # a comment line
                start:  r0 = 0        // LLVM style
                        jeq %r1, 0, done ; mnemonic style
                        r0 += 1
                done:   exit
                """);
        assertEquals("b7 00 00 00 00 00 00 00 15 01 01 00 00 00 00 00 07 00 00 00 01 00 00 00 95 00 00 00 00 00 00 00",
                hex(program.toBytes()));
        assertEquals("start", program.labels().get(0));
        assertEquals("done", program.labels().get(3));
        assertEquals(2, program.sourceLine(0));
        assertEquals(5, program.sourceLine(3));
    }

    @Test
    void takesTheRawBytesOfAnObjdumpLineLiterally() {
        Program program = asm("""
                0000000000000000 <entry>:
                       0:\tb7 00 00 00 2a 00 00 00\tr0 = 42
                       1:\t18 01 00 00 bc 9a 78 56 00 00 00 00 34 12 00 00\tr1 = 20015998343868 ll
                       3:\t95 00 00 00 00 00 00 00\texit
                """);
        assertEquals(4, program.size());
        assertEquals(0x123456789abcL, program.imm64(1));
        assertEquals("entry", program.labels().get(0));
    }

    @Test
    void printsAnIndirectPacketLoadWithANegativeOffsetInTextItReadsBack() {
        Program program = asm("ldindh %r1, -4");
        String llvm = Disassembler.instruction(program, 0, Syntax.LLVM);
        assertEquals(hex(program.toBytes()), hex(asm(llvm).toBytes()), llvm);
    }

    @Test
    void printsALocalCallInLlvmTextItReadsBackAsALocalCall() {
        Program program = asm("""
                call local f
                exit
                f:
                r0 = 1
                exit
                """);
        String llvm = Disassembler.instruction(program, 0, Syntax.LLVM);
        assertEquals(hex(program.toBytes()), hex(asm(llvm + "\nexit\nf:\nr0 = 1\nexit").toBytes()), llvm);
    }
}
