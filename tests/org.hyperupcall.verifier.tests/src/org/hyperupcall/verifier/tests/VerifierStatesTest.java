package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.verifier.AbstractValue;
import org.hyperupcall.verifier.InstructionState;
import org.hyperupcall.verifier.MemoryAccess;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.RejectionPath;
import org.hyperupcall.verifier.Rule;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;

/**
 * What the verifier knows after each instruction, in structured form (registers, memory accesses
 * and their justification), and on a rejection the path to it with context values that take it.
 */
class VerifierStatesTest {
    private static final long TABLE = 0xffff_8880_0000_1000L;
    private static final List<MemoryRange> REGIONS = List.of(new MemoryRange("table", TABLE, 64, false));

    private static Verification verify(String asm) throws Exception {
        return Verifier.verify(Assembler.assemble("test.s", asm), ProgramType.of(Event.VM_EXIT),
                VerifierOptions.defaults().withRegions(REGIONS).withStates(true));
    }

    private static InstructionState after(Verification v, int insn) {
        return v.stateAfter(insn).orElseThrow(() -> new AssertionError("no state after insn " + insn + ": " + v.states()));
    }

    @Test
    void afterEachInstructionTheRegistersHaveTheirKindAndRange() throws Exception {
        Verification v = verify("ldxw %r2, [%r1+0]\nand %r2, 63\nmov %r3, %r10\nadd %r3, -16\nmov %r0, 0\nexit\n");
        assertTrue(v.accepted(), v.diagnostics()::toString);
        AbstractValue loaded = after(v, 0).register(2);
        assertEquals("scalar in [0, 4294967295]", loaded.describe());
        AbstractValue masked = after(v, 1).register(2);
        assertEquals(AbstractValue.Kind.SCALAR, masked.kind());
        assertEquals(0, masked.umin());
        assertEquals(63, masked.umax());
        assertEquals("scalar in [0, 63]", masked.describe());
        assertEquals("pointer to the context, offset 0", after(v, 1).register(1).describe());
        assertEquals("pointer into the stack, fp-16", after(v, 3).register(3).describe());
        assertEquals("scalar 0", after(v, 4).register(0).describe());
        assertEquals("unset", after(v, 0).register(4).describe());
    }

    @Test
    void aContextReadIsJustifiedByItsFieldAndTheContextsSize() throws Exception {
        Verification v = verify("ldxdw %r2, [%r1+16]\nmov %r0, 0\nexit\n");
        MemoryAccess a = after(v, 0).access();
        assertNotNull(a);
        assertEquals(MemoryAccess.Area.CONTEXT, a.area());
        assertEquals("guest_rip", a.field());
        assertTrue(a.proven());
        assertEquals("load 8 bytes at ctx+16 (guest_rip): in bounds (the context is 40 bytes)", a.describe());
        assertNull(after(v, 1).access(), "a move accesses no memory");
    }

    @Test
    void aGuestAccessNamesItsRegionAndTheOffsetsItMayStartAt() throws Exception {
        Verification v = verify("ldxw %r2, [%r1+0]\nand %r2, 7\nlsh %r2, 3\nlddw %r3, " + TABLE + "\nadd %r3, %r2\nldxdw %r4, [%r3+0]\n"
                + "mov %r0, 0\nexit\n");
        assertTrue(v.accepted(), v.diagnostics()::toString);
        assertEquals("address into table, offset [0, 56]", after(v, 5).register(3).describe());
        MemoryAccess a = after(v, 6).access();
        assertEquals(MemoryAccess.Area.GUEST, a.area());
        assertEquals(0, a.offsetMin());
        assertEquals(56, a.offsetMax());
        assertEquals("load 8 bytes at table+[0, 56]: in bounds (table is 64 bytes; 56 + 8 <= 64)", a.describe());
    }

    @Test
    void theStatesAreJoinedOverThePathsThroughAnInstruction() throws Exception {
        // r3 moves a stack pointer: its value matters, so both paths are followed through skip
        Verification v = verify("ldxw %r2, [%r1+0]\nmov %r3, -8\njeq %r2, 0, skip\nmov %r3, -16\nskip:\nmov %r4, %r10\nadd %r4, %r3\n"
                + "stdw [%r4+0], 0\nmov %r0, 0\nexit\n");
        assertTrue(v.accepted(), v.diagnostics()::toString);
        InstructionState join = after(v, 4);
        assertEquals(2, join.paths());
        assertEquals("scalar in [-16, -8] (signed), a multiple of 8", join.register(3).describe());
        assertEquals("store 8 bytes at fp-16 .. fp-8: in bounds (the frame is 512 bytes, fp-512 .. fp)", after(v, 6).access().describe());
    }

