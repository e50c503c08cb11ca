package org.hyperupcall.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.testing.ExternalTools;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** huc compile and huc verify on HUC source, as a clang user expects them to behave. */
class HucCommandsTest {
    private static final String CPUID = """
            #include "hyperupcall.h"

            SEC("hyperupcall/vm_exit")
            long no_cpuid(struct hup_vm_exit_ctx *ctx)
            {
                if (ctx->exit_reason == HUP_EXIT_CPUID)
                    return HUP_VIOLATION;
                return HUP_DEFAULT;
            }
            """;

    /** Reads a guest variable through an extern: needs the symbol map. */
    private static final String JIFFIES = """
            #include "hyperupcall.h"

            extern const u64 jiffies;

            SEC("hyperupcall/page_reclaim")
            long old_frames(struct hup_page_reclaim_ctx *ctx)
            {
                if (jiffies > 1000)
                    return HUP_PAGE_FREE;
                return HUP_PAGE_IN_USE;
            }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void compileWritesAnObjectBesideTheSourceThatHucDisasmReads() throws IOException {
        Path src = write("cpuid.huc", CPUID);
        Huc r = Huc.run("compile", src.toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out());
        Path o = dir.resolve("cpuid.o");
        assertTrue(ElfReader.isElf(Files.readAllBytes(o)), "no ELF object at " + o);
        assertTrue(r.err().matches("\\Q" + src + ": no_cpuid (hyperupcall/vm_exit): \\E\\d+ instructions \\(limit 4096\\)\n"), r::toString);
        Huc listing = Huc.run("disasm", o.toString());
        assertEquals(0, listing.status(), listing::toString);
        assertTrue(listing.out().contains("Disassembly of section hyperupcall/vm_exit:"), listing::toString);
        assertTrue(listing.out().contains("<no_cpuid>:"), listing::toString);
        assertTrue(listing.out().contains("exit"), listing::toString);
    }

    @Test
    void compileWritesWhereMinusOSaysAndIsQuietWithMinusQ() throws IOException {
        Path src = write("cpuid.huc", CPUID);
        Path o = dir.resolve("elsewhere.o");
        Huc r = Huc.run("compile", "-q", src.toString(), "-o", o.toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err());
        assertTrue(ElfReader.isElf(Files.readAllBytes(o)));
        assertFalse(Files.exists(dir.resolve("cpuid.o")));
    }

    @Test
    void llvmObjdumpReadsTheObjectCompileWrites() throws Exception {
        assumeTrue(ExternalTools.present("llvm-objdump"), "llvm-objdump is not installed");
        Path src = write("cpuid.huc", CPUID);
        assertEquals(0, Huc.run("compile", src.toString()).status());
        Process p = new ProcessBuilder("llvm-objdump", "-d", dir.resolve("cpuid.o").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Disassembly of section hyperupcall/vm_exit:") && out.contains("<no_cpuid>:") && out.contains("exit"), out);
    }

    @Test
    void emitAsmPutsEachSourceLineBeforeTheInstructionsItProduced() throws IOException {
        Path src = write("cpuid.huc", CPUID);
        Huc r = Huc.run("compile", "--emit", "asm", "-q", src.toString());
        assertEquals(0, r.status(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("Disassembly of section hyperupcall/vm_exit:"), r::toString);
        int test = lines.indexOf(";     if (ctx->exit_reason == HUP_EXIT_CPUID)");
        int violation = lines.indexOf(";         return HUP_VIOLATION;");
        assertTrue(test > 0 && violation > test, r::toString);
        assertTrue(lines.get(test + 1).matches("\\s+\\d+:\t.*"), "an instruction follows the source line: " + r);
        assertTrue(lines.subList(violation, lines.size()).stream().anyMatch(l -> l.endsWith("r0 = 1")), r::toString);
        assertFalse(Files.exists(dir.resolve("cpuid.o")), "--emit asm writes no object");

        Path s = dir.resolve("cpuid.s");
        assertEquals(0, Huc.run("compile", "--emit", "asm", src.toString(), "-o", s.toString()).status());
        assertEquals(r.out(), Files.readString(s));
    }

    @Test
    void aSyntaxErrorIsOneClangStyleLineWithTheSourceAndACaretAndExitsOne() throws IOException {
        Path src = write("broken.huc", "long f(void) {\n  u32 x = 1\n  return x;\n}\n");
        Huc r = Huc.run("compile", src.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals(src + ":3:3: error: missing ';' at 'return' [HUC-SYNTAX]\n  return x;\n  ^\n", r.err());
        assertFalse(Files.exists(dir.resolve("broken.o")), "no object after an error");
    }

    @Test
    void aRuleErrorNamesItsRuleAndExitsOne() throws IOException {
        Path src = write("loop.huc", """
                #include "hyperupcall.h"
                SEC("hyperupcall/vm_exit")
                long spin(struct hup_vm_exit_ctx *ctx)
                {
                    u64 n = ctx->tsc;
                    while (n) n--;
                    return HUP_DEFAULT;
                }
                """);
        Huc r = Huc.run("compile", src.toString());
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith(src + ":6:12: error: a while loop has no bound"), r::toString);
        assertTrue(r.err().lines().findFirst().orElseThrow().endsWith("[HUC-LOOP]"), r::toString);
        assertTrue(r.err().contains("\n    while (n) n--;\n           ^\n"), r::toString);
    }

    @Test
    void aMissingFileExitsTwoWithOneLine() {
        Path missing = dir.resolve("nothere.huc");
        for (String command : new String[] {"compile", "verify", "check"}) {
            Huc r = Huc.run(command, missing.toString());
            assertEquals(2, r.status(), r::toString);
            assertEquals("huc: " + missing + ": no such file\n", r.err(), command);
        }
        Huc emit = Huc.run("compile", "--emit", "html", missing.toString());
        assertEquals(2, emit.status(), emit::toString);
        assertTrue(emit.err().contains("--emit must be obj or asm, not 'html'"), emit::toString);
    }

    @Test
    void verifyCompilesAndAcceptsAProgramWithTheInstructionCountAndLimit() throws IOException {
        Path src = write("cpuid.huc", CPUID);
        Huc r = Huc.run("verify", src.toString());
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith(src + ": no_cpuid: accepted for vm_exit: "), r::toString);
        assertTrue(r.out().contains(" instructions (limit 4096), "), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void verifyShowsTheSourceLineTheVerifierRejects() throws IOException {
        Path src = write("two.huc", """
                #include "hyperupcall.h"

