package org.hyperupcall.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and oversized input to huc check, compile and verify: within the front end's limits it
 * is read, checked and compiled; beyond one, it gets that limit's one-line error, quickly, with
 * exit status 1 and never a stack trace (docs/limits.md).
 */
class HostileInputTest {
    /** Generous: each of these takes a few seconds; before the limits some never ended. */
    private static final Duration QUICKLY = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Huc.write(dir, name, text);
    }

    /** A page_reclaim entry point with this body (after "u64 x = ctx->gfn;"). */
    private static String entry(String body) {
        return "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/page_reclaim\")\nlong f(struct hup_page_reclaim_ctx *ctx)\n{\n"
                + "    u64 x = ctx->gfn;\n" + body + "\n}\n";
    }

    private static Huc run(String... args) {
        Huc r = assertTimeoutPreemptively(QUICKLY, () -> Huc.run(args), () -> "huc " + String.join(" ", args));
        assertFalse(r.out().contains("\tat ") || r.err().contains("\tat ") || r.err().contains("Exception"),
                () -> "a stack trace: " + r);
        return r;
    }

    private void compiles(String name, String text) throws IOException {
        Path src = write(name, text);
        Huc check = run("check", src.toString());
        assertEquals(0, check.status(), check::toString);
        Huc compile = run("compile", "-q", src.toString());
        assertEquals(0, compile.status(), compile::toString);
        Huc verify = run("verify", src.toString());
        assertEquals(0, verify.status(), verify::toString);
    }

    /** The one error line of a run that exits 1, checked to start with file:line and end with the rule. */
    private static String oneError(Huc r, String where, String rule) {
        assertEquals(1, r.status(), r::toString);
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith(where), () -> "expected at " + where + ": " + r);
        assertTrue(first.endsWith("[" + rule + "]"), r::toString);
        return first;
    }

    @Test
    void aFileNestedFourHundredParenthesesDeepCompiles() throws IOException {
        compiles("parens.huc", entry("    return " + "(".repeat(400) + "x" + ")".repeat(400) + " & 1;"));
    }

    @Test
    void fiveThousandUnaryMinusSignsCompile() throws IOException {
        compiles("minus.huc", entry("    return (" + "- ".repeat(5_000) + "1) & 1;"));
    }

    @Test
    void tenThousandNestedBracesCompile() throws IOException {
        compiles("braces.huc", entry("{".repeat(10_000) + " x = x + 1; " + "}".repeat(10_000) + "\n    return x & 1;"));
    }

    @Test
    void aReturnOfFourThousandTermsCompiles() throws IOException {
        compiles("terms.huc", entry("    return (" + "1+".repeat(3_999) + "x) & 1;"));
    }

    @Test
    void aChainOfTwoThousandNestedConditionalsIsCheckedAndCompiledQuickly() throws IOException {
        Path src = write("cond.huc", entry("    return " + "x == 1 ? 1 : ".repeat(2_000) + "0;"));
        assertEquals(0, run("check", src.toString()).status());
        oneError(run("compile", src.toString()), src + ":", "HUC-INSN-LIMIT");
    }

    @Test
    void anElseIfChainOfAThousandIsParsedQuickly() throws IOException {
        String chain = IntStream.range(0, 1_000).mapToObj(i -> "if (x == " + i + ") x = " + i + ";").collect(Collectors.joining(" else "));
        Path src = write("elseif.huc", entry("    " + chain + "\n    return x;"));
        assertEquals(0, run("check", src.toString()).status());
    }

    @Test
    void aFileNestedBeyondTheLimitIsOneErrorAtTheLineWhereItCrossesIt() throws IOException {
        Path src = write("deep.huc", entry("    x = 1;\n    return " + "(".repeat(20_000) + "x" + ")".repeat(20_000) + ";"));
        for (String command : new String[] {"check", "compile", "verify"}) {
            String e = oneError(run(command, src.toString()), src + ":7:", "HUC-LIMIT");
            assertTrue(e.contains("nesting deeper than 12000 levels"), e);
        }
    }

    @Test
    void aLineOfHalfAMillionTermsIsRefusedQuicklyAtItsLine() throws IOException {
        Path src = write("wide.huc", entry("    return " + "1+".repeat(500_000) + "x;"));
        Huc r = run("compile", src.toString());
        String e = oneError(r, src + ":6:", "HUC-LIMIT");
        assertTrue(e.contains("nesting deeper than"), e);
        // the source line under it: 160 columns of the megabyte around the caret
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(1).length() <= 166 && lines.get(1).startsWith("    return 1+1+") && lines.get(1).endsWith("..."), lines.get(1));
        assertEquals("^", lines.get(2).strip());
    }

    @Test
    void definesThatDoubleAtEachLevelAreOneErrorAtTheUseSite() throws IOException {
        StringBuilder defines = new StringBuilder("#define D0 1\n");
        for (int i = 1; i <= 40; i++) {
            defines.append("#define D").append(i).append(" (D").append(i - 1).append("+D").append(i - 1).append(")\n");
        }
        Path src = write("defines.huc", defines + entry("    return D40;"));
        String e = oneError(run("compile", src.toString()), src + ":47:12: error: the expansion of D40 exceeds", "HUC-LIMIT");
        assertTrue(e.contains("1048576 syntax-tree nodes"), e);
        assertEquals(0, run("check", src.toString()).status());
    }

    @Test
    void enumeratorsFromDefinesThatDoubleAreComputedOnce() throws IOException {
        StringBuilder defines = new StringBuilder("#define D0 1\n");
        for (int i = 1; i <= 40; i++) {
            defines.append("#define D").append(i).append(" (D").append(i - 1).append("-D").append(i - 1).append(")\n");
        }
        compiles("enum.huc", defines + "enum { ZERO = D40 };\n" + entry("    return (x + ZERO) & 1;"));
    }

    @Test
    void anEntryPointOfFiftyThousandStatementsIsOverTheInstructionLimitAtOnce() throws IOException {
        Path src = write("long.huc", entry("    x = x * 3 + 1;\n".repeat(50_000) + "    return x;"));
        String e = oneError(run("compile", src.toString()), src + ":", "HUC-INSN-LIMIT");
        assertTrue(e.contains("f compiles to more than 16384 instructions before optimisation by this line, far over the limit of 4096"), e);
    }

    @Test
    void threeThousandNestedInlineCallsAreOneErrorAtTheNinthCall() throws IOException {
        StringBuilder functions = new StringBuilder("#include \"hyperupcall.h\"\n");
        for (int i = 1; i < 3_000; i++) {
            functions.append("static inline long f").append(i).append("(long x) { return f").append(i + 1).append("(x) + 1; }\n");
        }
        functions.append("static inline long f3000(long x) { return x; }\n");
        Path src = write("calls.huc", functions + "SEC(\"hyperupcall/page_reclaim\")\nlong f(struct hup_page_reclaim_ctx *ctx)\n{\n"
                + "    return f1(ctx->gfn);\n}\n");
        for (String command : new String[] {"check", "compile"}) {
            String e = oneError(run(command, src.toString()), src + ":9:40: error: the call of 'f9' nests calls deeper than 8 levels",
                    "HUC-LIMIT");
            assertFalse(e.contains("EValidator"), e);
        }
    }

    @Test
    void devZeroAndDevUrandomAreRefusedAsLargerThanTheLargestSource() {
        for (String device : new String[] {"/dev/zero", "/dev/urandom"}) {
            assumeTrue(Files.exists(Path.of(device)));
            Huc r = run("check", device);
            assertEquals(1, r.status(), r::toString);
            assertEquals("huc: " + device + ": larger than 1 MiB, the most huc reads from a source file\n", r.err());
        }
    }

    @Test
    void aThreeGigabyteFileIsRefusedWithoutReadingItAsTheFileOrAsAnInclude() throws IOException {
        Path huge = dir.resolve("huge.huc");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: no disk space, and nothing to read but zeros
        }
        Huc r = run("check", huge.toString());
        assertEquals("huc: " + huge + ": larger than 1 MiB, the most huc reads from a source file\n", r.err());
        assertEquals(1, r.status());
        Path src = write("includes.huc", "#include \"hyperupcall.h\"\n#include \"huge.huc\"\n");
        String e = oneError(run("check", src.toString()), src + ":2:1: error: cannot read included file: ", "HUC-INCLUDE");
        assertTrue(e.contains("huge.huc: larger than 1 MiB, the most huc reads from a source file"), e);
    }

    @Test
    void anIncludeThatIsADirectoryOrAFifoIsAnErrorAtTheIncludeLine() throws Exception {
        Files.createDirectory(dir.resolve("dir.h"));
        Path src = write("dir.huc", "#include \"hyperupcall.h\"\n#include \"dir.h\"\n");
        String e = oneError(run("check", src.toString()), src + ":2:1: error: cannot read included file: ", "HUC-INCLUDE");
        assertTrue(e.endsWith("dir.h: is a directory [HUC-INCLUDE]"), e);

        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo.h").toString()).start();
        } catch (IOException noMkfifo) {
            return; // no FIFOs here
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        Path fifo = write("fifo.huc", "#include \"hyperupcall.h\"\n\n#include \"fifo.h\"\n");
        e = oneError(run("check", fifo.toString()), fifo + ":3:1: error: cannot read included file: ", "HUC-INCLUDE");
        assertTrue(e.endsWith("fifo.h: not a regular file (a FIFO, socket or device) [HUC-INCLUDE]"), e);
    }

    @Test
    void anIncludeThatIsNotUtf8IsAnErrorAtTheIncludeLineNotAMissingFile() throws IOException {
        Files.write(dir.resolve("latin1.h"), "static const long K = 3; // caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path src = write("latin.huc", "#include \"hyperupcall.h\"\n#include \"latin1.h\"\n");
        String e = oneError(run("check", src.toString()), src + ":2:1: error: cannot read included file: ", "HUC-INCLUDE");
        assertTrue(e.contains("latin1.h: not valid UTF-8 at byte offset 31 (line 1): 0xe9"), e);
    }

    @Test
    void anIncludeWhoseNameRunsPastTheEndOfTheLineIsOneErrorOnOneLine() throws IOException {
        // found by the front-end fuzz target: the string of an #include may not hold a line break, as in C
        Path src = write("nl.huc", "#include \"hyperupcall.h\"\n#include \"x.h\n\"\n");
        String e = oneError(run("check", src.toString()), src + ":2:1: error: the name of the included file runs past the end of the line",
                "HUC-INCLUDE");
        assertFalse(e.contains("\n"), e);
    }

    @Test
    void anIncludeWhoseNameIsNoUriIsAMissingFileNotACrash() throws IOException {
        // found by the front-end fuzz target: EMF refused "a:" as a URI, and the exception escaped
        Path src = write("uri.huc", "#include \"hyperupcall.h\"\n#include \"a:\"\n");
        oneError(run("check", src.toString()), src + ":2:1: error: cannot open included file 'a:'", "HUC-INCLUDE");
    }

    @Test
    void aByteOrderMarkAtTheStartOfAnIncludedFileIsSkipped() throws IOException {
        Files.write(dir.resolve("bom.h"), ("\ufeffstatic const long K = 3;\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        compiles("bom.huc", "#include \"bom.h\"\n" + entry("    return (x + K) & 1;"));
    }

    @Test
    void aGarbageFileShowsAHundredErrorsAndOneLineForTheRest() throws IOException {
        Path src = write("garbage.huc", "@@ $$ garbage ;;; }\n".repeat(20_000));
        Huc r = run("check", src.toString());
        assertEquals(1, r.status());
        List<String> lines = r.err().lines().toList();
        assertEquals(101, lines.size(), () -> lines.subList(0, 5) + "...");
        assertTrue(lines.get(100).matches(".*: error: \\d+ more errors not shown \\(huc reports the first 100 of a file\\) \\[HUC-LIMIT\\]"),
                lines.get(100));
    }

    @Test
    void fiveThousandNestedUnboundedLoopsGiveAHundredErrorsAndOneLineForTheRest() throws IOException {
        Path src = write("loops.huc", entry("    " + "while (x) ".repeat(5_000) + "x = 0;\n    return 0;"));
        List<String> lines = run("check", src.toString()).err().lines().toList();
        assertEquals(101, lines.size(), () -> lines.subList(0, 5) + "...");
        assertTrue(lines.get(0).endsWith("[HUC-LOOP]"), lines.get(0));
        assertTrue(lines.get(100).contains(": error: 4900 more errors not shown"), lines.get(100));
    }

    @Test
    void anErrorInAnIncludedFileShowsThatFilesNameLineAndSourceLine() throws IOException {
        write("helper.h", "static long twice(long v)\n{\n    return v + ;\n}\n");
        Path src = write("main.huc", "#include \"hyperupcall.h\"\n#include \"helper.h\"\n" + entry("    return twice(x);"));
        Huc r = run("compile", src.toString());
        assertEquals(1, r.status(), r::toString);
        Path helper = dir.resolve("helper.h");
        assertEquals(helper + ":3:16: error: no viable alternative at input ';' [HUC-SYNTAX]\n    return v + ;\n               ^\n", r.err());
    }
}
