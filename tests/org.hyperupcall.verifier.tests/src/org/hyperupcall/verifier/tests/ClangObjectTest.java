package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.testing.ExternalTools;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Header;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Rule;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C hyperupcalls built by clang -g against hyperupcall.h: verdicts name the C source line. */
class ClangObjectTest {
    private static Program compile(Path dir, String source) throws Exception {
        Files.writeString(dir.resolve("hyperupcall.h"), Header.text());
        Path c = dir.resolve("prog.c");
        Files.writeString(c, source);
        Path o = dir.resolve("prog.o");
        Process p = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-c", c.toString(), "-o", o.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return Linker.link(ElfReader.read(o), null, SymbolResolver.NONE);
    }


    @Test
    void acceptsATracingHyperupcallWrittenInC(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("clang"), "clang is not installed");
        Program p = compile(dir, """
                #include "hyperupcall.h"
                SEC("hyperupcall/vm_exit") long trace_exit(struct hup_vm_exit_ctx *ctx) {
                    struct hup_vmexit_record rec = { .tsc = ctx->tsc, .vcpu = ctx->vcpu, .exit_reason = ctx->exit_reason };
                    hup_trace(&rec, sizeof rec);
                    return ctx->exit_reason == HUP_EXIT_CPUID && hup_vcpu_is_running(ctx->vcpu) ? HUP_DEFAULT : HUP_DEFAULT;
                }
                """);
        Verification v = Verifier.verify(p, ProgramType.of(Event.VM_EXIT), VerifierOptions.defaults());
        assertTrue(v.accepted(), () -> v.diagnostics().toString());
    }

    @Test
    void namesTheCSourceLineOfARejectedAccess(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("clang"), "clang is not installed");
        Program p = compile(dir, """
                #include "hyperupcall.h"
                extern struct page mem_map[];
                SEC("hyperupcall/page_reclaim") long discard(struct hup_page_reclaim_ctx *ctx) {
                    struct page *pg = (struct page *) (0xffff888000000000ULL + ctx->gfn * sizeof(struct page));
                    if (pg->flags & (1ULL << HUP_PG_BUDDY))
                        return HUP_PAGE_FREE;
                    return HUP_PAGE_IN_USE;
                }
                """);
        Verification v = Verifier.verify(p, ProgramType.of(Event.PAGE_RECLAIM), VerifierOptions.defaults()
                .withRegions(List.of(new MemoryRange("mem_map", 0xffff888000000000L, 64 * 4096, false))));
        assertTrue(!v.accepted(), "an unchecked gfn indexes mem_map out of bounds");
        Diagnostic d = v.diagnostics().get(0);
        assertEquals(Rule.MEM_BOUNDS, d.rule(), d::toString);
        assertEquals(5, d.line(), () -> "the C line of pg->flags: " + d);
    }
}
