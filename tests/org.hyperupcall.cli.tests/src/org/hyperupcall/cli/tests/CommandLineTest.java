package org.hyperupcall.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a user of huc sees: output, one-line errors naming the file and line, exit statuses 0, 1 and 2. */
class CommandLineTest {
    private static final String CHECKSUM = """
            # sum of the bytes of the block
                mov %r0, 0
                mov %r3, 0
                jeq %r2, 0, done
            loop:
                mov %r4, %r1
                add %r4, %r3
                ldxb %r5, [%r4+0]
                add %r0, %r5
                add %r3, 1
                jlt %r3, %r2, loop
            done:
                exit
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Path shared() {
        return Path.of(System.getProperty("hyperupcall.shared", "../shared")).toAbsolutePath().normalize();
    }

    static Stream<String> engines() {
        return EngineKind.names().stream();
    }

    @Test
    void printsItsVersionAndHelpForEveryCommand() {
        Huc version = Huc.run("--version");
        assertEquals(0, version.status(), version::toString);
        assertTrue(version.out().startsWith("huc "), version::toString);
        for (String command : new String[] {"asm", "disasm", "exec", "bench", "conformance", "verify", "abi", "check", "compile"}) {
            Huc help = Huc.run(command, "--help");
            assertEquals(0, help.status(), help::toString);
            assertTrue(help.out().contains("Usage: huc " + command), help::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void runsAnAssemblyFileWithAMemoryBlockAndPrintsR0(String engine) throws IOException {
        Huc r = Huc.run("exec", "--engine", engine, write("sum.s", CHECKSUM).toString(), "--mem", "01 02 03 04");
        assertEquals(0, r.status(), r::toString);
        assertEquals("r0 = 0xa\n", r.out().replace("\r", ""));
    }

    @Test
    void assemblesAnObjectThatRunsAndDisassemblesBackToTheSameBytes() throws Exception {
        Path s = write("sum.s", CHECKSUM);
        Path o = dir.resolve("sum.o");
        Huc asm = Huc.run("asm", s.toString(), "-o", o.toString(), "--section", "hyperupcall/vm_exit");
        assertEquals(0, asm.status(), asm::toString);
        Huc exec = Huc.run("exec", o.toString(), "--mem", "ff 01");
        assertEquals("r0 = 0x100\n", exec.out(), exec::toString);
        Huc listing = Huc.run("disasm", o.toString());
        assertTrue(listing.out().contains("Disassembly of section hyperupcall/vm_exit:"), listing::toString);
        assertTrue(listing.out().contains("r5 = *(u8 *)(r4 + 0)"), listing::toString);
        Huc text = Huc.run("disasm", "--syntax", "conformance", o.toString());
        Path again = write("again.s", text.out());
        Path o2 = dir.resolve("again.o");
        assertEquals(0, Huc.run("asm", again.toString(), "-o", o2.toString()).status());
        assertArrayEquals(Linker.link(ElfReader.read(o), null, SymbolResolver.NONE).toBytes(),
                Linker.link(ElfReader.read(o2), null, SymbolResolver.NONE).toBytes());
    }

    @Test
    void disassemblesAnObjectWithOpcode0xffAsAnUnknownOpcodeAndRefusesToWriteAssemblyForIt() throws Exception {
        Path s = write("bad.s", "mov %r0, 0x12345678\nexit\n");
        Path o = dir.resolve("bad.o");
        assertEquals(0, Huc.run("asm", s.toString(), "-o", o.toString(), "--section", "hyperupcall/vm_exit").status());
        byte[] bytes = Files.readAllBytes(o);
        byte[] mov = {(byte) 0xb7, 0, 0, 0, 0x78, 0x56, 0x34, 0x12};
        int at = -1;
        for (int i = 0; i + mov.length <= bytes.length && at < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + mov.length, mov, 0, mov.length)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "mov instruction not found in the object");
        bytes[at] = (byte) 0xff;
        Files.write(o, bytes);

        Huc listing = Huc.run("disasm", o.toString());
        assertEquals(0, listing.status(), listing::toString);
        assertTrue(listing.out().contains("<unknown opcode 0xff>"), listing::toString);
        assertTrue(listing.out().contains("exit"), listing::toString);
        assertEquals("", listing.err(), listing::toString);

        Huc text = Huc.run("disasm", "--syntax", "conformance", o.toString());
        assertEquals(1, text.status(), text::toString);
        assertEquals("huc: " + o + ": section hyperupcall/vm_exit, instruction 0: unknown opcode 0xff has no assembly"
                + " (--syntax llvm lists it)\n", text.err().replace("\r", ""), text::toString);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void passesTheWholeConformanceSuiteAndSaysSoOnTheLastLine(String engine) throws IOException {
        Path tests = shared().resolve("conformance/tests");
        Path negative = shared().resolve("conformance/negative");
        long files;
        try (Stream<Path> a = Files.list(tests); Stream<Path> b = Files.list(negative)) {
            files = Stream.concat(a, b).filter(p -> p.toString().endsWith(".data")).count();
        }
        Huc r = Huc.run("conformance", "--engine", engine, tests.toString(), negative.toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals(files + " passed, 0 failed\n", r.out(), r::toString);
    }

    @Test
    void reportsAFailingConformanceFileAndExitsWithOne() throws IOException {
        Path bad = write("wrong.data", "-- asm\nmov %r0, 1\nexit\n-- result\n0x2\n");
        Huc r = Huc.run("conformance", bad.toString());
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.out().contains("FAIL " + bad + ": expected r0 = 0x2, got r0 = 0x1"), r::toString);
        assertTrue(r.out().endsWith("0 passed, 1 failed\n"), r::toString);
    }

    @Test
    void namesTheFileAndLineOfBadAssembly() throws IOException {
        Path s = write("bad.s", "mov %r0, 1\nfrobnicate %r1\nexit\n");
        Huc r = Huc.run("exec", s.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals("huc: " + s + ":2: error: unknown instruction 'frobnicate'\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void namesTheLineAndInstructionTheLoaderRefuses() throws IOException {
        Path s = write("uninit.s", "mov %r0, 1\n# a comment\nadd %r0, %r7\nexit\n");
        Huc r = Huc.run("exec", s.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals("huc: " + s + ":3: insn 1: error: reads r7 before any value was written to it\n", r.err());
    }

    @Test
    void reportsAFaultWithTheInstructionAndExitsWithOne() throws IOException {
        Path s = write("oob.s", "ldxw %r0, [%r1+2]\nexit\n");
        Huc r = Huc.run("exec", s.toString(), "--mem", "01 02 03 04");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("huc: " + s + ":1: insn 0: fault: out-of-bounds memory access: 4-byte read at"), r::toString);
    }

    @Test
    void refusesMissingAndMalformedFilesWithOneLine() throws IOException {
        Huc missing = Huc.run("exec", dir.resolve("nothere.s").toString());
        assertEquals(1, missing.status());
        assertEquals("huc: " + dir.resolve("nothere.s") + ": no such file\n", missing.err());

        byte[] elf = new byte[80];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        elf[18] = (byte) 247;
        elf[58] = 64; // section header entry size
        elf[60] = 5; // five section headers, none in the file
        Path truncated = dir.resolve("truncated.o");
        Files.write(truncated, elf);
        for (String command : new String[] {"exec", "disasm"}) {
            Huc r = Huc.run(command, truncated.toString());
            assertEquals(1, r.status(), r::toString);
            assertTrue(r.err().startsWith("huc: " + truncated + ": section header table"), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
            assertEquals(1, r.err().split("\n").length, r::toString);
        }

        Path x86 = dir.resolve("x86.o");
        byte[] other = elf.clone();
        other[18] = 62;
        Files.write(x86, other);
        Huc r = Huc.run("exec", x86.toString());
        assertEquals("huc: " + x86 + ": not an eBPF object: e_machine is 62, expected 247 (EM_BPF)\n", r.err());
    }

    @Test
    void verifiesAProgramForItsEventAndExitsZero() throws IOException {
        Path s = write("cpuid.s", "ldxw %r2, [%r1+4]\nmov %r0, 0\njne %r2, 10, out\nmov %r0, 1\nout:\nexit\n");
        Huc r = Huc.run("verify", "--event", "vm_exit", s.toString());
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith(s + ": accepted for vm_exit: 5 instructions (limit 4096)"), r::toString);
        assertTrue(r.out().contains("verified in"), r::toString);
    }

    @Test
    void printsTheRuleTheInstructionAndTheLineOfARejectionAndExitsOne() throws IOException {
        Path s = write("bad.s", "# returns 2\nmov %r0, 2\nexit\n");
        Huc r = Huc.run("verify", "--event", "vm_exit", s.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals(s + ": insn 1 (line 3): error: r0 may be 2 at exit; vm_exit returns HUP_DEFAULT (0) or HUP_VIOLATION (1)"
                + " [HUV-RETURN]\n", r.err());
    }

    @Test
    void verifiesTheHyperupcallSectionsOfAnObjectAndChecksGuestMemoryAgainstRegions() throws IOException {
        Path s = write("guest.s", "lddw %r2, 0xffff888000001000\nldxdw %r3, [%r2+8]\nmov %r0, 0\nexit\n");
        Path o = dir.resolve("guest.o");
        assertEquals(0, Huc.run("asm", s.toString(), "-o", o.toString(), "--section", "hyperupcall/tlb_shootdown").status());
        Huc ok = Huc.run("verify", o.toString(), "--region", "guest=0xffff888000001000:4096");
        assertEquals(0, ok.status(), ok::toString);
        assertTrue(ok.out().contains("hyperupcall/tlb_shootdown: accepted for tlb_shootdown"), ok::toString);
        Huc tooSmall = Huc.run("verify", o.toString(), "--region", "guest=0xffff888000001000:12");
        assertEquals(1, tooSmall.status(), tooSmall::toString);
        assertTrue(tooSmall.err().contains("[HUV-MEM-BOUNDS]"), tooSmall::toString);
    }

    @Test
    void printsTheAbstractStateOfEveryInstructionWithLog() throws IOException {
        Path s = write("log.s", "mov %r2, 7\nmov %r0, 0\nexit\n");
        Huc r = Huc.run("verify", "--log", "--event", "page_reclaim", s.toString());
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("r0 = 0") && r.out().contains("r1=ctx r2=7 r10=fp"), r::toString);
    }

    @Test
    void exitsTwoWhenTheFileIsMissingOrTheEventUnknown() throws IOException {
        assertEquals(2, Huc.run("verify", "--event", "vm_exit", dir.resolve("missing.s").toString()).status());
        assertEquals(2, Huc.run("verify", "--event", "reboot", write("x.s", "mov %r0, 0\nexit\n").toString()).status());
        assertEquals(2, Huc.run("verify", write("y.s", "mov %r0, 0\nexit\n").toString()).status(), "assembly needs --event");
    }

    @Test
    void printsTheHeaderAndTheAbiDocumentation() {
        Huc header = Huc.run("abi", "--header");
        assertEquals(0, header.status());
        assertTrue(header.out().contains("struct hup_vm_exit_ctx {") && header.out().contains("#define HUP_VIOLATION"), header::toString);
        Huc doc = Huc.run("abi", "--markdown");
        assertTrue(doc.out().startsWith("# The hyperupcall ABI"), doc::toString);
    }

    @Test
    void checksHucSourceAndPrintsDiagnosticsLikeACompiler() throws IOException {
        Path ok = write("ok.huc", "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *c) { return HUP_DEFAULT; }\n");
        Huc good = Huc.run("check", ok.toString());
        assertEquals(0, good.status(), good::toString);
        assertEquals("", good.err());
        Path bad = write("bad.huc", "long f(u64 n) {\n  while (n) n--;\n  return 1.5;\n}\n");
        Huc r = Huc.run("check", bad.toString());
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains(bad + ":2:10: error: a while loop has no bound"), r::toString);
        assertTrue(r.err().contains("[HUC-LOOP]") && r.err().contains(bad + ":3:10: error: floating-point literal 1.5"), r::toString);
        Path broken = write("broken.huc", "long f(void) {\n  u32 x = 1\n  return x;\n}\n");
        Huc syntax = Huc.run("check", broken.toString());
        assertEquals(1, syntax.status());
        assertTrue(syntax.err().startsWith(broken + ":3:3: error: missing ';' at 'return' [HUC-SYNTAX]"), syntax::toString);
    }

    @Test
    void exitsWithTwoOnUsageErrors() throws IOException {
        assertEquals(2, Huc.run("exec").status());
        assertEquals(2, Huc.run("frobnicate").status());
        Huc engine = Huc.run("exec", "--engine", "warp-drive", write("t.s", "mov %r0, 0\nexit\n").toString());
        assertEquals(2, engine.status(), engine::toString);
        assertTrue(engine.err().contains("unknown engine 'warp-drive'"), engine::toString);
        assertEquals(2, Huc.run("disasm", "--syntax", "intel", write("u.s", "exit\n").toString()).status());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "0", "1000000001", "9223372036854775807"})
    void aBudgetOfNoInstructionsOrOfMoreThanABillionIsAUsageError(String budget) throws IOException {
        Huc r = Huc.run("exec", "--budget", budget, write("b.s", "mov %r0, 0\nexit\n").toString());
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--budget must be from 1 to 1000000000 instructions, not " + budget), r::toString);
        assertEquals("", r.out(), r::toString);
        Huc one = Huc.run("exec", "--budget", "2", write("c.s", "mov %r0, 0\nexit\n").toString());
        assertEquals(0, one.status(), one::toString);
    }

    @Test
    void aHucFileStartingWithAByteOrderMarkChecksAndCompilesLikeOneWithout() throws IOException {
        String source = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *c) { return HUP_DEFAULT; }\n";
        byte[] text = source.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(text, 0, bom, 3, text.length);
        Path f = dir.resolve("bom.huc");
        Files.write(f, bom);
        Huc check = Huc.run("check", f.toString());
        assertEquals(0, check.status(), check::toString);
        assertEquals("", check.err(), check::toString);
        Huc compile = Huc.run("compile", f.toString(), "-o", dir.resolve("bom.o").toString());
        assertEquals(0, compile.status(), compile::toString);
        Path s = dir.resolve("bom.s");
        byte[] asm = "mov %r0, 7\nexit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] asmBom = new byte[asm.length + 3];
        System.arraycopy(bom, 0, asmBom, 0, 3);
        System.arraycopy(asm, 0, asmBom, 3, asm.length);
        Files.write(s, asmBom);
        Huc exec = Huc.run("exec", s.toString());
        assertEquals("r0 = 0x7\n", exec.out(), exec::toString);
    }

    @Test
    void aFileThatIsNotUtf8GetsOneLineNamingTheByteAndTheLine() throws IOException {
        byte[] text = "long f(void) {\n  return 1; // caf\u00e9\n}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("latin1.huc");
        Files.write(f, text);
        int at = java.util.Arrays.asList(new String(text, java.nio.charset.StandardCharsets.ISO_8859_1).split("")).indexOf("\u00e9");
        Huc r = Huc.run("check", f.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals("huc: " + f + ": not valid UTF-8 at byte offset " + at + " (line 2): 0xe9\n", r.err().replace("\r", ""), r::toString);
        Path s = dir.resolve("latin1.s");
        Files.write(s, "mov %r0, 0 # \u00e9\nexit\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Huc exec = Huc.run("exec", s.toString());
        assertEquals(1, exec.status(), exec::toString);
        assertEquals("huc: " + s + ": not valid UTF-8 at byte offset 13 (line 1): 0xe9\n", exec.err().replace("\r", ""), exec::toString);
    }

    @Test
    void benchPrintsAFigureForEachEngineAndTheRatio() throws IOException {
        Path s = write("loop.s", "mov %r0, 0\nmov %r1, 1000\nl:\nadd %r0, %r1\nsub %r1, 1\njne %r1, 0, l\nexit\n");
        Huc r = Huc.run("bench", s.toString(), "--warmup-ms", "50", "--batches", "3", "--batch-ms", "5");
        assertEquals(0, r.status(), r::toString);
        for (String engine : EngineKind.names()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(engine + " ")), r::toString);
        }
        assertTrue(r.out().contains("3,003"), "instructions per run: " + r);
        if (EngineKind.names().contains(EngineKind.JIT.toString())) {
            assertTrue(r.out().contains("ratio interp/jit: "), r::toString);
        }
    }
}