    @Test
    void aValueOnAPathTheVerifierDidNotFollowIsSaidToBeMissing() throws Exception {
        // r0 & 1 is a return code whatever r3 holds: the path with r3 = 4 ends at skip on the state with r3 = 9
        Verification v = verify("ldxw %r2, [%r1+0]\nmov %r3, 4\njeq %r2, 0, skip\nmov %r3, 9\nskip:\nmov %r0, %r3\nand %r0, 1\nexit\n");
        assertTrue(v.accepted(), v.diagnostics()::toString);
        AbstractValue r3 = after(v, 4).register(3);
        assertFalse(r3.allPathsShown());
        assertEquals("scalar 9 on the paths followed (others, which no check needed, were not)", r3.describe());
        assertFalse(after(v, 4).register(0).allPathsShown(), "r0 comes from r3");
        assertTrue(after(v, 4).register(1).allPathsShown(), "the context pointer is the same on every path");
        assertTrue(after(v, 1).register(3).allPathsShown(), "before the paths part");
    }

    @Test
    void aRejectedAccessSaysWhyAndTheRejectionComesWithThePathAndAContextThatTakesIt() throws Exception {
        Verification v = verify("ldxw %r2, [%r1+4]\nmov %r0, 0\njgt %r2, 30, bad\nexit\nbad:\nlddw %r3, " + (TABLE + 60)
                + "\nldxdw %r0, [%r3+0]\nexit\n");
        assertFalse(v.accepted());
        assertEquals(Rule.MEM_BOUNDS, v.diagnostics().get(0).rule());
        InstructionState failing = after(v, 6);
        assertNotNull(failing.failure());
        assertFalse(failing.access().proven());
        assertTrue(failing.access().describe().startsWith("load 8 bytes at 0xffff88800000103c: not proven in bounds: "),
                failing.access().describe());
        RejectionPath path = v.path();
        assertNotNull(path);
        assertEquals(6, path.failingInsn());
        assertEquals(1, path.steps().size(), path.steps()::toString);
        RejectionPath.Step jump = path.steps().get(0);
        assertEquals(2, jump.insn());
        assertTrue(jump.taken());
        assertEquals(4, jump.nextInsn());
        assertEquals(List.of(new RejectionPath.ContextValue("exit_reason", 4, 4, 31)), path.context());
        assertTrue(path.determined(), path.notes()::toString);
    }

    @Test
    void contextValuesAreFoundThroughArithmeticAndSeveralConditions() throws Exception {
        // exit_reason + 3 must be >= 10, not 12, and exit_qualification's low byte must be 0x2a
        Verification v = verify("ldxw %r2, [%r1+4]\nadd %r2, 3\nldxdw %r4, [%r1+8]\nand %r4, 255\nmov %r0, 0\njlt %r2, 10, out\n"
                + "jeq %r2, 12, out\njne %r4, 42, out\nmov %r3, 0\nldxb %r0, [%r3+0]\nout:\nexit\n");
        assertFalse(v.accepted());
        RejectionPath path = v.path();
        assertEquals(List.of(new RejectionPath.ContextValue("exit_reason", 4, 4, 7), new RejectionPath.ContextValue("exit_qualification", 8, 8, 42)),
                path.context(), path::toString);
        assertEquals(3, path.steps().size());
        assertTrue(path.steps().stream().noneMatch(RejectionPath.Step::taken), "each condition falls through on the way: " + path.steps());
    }

    @Test
    void aConditionOnAHelpersResultIsNotedRatherThanSolved() throws Exception {
        Verification v = verify("call 12\nmov %r2, %r0\nmov %r0, 0\njgt %r2, 100, bad\nexit\nbad:\nmov %r3, 0\nldxb %r0, [%r3+0]\nexit\n");
        RejectionPath path = v.path();
        assertEquals(List.of(), path.context());
        assertFalse(path.determined());
        assertTrue(path.notes().get(0).contains("the result of hup_ktime_ns"), path.notes()::toString);
    }

    @Test
    void nothingIsKeptUnlessAsked() throws Exception {
        Verification v = Verifier.verify(Assembler.assemble("t.s", "ldxw %r2, [%r1+4]\njgt %r2, 30, bad\nmov %r0, 0\nexit\nbad:\n"
                + "mov %r3, 0\nldxb %r0, [%r3+0]\nexit\n"), ProgramType.of(Event.VM_EXIT), VerifierOptions.defaults());
        assertFalse(v.accepted());
        assertEquals(List.of(), v.states());
        assertNull(v.path());
    }
}
