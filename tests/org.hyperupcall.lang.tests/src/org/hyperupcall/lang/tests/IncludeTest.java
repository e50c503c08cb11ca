package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Event;
import org.hyperupcall.lang.HucChecker;
import org.hyperupcall.lang.IncludeResolver;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #include "file" of HUC headers: what they define is visible, their errors name them, missing ones are reported. */
class IncludeTest {
    private static final String DEFS = """
            #include "hyperupcall.h"
            #define SCALE 10
            struct pair { u32 a; u32 b; };
            enum color { RED = 1, GREEN, BLUE };
            static inline u32 weigh(struct pair *p) { return p->a * SCALE + p->b; }
            """;
    private static final String MAIN = """
            #include "hyperupcall.h"
            #include "defs.h"

            SEC("hyperupcall/vm_exit")
            long f(struct hup_vm_exit_ctx *ctx) {
                struct pair p = {ctx->vcpu, BLUE};
                u32 s = 0;
                for (u32 i = 0; i < SCALE; i++)
                    s += weigh(&p);
                return s;
            }
            """;

    private static IncludeResolver memory(Map<String, String> files) {
        return (including, name) -> Optional.ofNullable(files.get(name)).map(t -> new IncludeResolver.Source(name, t));
    }

    private static byte[] context() {
        return ByteBuffer.allocate(Event.VM_EXIT.context().size()).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 4).array();
    }

    @Test
    void definesStructsEnumsAndFunctionsOfAnIncludedHeaderAreVisible() {
        Compilation c = Compiler.compile("main.huc", MAIN, memory(Map.of("defs.h", DEFS)));
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        for (EngineKind engine : EngineKind.values()) {
            RunResult r = c.programs().get(0).run(engine, context(), Map.of());
            assertEquals(10L * (4 * 10 + 3), r.r0(), engine.toString());
        }
    }

    @Test
    void codeInlinedFromAHeaderCarriesTheLineOfItsCallInTheIncludingFile() {
        Compilation c = Compiler.compile("main.huc", MAIN, memory(Map.of("defs.h", DEFS)));
        int[] lines = c.programs().get(0).sourceLines();
        assertTrue(java.util.Arrays.stream(lines).allMatch(l -> l >= 5 && l <= 11), () -> java.util.Arrays.toString(lines));
        assertTrue(java.util.Arrays.stream(lines).anyMatch(l -> l == 9), "the call's line");
    }

    @Test
    void aMissingIncludeIsAnErrorAtItsLine() {
        Compilation c = Compiler.compile("main.huc", MAIN, IncludeResolver.NONE);
        assertFalse(c.ok());
        SourceDiagnostic d = c.diagnostics().stream().filter(x -> "HUC-INCLUDE".equals(x.rule())).findFirst().orElseThrow();
        assertEquals("main.huc", d.file());
        assertEquals(2, d.line());
        assertTrue(d.message().contains("defs.h"), d.format());
    }

    @Test
    void aRuleBrokenInAHeaderIsReportedAgainstTheHeader() {
        String bad = DEFS + "static inline u32 spin(u32 x) { while (x) { x--; } return x; }\n";
        List<SourceDiagnostic> ds = HucChecker.check("main.huc", MAIN, memory(Map.of("defs.h", bad)));
        SourceDiagnostic d = ds.stream().filter(SourceDiagnostic::error).findFirst().orElseThrow(() -> new AssertionError(ds));
        assertEquals("defs.h", d.file(), d.format());
        assertEquals(6, d.line(), d.format());
        assertEquals("HUC-LOOP", d.rule(), d.format());
    }

    @Test
    void headersIncludingEachOtherAreReadOnceEach() {
        String a = "#include \"b.h\"\n#define A 1\n";
        String b = "#include \"a.h\"\n#define B 2\n";
        String main = "#include \"hyperupcall.h\"\n#include \"a.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) { return A + B == 3; }\n";
        Compilation c = Compiler.compile("main.huc", main, memory(Map.of("a.h", a, "b.h", b)));
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        assertEquals(1L, c.programs().get(0).run(EngineKind.INTERP, context(), Map.of()).r0());
    }

    @Test
    void includesAreReadBesideTheIncludingFileOnDisk(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("inc"));
        Files.writeString(dir.resolve("inc/defs.h"), DEFS);
        Path main = dir.resolve("main.huc");
        Files.writeString(main, MAIN.replace("\"defs.h\"", "\"inc/defs.h\""));
        Compilation c = Compiler.compile(main.toString(), Files.readString(main));
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        assertEquals(430L, c.programs().get(0).run(EngineKind.JIT, context(), Map.of()).r0());
    }
}