                SEC("hyperupcall/vm_exit")
                long two(struct hup_vm_exit_ctx *ctx)
                {
                    if (ctx->exit_reason == HUP_EXIT_HLT)
                        return 2;
                    return HUP_DEFAULT;
                }
                """);
        Huc r = Huc.run("verify", src.toString());
        assertEquals(1, r.status(), r::toString);
        List<String> err = r.err().lines().toList();
        assertTrue(err.get(0).matches("\\Q" + src + ":\\E\\d+:\\d+: error: r0 may be 2 at exit; .* \\(insn \\d+\\) \\[HUV-RETURN\\]"),
                r::toString);
        int line = Integer.parseInt(err.get(0).substring(src.toString().length() + 1).split(":")[0]);
        assertEquals(Files.readAllLines(src).get(line - 1), err.get(1), r::toString);
        assertTrue(err.get(2).matches(" *\\^~*"), r::toString);
        assertEquals(err.get(1).indexOf(err.get(1).strip()), err.get(2).indexOf('^'), "the caret is under the statement");
    }

    @Test
    void verifyResolvesExternsWithASymbolFileAndRegistersTheirRanges() throws IOException {
        Path src = write("jiffies.huc", JIFFIES);
        Huc unknown = Huc.run("verify", src.toString());
        assertEquals(1, unknown.status(), unknown::toString);
        assertTrue(unknown.err().startsWith(src + ":8:9: error: extern 'jiffies' is not in the guest symbol map"), unknown::toString);

        Huc ok = Huc.run("verify", src.toString(), "--symbols", write("guest.map", "# jiffies\nffff888000100000 8 jiffies\n").toString());
        assertEquals(0, ok.status(), ok::toString);
        assertTrue(ok.out().startsWith(src + ": old_frames: accepted for page_reclaim"), ok::toString);

        Huc short4 = Huc.run("verify", src.toString(), "--symbols", write("short.map", "ffff888000100000 4 jiffies\n").toString());
        assertEquals(1, short4.status(), short4::toString);
        assertTrue(short4.err().startsWith(src + ":8:"), short4::toString);
        assertTrue(short4.err().contains("[HUV-MEM-BOUNDS]") && short4.err().contains("\n    if (jiffies > 1000)\n    ^~~"), short4::toString);

        Huc flags = Huc.run("verify", src.toString(), "--symbol", "jiffies=0xffff888000100000", "--region",
                "jiffies=0xffff888000100000:8:ro");
        assertEquals(0, flags.status(), flags::toString);
    }

    @Test
    void verifyNamesTheFileAndLineOfABadSymbolFile() throws IOException {
        Path src = write("jiffies.huc", JIFFIES);
        Path map = write("bad.map", "ffff888000100000 8 jiffies\nffff888000100008 jiffies_64\n");
        Huc r = Huc.run("verify", src.toString(), "--symbols", map.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals("huc: " + map + ":2: error: expected 'ADDRESS SIZE NAME [rw]', not 'ffff888000100008 jiffies_64'\n", r.err());
        Huc missing = Huc.run("verify", src.toString(), "--symbols", dir.resolve("none.map").toString());
        assertEquals(2, missing.status(), missing::toString);
    }

    @Test
    void verifiesTheObjectCompileWritesAgainstTheDefaultGuest() throws IOException {
        Path src = write("protect.huc", """
                #include "hyperupcall.h"

