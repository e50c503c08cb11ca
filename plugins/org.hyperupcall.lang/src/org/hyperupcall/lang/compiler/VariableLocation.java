package org.hyperupcall.lang.compiler;

import java.util.BitSet;

import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.vm.MemoryMap;

/**
 * Where a named variable of the source (a local, a parameter of an inlined function, the context
 * parameter) is in the compiled program, as a debugger needs it: its name and type, the source
 * lines of its scope, and its location: a register, a place in the stack frame ({@code r10 +
 * frameOffset}), or a constant the compiler folded it to.
 *
 * <p>A register or a spilled stack slot holds the variable only where the variable is live (its
 * value may still be read): {@code availableAt} is the set of instruction slots where that holds,
 * before the slot's instruction runs. Elsewhere the register belongs to other values, and a
 * debugger shows the variable as not available, as gdb shows an optimized-out variable. Arrays,
 * structs and constants are available everywhere in their scope ({@code availableAt} is null); a
 * variable whose value is never read is kept nowhere ({@link Kind#NONE}, available nowhere).
 */
public record VariableLocation(String name, CType type, int firstLine, int lastLine, Kind kind, int register, int frameOffset,
        long constant, BitSet availableAt) {

    /** How the variable is kept. */
    public enum Kind {
        /** In {@code register}. */
        REGISTER,
        /** In the stack frame at {@code r10 + frameOffset} (an array or struct, or a spilled scalar). */
        STACK,
        /** Folded to {@code constant}: never assigned, its value known when compiling. */
        CONSTANT,
        /** Kept nowhere: its value is never read, so the compiler removed it. */
        NONE
    }

    /** Whether a line of the program is within the variable's scope. */
    public boolean inScope(int line) {
        return line >= firstLine && line <= lastLine;
    }

    /** Whether the location holds the variable's value before instruction slot {@code pc} runs. */
    public boolean availableAt(int pc) {
        return availableAt == null || availableAt.get(pc);
    }

    /**
     * The value of a scalar variable (an integer, a bool or a pointer), normalized to its type, as the
     * stopped program holds it: {@code registers} r0 to r10, {@code memory} the program's (its stack
     * included). Meaningful only where {@link #availableAt} holds.
     */
    public long value(long[] registers, MemoryMap memory) {
        long raw = switch (kind) {
            case CONSTANT -> constant;
            case REGISTER -> registers[register];
            case STACK -> memory.load(address(registers), 8);
            case NONE -> throw new IllegalStateException(name + " is kept nowhere");
        };
        return type.normalize(raw);
    }

    /** Where a variable kept in the stack frame starts (r10 + frameOffset). */
    public long address(long[] registers) {
        return registers[Opcodes.FRAME_POINTER] + frameOffset;
    }
}
