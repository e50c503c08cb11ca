package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Rule;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;

/**
 * What the explorer does at scale, counted in instructions followed rather than timed: branchy
 * programs are followed once per join, counted loops are proved without walking them and come with
 * the most instructions one run executes, and a time budget stops the verifier where an editor
 * needs it to.
 */
class ExplorerTest {
    private static final long CTX = 0x0000_6000_0000_0000L;
    private static final long GUEST = 0xffff_8880_0000_1000L;

    private static Verification verify(String asm, VerifierOptions options) throws Exception {
        return Verifier.verify(Assembler.assemble("test.s", asm), ProgramType.of(Event.VM_EXIT), options);
    }

    private static String diamonds(int n) {
        StringBuilder s = new StringBuilder("ldxw %r2, [%r1+0]\nmov %r0, 0\n");
        for (int i = 0; i < n; i++) {
            s.append("jeq %r2, ").append(i).append(", d").append(i).append("\nadd %r0, 1\nd").append(i).append(":\n");
        }
        return s.append("mov %r0, 0\nexit\n").toString();
    }

    private static String countedLoop(int n) {
        return "mov %r0, 0\nmov %r2, 0\nmov %r3, 0\nloop:\nadd %r3, %r2\nadd %r2, 1\njlt %r2, " + n + ", loop\nmov %r0, 0\nexit\n";
    }

    /** Runs a program on the interpreter with a zeroed vm_exit context; the instructions it executed. */
    private static long executed(String asm) throws Exception {
        Program p = Assembler.assemble("test.s", asm);
        MemoryMap memory = new MemoryMap().add(new Region("ctx", CTX, new byte[Event.VM_EXIT.context().size()], false))
                .add(new Region("guest", GUEST, new byte[4096], true));
        ExecResult r = new Interpreter().prepare(p, SoundnessTest.HELPERS, ExecOptions.defaults().withBudget(10_000_000))
                .run(memory, CTX, 0, 0, 0, 0);
        assertTrue(r.isOk(), r::toString);
        return r.instructions();
    }

    @Test
    void aThousandDiamondsAreFollowedOnceEachInsteadOfOncePerCount() throws Exception {
        Verification v = verify(diamonds(1000), VerifierOptions.defaults());
        assertTrue(v.accepted(), () -> v.diagnostics().get(0).message());
        assertEquals(2004, v.instructions());
        assertTrue(v.processed() <= 2 * v.instructions(), () -> v.processed() + " instructions followed");
    }

    @Test
    void countedLoopsOfOneAndTwoHundredThousandIterationsAreProvedNotWalked() throws Exception {
        for (int n : new int[] {100_000, 200_000}) {
            Verification v = verify(countedLoop(n), VerifierOptions.defaults());
            assertTrue(v.accepted(), () -> v.diagnostics().get(0).message());
            assertTrue(v.processed() < 100, () -> n + " iterations: " + v.processed() + " instructions followed");
        }
    }

    @Test
    void intAndUnsignedIntCountersAsTheCompilersEmitThemAreProvedToo() throws Exception {
        String signed = "mov %r0, 0\nmov %r1, 0\nloop:\nadd %r0, %r1\nadd32 %r1, 1\nmovsx3264 %r1, %r1\njslt %r1, 100000, loop\n"
                + "mov %r0, 0\nexit\n";
        String unsigned = "mov %r0, 0\nmov %r1, 0\nloop:\nadd %r0, %r1\nadd32 %r1, 1\njlt %r1, 100000, loop\nmov %r0, 0\nexit\n";
        for (String asm : List.of(signed, unsigned)) {
            Verification v = verify(asm, VerifierOptions.defaults());
            assertTrue(v.accepted(), () -> v.diagnostics().get(0).message());
            assertTrue(v.processed() < 100, () -> v.processed() + " instructions followed for\n" + asm);
            long ran = executed(asm);
            assertTrue(v.maxExecuted() >= ran && v.maxExecuted() <= ran + 8, () -> "bound " + v.maxExecuted() + " for " + ran);
        }
    }

    @Test
    void theProvedInstructionBoundCoversARunAndIsTight() throws Exception {
        for (int n : new int[] {1, 7, 1000, 100_000}) {
            String asm = countedLoop(n);
            Verification v = verify(asm, VerifierOptions.defaults());
            long ran = executed(asm);
            assertTrue(v.maxExecuted() >= ran, () -> n + " iterations: bound " + v.maxExecuted() + " but " + ran + " ran");
            assertTrue(v.maxExecuted() <= ran + 8, () -> n + " iterations: bound " + v.maxExecuted() + " for " + ran + " run");
        }
    }

    @Test
    void aLoopWithoutBranchesRunsExactlyItsInstructions() throws Exception {
        String asm = "mov %r0, 0\nmov %r1, 2\nadd %r1, 3\nmov %r0, 1\nexit\n";
        assertEquals(5, verify(asm, VerifierOptions.defaults()).maxExecuted());
    }

    @Test
    void aLoopTheInvariantCannotProveSafeIsFollowedInstead() throws Exception {
        // A pointer that moves by 8 each iteration: the invariant's joined address range is too wide
        // for the bounds check, so the 16 iterations are walked, and each access is proved exactly.
        String asm = """
                mov %r0, 0
                mov %r7, 16
                lddw %r8, 0xffff888000001000
                loop:
                ldxdw %r9, [%r8+0]
                add %r8, 8
                sub %r7, 1
                jne %r7, 0, loop
                exit
                """;
        VerifierOptions options = VerifierOptions.defaults().withRegions(List.of(new MemoryRange("guest", GUEST, 128, true)));
        Verification v = verify(asm, options);
        assertTrue(v.accepted(), () -> v.diagnostics().get(0).message());
        assertTrue(v.maxExecuted() >= executed(asm));
        Verification past = verify(asm.replace("mov %r7, 16", "mov %r7, 17"), options);
        assertEquals(Rule.MEM_BOUNDS, past.diagnostics().get(0).rule());
    }

    @Test
    void aTimeBudgetStopsTheVerifierWithComplexityAtTheEntryPoint() throws Exception {
        // A loop that counts past its bound by wrapping around: no proof, and walking it never ends.
        String asm = "mov %r2, 0\nloop:\nadd %r2, 1\njne %r2, 0, loop\nmov %r0, 0\nexit\n";
        Verification v = verify(asm, VerifierOptions.defaults().withTimeBudget(Duration.ofMillis(5)));
        assertEquals(Rule.COMPLEXITY, v.diagnostics().get(0).rule());
        assertEquals(0, v.diagnostics().get(0).insn());
        assertTrue(v.diagnostics().get(0).message().contains("time budget (5 ms)"), v.diagnostics().get(0).message());
        assertTrue(v.processed() < VerifierOptions.DEFAULT_MAX_PROCESSED);
    }
}