                extern const u64 kernel_text_start;
                extern const u64 kernel_rodata_end;

                SEC("hyperupcall/page_mapping")
                long protect(struct hup_page_mapping_ctx *ctx)
                {
                    if ((ctx->access & HUP_ACCESS_WRITE) && ctx->gpa >= kernel_text_start && ctx->gpa < kernel_rodata_end)
                        return HUP_DENY;
                    return HUP_ALLOW;
                }
                """);
        assertEquals(0, Huc.run("compile", src.toString()).status());
        Huc r = Huc.run("verify", dir.resolve("protect.o").toString());
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("hyperupcall/page_mapping: accepted for page_mapping"), r::toString);
    }

    @Test
    void anObjectCompiledFromHucCarriesTheLinesOfItsSource() throws Exception {
        Path src = write("cpuid.huc", CPUID);
        assertEquals(0, Huc.run("compile", src.toString()).status());
        List<LineInfo.Entry> lines = LineInfo.of(ElfReader.read(dir.resolve("cpuid.o"))).get("hyperupcall/vm_exit");
        List<String> source = Files.readAllLines(src);
        assertEquals(List.of(6, 7, 8), lines.stream().map(LineInfo.Entry::line).distinct().sorted().toList(), lines::toString);
        for (LineInfo.Entry e : lines) {
            assertEquals(src.toString(), e.file());
            assertEquals(source.get(e.line() - 1), e.source());
            assertEquals(e.source().indexOf(e.source().strip()) + 1, e.column(), "where the statement starts");
        }
        assertEquals(0, lines.get(0).insn(), "the first instruction has a line");
    }

    @Test
    void verifyOfACompiledObjectTheVerifierRejectsShowsTheHucSourceLine() throws IOException {
        Path src = write("peek.huc", """
                #include "hyperupcall.h"

                SEC("hyperupcall/page_mapping")
                long peek(struct hup_page_mapping_ctx *ctx)
                {
                    u64 v = *(u64 *) ctx->gpa;
                    if (v == 0)
                        return HUP_DENY;
                    return HUP_ALLOW;
                }
                """);
        assertEquals(0, Huc.run("compile", "-q", src.toString()).status());
        Huc r = Huc.run("verify", dir.resolve("peek.o").toString());
        assertEquals(1, r.status(), r::toString);
        List<String> err = r.err().lines().toList();
        assertTrue(err.get(0).matches("\\Q" + src + ":6:5: error: \\E.* \\(insn \\d+\\) \\[HUV-MEM-BOUNDS\\]"), r::toString);
        assertEquals("    u64 v = *(u64 *) ctx->gpa;", err.get(1), r::toString);
        assertEquals("    ^~~~~~~~~~~~~~~~~~~~~~~~~~", err.get(2), r::toString);
    }

}
