package org.hyperupcall.ebpf.tests;

import java.util.HexFormat;

import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;

/** Small helpers that keep the tests reading like specifications: text in, result out. */
final class Programs {
    private Programs() {
    }

    /** Assembles a test program; a typo in the test itself is reported as such. */
    static Program asm(String text) {
        try {
            return Assembler.assemble("test", text);
        } catch (AsmException e) {
            throw new AssertionError("the test program does not assemble: " + e.describe() + "\n" + text, e);
        }
    }

    static Program raw(Instruction... slots) {
        return new Program("raw", slots);
    }

    /** Runs a program with no helpers, default options, a fresh memory map and r1-r5 = 0. */
    static ExecResult run(Engine engine, String text) {
        return run(engine, text, HelperTable.empty(), new MemoryMap(), 0, 0);
    }

    static ExecResult run(Engine engine, String text, HelperTable helpers, MemoryMap memory, long r1, long r2) {
        return run(engine, asm(text), helpers, ExecOptions.defaults(), memory, r1, r2, 0, 0, 0);
    }

    static ExecResult run(Engine engine, Program program, HelperTable helpers, ExecOptions options, MemoryMap memory,
            long r1, long r2, long r3, long r4, long r5) {
        try {
            return engine.prepare(program, helpers, options).run(memory, r1, r2, r3, r4, r5);
        } catch (InvalidProgramException e) {
            throw new AssertionError("the test program is refused by the loader: " + e.describe(), e);
        }
    }

    /** "b7 00 00 00 01 00 00 00" → bytes. */
    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
