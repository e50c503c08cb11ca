package org.hyperupcall.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Both assembler syntaxes (bpf_conformance's {@code mov %r0, 1}, LLVM's {@code r0 = 1}, and
 * llvm-objdump listings) on any text, and the disassembler on any bytes: text assembles or is
 * refused with an {@link AsmException}; what assembles disassembles into text that assembles
 * back into the same bytes, in both syntaxes.
 */
class AssemblerFuzzTest {
    @FuzzTest
    void assembler(FuzzedDataProvider data) throws Exception {
        String text = data.consumeRemainingAsString();
        Program p;
        try {
            p = Assembler.assemble("fuzz.s", text);
        } catch (AsmException e) {
            Expect.message(e);
            return;
        }
        roundTrip(p);
    }

    @FuzzTest
    void disassembler(byte[] code) throws Exception {
        Program p;
        try {
            p = Program.fromBytes("fuzz", java.util.Arrays.copyOf(code, code.length & ~7));
        } catch (InvalidProgramException e) {
            Expect.message(e);
            return;
        }
        Disassembler.objdump(p, true, null);
        roundTrip(p);
    }

    /** A well-formed program (every jump in range, unused fields zero) survives both disassemblies. */
    private static void roundTrip(Program p) throws Exception {
        try {
            ProgramChecker.checkStructure(p);
        } catch (InvalidProgramException e) {
            Expect.message(e);
            return;
        }
        byte[] bytes = p.toBytes();
        Program again = Assembler.assemble("again.s", Disassembler.assembly(p));
        assertArrayEquals(bytes, again.toBytes(), "mnemonic round trip");
        Program objdump = Assembler.assemble("again.txt", Disassembler.objdump(p, true, null));
        assertArrayEquals(bytes, objdump.toBytes(), "objdump round trip");
    }
}
