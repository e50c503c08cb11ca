package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.conformance.ConformanceCase;
import org.hyperupcall.ebpf.conformance.ConformanceRunner;
import org.hyperupcall.ebpf.conformance.MalformedCaseException;
import org.hyperupcall.ebpf.vm.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bpf_conformance suite (shared/conformance/tests and negative/), one JUnit test per engine and
 * file, read in place.
 */
class ConformanceSuiteTest {

    static List<Path> allFiles() {
        List<Path> files = new ArrayList<>(TestData.dataFiles(TestData.conformanceTests()));
        files.addAll(TestData.dataFiles(TestData.conformanceNegative()));
        return files;
    }

    static Stream<Arguments> enginesAndFiles() {
        List<Path> files = allFiles();
        return Engines.all().stream()
                .flatMap(e -> files.stream().map(f -> Arguments.of(Engines.named(e), TestData.named(f))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndFiles")
    void runsEveryConformanceFileAsItsOwnTest(Engine engine, Path file) {
        ConformanceRunner.Outcome outcome = ConformanceRunner.run(file, engine);
        assertTrue(outcome.passed(), outcome.detail());
    }

    /** negative/unused-OP-FIELD.data must be refused because of FIELD, not for some other reason. */
    static Stream<Arguments> enginesAndUnusedFieldFiles() {
        List<Path> files = TestData.dataFiles(TestData.conformanceNegative()).stream()
                .filter(f -> f.getFileName().toString().startsWith("unused-")).toList();
        return Engines.all().stream()
                .flatMap(e -> files.stream().map(f -> Arguments.of(Engines.named(e), TestData.named(f))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndUnusedFieldFiles")
    void refusesEachUnusedFieldFileForThatField(Engine engine, Path file) {
        Matcher m = Pattern.compile("unused-.*-(dst|src|offset|imm)\\.data").matcher(file.getFileName().toString());
        assertTrue(m.matches(), "unexpected file name " + file.getFileName());
        ConformanceRunner.Outcome outcome = ConformanceRunner.run(file, engine);
        assertTrue(outcome.passed(), outcome.detail());
        assertTrue(outcome.detail().contains("insn 0") && outcome.detail().contains(m.group(1) + " 0"),
                "refused, but not because field " + m.group(1) + " of insn 0 is non-zero: " + outcome.detail());
    }

    @Test
    void collectsTheSameDataFilesAsAPlainDirectoryListing() throws IOException {
        List<Path> collected = ConformanceRunner.collect(List.of(TestData.conformanceTests(), TestData.conformanceNegative()));
        assertEquals(allFiles(), collected);
    }

    @Test
    void marksTheFilesUnderNegativeAsNegativeCases() throws Exception {
        for (Path f : TestData.dataFiles(TestData.conformanceNegative())) {
            if (f.getFileName().toString().startsWith("unused-")) {
                assertTrue(ConformanceCase.read(f).negative(), f.toString());
            }
        }
        assertFalse(ConformanceCase.read(TestData.conformanceTests().resolve("add.data")).negative());
    }

    static String caseText(String result) {
        return """
                -- asm
                mov %r0, 7
                exit
                -- result
                """ + result + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void failsACaseWhoseResultDiffersFromTheExpectedOne(Engine engine) throws Exception {
        Path file = Path.of("wrong.data");
        ConformanceRunner.Outcome good = ConformanceRunner.run(ConformanceCase.parse(file, caseText("0x7"), false), engine);
        assertTrue(good.passed(), good.detail());
        ConformanceRunner.Outcome bad = ConformanceRunner.run(ConformanceCase.parse(file, caseText("0x8"), false), engine);
        assertFalse(bad.passed(), "a wrong result passed: " + bad.detail());
        assertTrue(bad.detail().contains("0x8") && bad.detail().contains("0x7"), bad.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void failsANegativeCaseThatRunsWithoutError(Engine engine) throws Exception {
        ConformanceCase c = ConformanceCase.parse(Path.of("negative", "runs.data"), caseText("0x7"), true);
        ConformanceRunner.Outcome outcome = ConformanceRunner.run(c, engine);
        assertFalse(outcome.passed(), "a negative case that runs fine passed: " + outcome.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void passesANegativeCaseWhoseExpectedResultIsWrongOnPurpose(Engine engine) throws Exception {
        // as upstream's negative/incorrect_return_value_high_bits.data: the program runs, and returns something else
        ConformanceCase c = ConformanceCase.parse(Path.of("negative", "wrong_on_purpose.data"), caseText("0x8"), true);
        ConformanceRunner.Outcome outcome = ConformanceRunner.run(c, engine);
        assertTrue(outcome.passed(), outcome.detail());
        assertTrue(outcome.detail().contains("0x7"), outcome.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void runsARawSectionWrittenAsSixtyFourBitWordsOneInstructionALine(Engine engine) throws Exception {
        ConformanceCase c = ConformanceCase.parse(Path.of("raw_words.data"), """
                -- raw
                0x5566778800000018
                0x1122334400000000
                0x0000000000000095
                -- result
                0x1122334455667788
                """, false);
        ConformanceRunner.Outcome outcome = ConformanceRunner.run(c, engine);
        assertTrue(outcome.passed(), outcome.detail());
    }

    @Test
    void readsARawSectionOfHexBytesAsBytesAndOfDecimalWordsAsWords() throws Exception {
        byte[] bytes = ConformanceCase.parse(Path.of("b.data"), "-- raw\n95 00 00 00 00 00 00 00\n-- error\n", false).raw();
        byte[] words = ConformanceCase.parse(Path.of("w.data"), "-- raw\n149\n-- error\n", false).raw();
        assertArrayEquals(bytes, words);
    }

    @Test
    void refusesARawWordThatIsNotANumberNamingTheLine() {
        MalformedCaseException e = assertThrows(MalformedCaseException.class,
                () -> ConformanceCase.parse(Path.of("bad.data"), "# a comment\n-- raw\n0x95\n0xZZ00000000000095\n-- error\n", false));
        assertEquals("bad.data:3: '0xZZ00000000000095' is not a 64-bit instruction word (0x and up to 16 hex digits, or a decimal number)",
                e.getMessage());
    }

    @Test
    void refusesAnEndlessFileWithOneLineInsteadOfFillingTheHeap() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(java.nio.file.Files.isReadable(zero), "no /dev/zero here");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> ConformanceCase.read(zero));
        assertEquals("/dev/zero: larger than 1 MiB, the most huc reads from a conformance file", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.hyperupcall.ebpf.tests.Engines#named")
    void passesTheMemoryBlockInR1AndItsLengthInR2(Engine engine) throws Exception {
        ConformanceCase c = ConformanceCase.parse(Path.of("mem.data"), """
                -- asm
                ldxb %r0, [%r1+2]
                lsh %r0, 8
                add %r0, %r2
                exit
                -- mem
                00 11 22 33 44
                -- result
                0x2205
                """, false);
        ConformanceRunner.Outcome outcome = ConformanceRunner.run(c, engine);
        assertTrue(outcome.passed(), outcome.detail());
    }
}
