package org.hyperupcall.abi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.testing.ExternalTools;
import org.hyperupcall.abi.AbiDoc;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Header;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.abi.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ABI is one source of truth: fixed names and ids, the header clang compiles, the docs in the repository. */
class AbiTest {

    @Test
    void keepsTheFixedEventNamesHelperIdsAndReturnCodes() {
        assertEquals(List.of("tlb_shootdown", "page_reclaim", "vm_exit", "page_mapping"),
                java.util.Arrays.stream(Event.values()).map(Event::id).toList());
        Map<Integer, String> fixed = Map.ofEntries(Map.entry(1, "hup_memcpy"), Map.entry(2, "hup_memset"),
                Map.entry(3, "hup_cmpxchg"), Map.entry(4, "hup_send_vcpu_ipi"), Map.entry(5, "hup_get_vcpu_reg"),
                Map.entry(6, "hup_set_vcpu_reg"), Map.entry(7, "hup_flush_tlb_vcpu"), Map.entry(8, "hup_vcpu_is_running"),
                Map.entry(9, "hup_spin_trylock"), Map.entry(10, "hup_spin_unlock"), Map.entry(11, "hup_find_next_bit"),
                Map.entry(12, "hup_ktime_ns"), Map.entry(13, "hup_trace"));
        assertEquals(fixed.size(), Helpers.all().size());
        fixed.forEach((id, name) -> assertEquals(name, Helpers.byId(id).orElseThrow().name()));
        assertEquals("HUP_HANDLED", Event.TLB_SHOOTDOWN.returnCodes().get(1L).name());
        assertEquals("HUP_PAGE_FREE", Event.PAGE_RECLAIM.returnCodes().get(1L).name());
        assertEquals("HUP_PAGE_IN_USE", Event.PAGE_RECLAIM.returnCodes().get(0L).name());
        assertEquals("HUP_VIOLATION", Event.VM_EXIT.returnCodes().get(1L).name());
        assertEquals("HUP_DENY", Event.PAGE_MAPPING.returnCodes().get(1L).name());
        assertEquals("HUP_ALLOW", Event.PAGE_MAPPING.returnCodes().get(0L).name());
        assertTrue(Event.PAGE_RECLAIM.isGlobal());
        assertFalse(Event.VM_EXIT.isGlobal());
    }

    @Test
    void refusesLocalOnlyHelpersInGlobalHyperupcallsWithAReason() {
        ProgramType reclaim = ProgramType.of(Event.PAGE_RECLAIM);
        assertTrue(reclaim.helper(4).isEmpty());
        assertEquals("helper hup_send_vcpu_ipi (4) is only allowed in local hyperupcalls; page_reclaim is global",
                reclaim.refusal(4).orElseThrow());
        assertTrue(reclaim.helper(1).isPresent());
        assertTrue(ProgramType.of(Event.TLB_SHOOTDOWN).helper(4).isPresent());
        assertEquals("there is no helper 99 (helpers are 1..13)", reclaim.refusal(99).orElseThrow());
        assertTrue(ProgramType.of(Event.VM_EXIT).refusal(13).isEmpty());
    }

    @Test
    void limitsGlobalHyperupcallsTo4096Instructions() {
        assertEquals(4096, ProgramType.of(Event.PAGE_RECLAIM).instructionLimit());
        assertThrows(IllegalArgumentException.class, () -> new ProgramType(Event.PAGE_RECLAIM, 5000));
        assertEquals(10_000, new ProgramType(Event.VM_EXIT, 10_000).instructionLimit());
        assertTrue(ProgramType.of(Event.VM_EXIT).returns(1));
        assertFalse(ProgramType.of(Event.VM_EXIT).returns(2));
    }

    @Test
    void laysStructuresOutLikeACCompilerWithNaturalAlignment() {
        Struct ctx = Event.VM_EXIT.context();
        assertEquals(40, ctx.size());
        assertEquals(8, ctx.field("exit_qualification").orElseThrow().offset());
        Struct tlb = GuestStructs.TLB_STATE;
        assertEquals(16, tlb.field("pending_flush_start").orElseThrow().offset());
        assertEquals(64, GuestStructs.PAGE.size());
        for (Struct s : allStructs()) {
            int end = 0;
            for (Field f : s.fields()) {
                assertTrue(f.offset() >= end && f.offset() % f.size() == 0, s.name() + "." + f.name());
                end = f.offset() + f.size();
            }
            assertTrue(s.size() >= end, s.name());
        }
    }

    static List<Struct> allStructs() {
        List<Struct> all = new java.util.ArrayList<>(GuestStructs.all());
        for (Event e : Event.values()) {
            all.add(e.context());
        }
        return all;
    }

    @Test
    void givesClangTheSameLayoutsAndHelperDeclarations(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("clang"), "clang is not installed");
        Files.writeString(dir.resolve("hyperupcall.h"), Header.text());
        StringBuilder c = new StringBuilder("#include \"hyperupcall.h\"\n");
        for (Struct s : allStructs()) {
            c.append("_Static_assert(sizeof(struct ").append(s.name()).append(") == ").append(s.size())
                    .append(", \"size of ").append(s.name()).append("\");\n");
            for (Field f : s.fields()) {
                c.append("_Static_assert(__builtin_offsetof(struct ").append(s.name()).append(", ").append(f.name()).append(") == ")
                        .append(f.offset()).append(", \"").append(s.name()).append('.').append(f.name()).append("\");\n");
                c.append("_Static_assert(sizeof(((struct ").append(s.name()).append(" *)0)->").append(f.name()).append(") == ")
                        .append(f.size()).append(", \"size of ").append(s.name()).append('.').append(f.name()).append("\");\n");
            }
        }
        c.append("SEC(\"hyperupcall/vm_exit\") long prog(struct hup_vm_exit_ctx *ctx) {\n");
        for (HelperSpec h : Helpers.all()) {
            c.append("    (void) ").append(h.name()).append(";\n");
        }
        c.append("    return ctx->exit_reason == HUP_EXIT_CPUID ? HUP_VIOLATION : HUP_DEFAULT;\n}\n");
        Path src = dir.resolve("layout.c");
        Files.writeString(src, c);
        Process p = new ProcessBuilder("clang", "-O2", "-target", "bpf", "-Wall", "-Werror", "-c", src.toString(), "-o",
                dir.resolve("layout.o").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "clang timed out");
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void keepsDocsAbiMdEqualToWhatTheBundleGenerates() throws IOException {
        Path repo = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
        Path doc = repo.resolve("docs/abi.md");
        assertEquals(AbiDoc.markdown(), Files.readString(doc),
                "docs/abi.md is stale: regenerate it with ./huc abi --markdown -o docs/abi.md");
    }

}
