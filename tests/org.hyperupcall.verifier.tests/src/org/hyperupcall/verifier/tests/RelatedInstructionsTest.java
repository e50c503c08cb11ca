package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;

/** The other instructions an error names: a loop's header, where an address came from. */
class RelatedInstructionsTest {
    private static Diagnostic reject(String asm, List<MemoryRange> regions) throws Exception {
        Verification v = Verifier.verify(Assembler.assemble("related.s", asm), ProgramType.of(Event.VM_EXIT),
                VerifierOptions.defaults().withRegions(regions));
        assertEquals(1, v.diagnostics().size(), v.diagnostics()::toString);
        return v.diagnostics().get(0);
    }

    @Test
    void aRejectedBackEdgeNamesTheLoopsHeader() throws Exception {
        Diagnostic d = reject("mov %r2, 0\nmov %r0, 0\nloop:\nadd %r0, 0\njlt %r2, 10, loop\nexit\n", List.of());
        assertEquals("HUV-LOOP", d.rule().id());
        assertEquals(3, d.insn());
        assertEquals(1, d.related().size(), d::toString);
        assertEquals(2, d.related().get(0).insn(), d::toString);
        assertTrue(d.related().get(0).message().contains("header"), d::toString);
    }

    @Test
    void anOutOfBoundsReadNamesTheLoadTheAddressCameFromThroughArithmeticAndMoves() throws Exception {
        // r3 = ctx->guest_cr3 (insn 0), moved and offset, then dereferenced (insn 3)
        Diagnostic d = reject("ldxdw %r3, [%r1+24]\nmov %r4, %r3\nadd %r4, 8\nldxdw %r0, [%r4]\nexit\n",
                List.of(new MemoryRange("guest", 0x1000, 4096, false)));
        assertEquals("HUV-MEM-BOUNDS", d.rule().id());
        assertEquals(3, d.insn());
        assertEquals(List.of(0), d.related().stream().map(Diagnostic.Related::insn).toList(), d::toString);
    }

    @Test
    void anAddressCheckedAgainstABoundKeepsItsOrigin() throws Exception {
        // the bound check narrows r3 (a new abstract value) but it still comes from insn 0; the range is not a region
        Diagnostic d = reject("ldxdw %r3, [%r1+24]\njgt %r3, 100, out\nldxb %r0, [%r3]\nexit\nout:\nmov %r0, 0\nexit\n",
                List.of(new MemoryRange("guest", 0x1000, 4096, false)));
        assertEquals("HUV-MEM-BOUNDS", d.rule().id());
        assertEquals(List.of(0), d.related().stream().map(Diagnostic.Related::insn).toList(), d::toString);
    }

    @Test
    void errorsWithNothingRelatedHaveAnEmptyList() throws Exception {
        Diagnostic d = reject("mov %r0, 77\nexit\n", List.of());
        assertEquals("HUV-RETURN", d.rule().id());
        assertEquals(List.of(), d.related());
        assertEquals(d, new Diagnostic(d.rule(), d.insn(), d.line(), d.message()));
    }
}
