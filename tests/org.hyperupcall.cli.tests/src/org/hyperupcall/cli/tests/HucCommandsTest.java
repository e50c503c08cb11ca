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

import org.hyperupcall.ebpf.elf.ElfReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** huc compile on HUC source, as a clang user expects it to behave. */
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
        assumeTrue(onPath("llvm-objdump"), "llvm-objdump is not installed");
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

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
