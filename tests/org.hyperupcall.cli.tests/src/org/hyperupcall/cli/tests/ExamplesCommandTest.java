package org.hyperupcall.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's use cases in examples/huc: each compiles and the verifier accepts it for its event
 * against the default guest's symbol map, without flags.
 */
class ExamplesCommandTest {
    @TempDir
    Path dir;

    static Path example(String name) {
        Path repo = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
        return repo.resolve("examples/huc").resolve(name);
    }

    /** Compiles the example into the temporary folder, then verifies the source; returns verify's output. */
    private String compilesAndVerifies(String name, String... entryPoints) throws Exception {
        Path src = example(name);
        assertTrue(Files.isRegularFile(src), src + " is missing");
        Path o = dir.resolve(name.replace(".huc", ".o"));
        Huc compile = Huc.run("compile", src.toString(), "-o", o.toString());
        assertEquals(0, compile.status(), compile::toString);
        Huc verify = Huc.run("verify", src.toString());
        assertEquals(0, verify.status(), verify::toString);
        for (String e : entryPoints) {
            assertTrue(verify.out().contains(src + ": " + e + ": accepted for "), verify::toString);
            assertTrue(compile.err().contains(src + ": " + e + " (hyperupcall/"), compile::toString);
        }
        Huc object = Huc.run("verify", o.toString());
        assertEquals(0, object.status(), object::toString);
        return verify.out();
    }

    @Test
    void discardFreeReadsMemMapAndIsAcceptedForPageReclaim() throws Exception {
        assertTrue(compilesAndVerifies("discard_free.huc", "discard_free").contains("accepted for page_reclaim"));
    }

    @Test
    void protectKernelIsAcceptedForPageMappingAndVmExit() throws Exception {
        String out = compilesAndVerifies("protect_kernel.huc", "protect_mapping", "check_write_protect");
        assertTrue(out.contains("accepted for page_mapping") && out.contains("accepted for vm_exit"), out);
    }

    @Test
    void tlbShootdownWritesTheTargetsTlbStateAndIsAcceptedForTlbShootdown() throws Exception {
        assertTrue(compilesAndVerifies("tlb_shootdown.huc", "defer_flush").contains("accepted for tlb_shootdown"));
    }

    @Test
    void traceExitsWritesTheTraceRingAndIsAcceptedForVmExit() throws Exception {
        assertTrue(compilesAndVerifies("trace_exits.huc", "trace_exit").contains("accepted for vm_exit"));
    }
}
