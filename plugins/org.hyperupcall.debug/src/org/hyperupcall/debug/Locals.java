package org.hyperupcall.debug;

import java.util.ArrayList;
import java.util.List;

import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.VmFault;
import org.hyperupcall.lang.compiler.CType;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.VariableLocation;

/**
 * The named variables of the source where the program stopped, from the compiler's variable
 * locations: numbers with their C type, pointers as addresses that expand to what they point to
 * (a structure's members, an integer), arrays and structures of the stack frame as their elements
 * and members. A variable in scope whose register holds something else there is shown as
 * {@code <optimized out>}, as gdb does.
 */
final class Locals {
    /** What a debugger shows for a variable in scope that is not available at the instruction. */
    static final String OPTIMIZED_OUT = "<optimized out>";

    private Locals() {
    }

    /** The variables in scope before instruction {@code pc}. */
    static List<MemoryViews.Var> at(CompiledProgram program, int pc, long[] registers, MemoryMap memory) {
        return at(program, pc, program.program().sourceLine(pc), registers, memory);
    }

    /** The variables in scope at {@code line} (a caller's frame: the line of its call) before instruction {@code pc}. */
    static List<MemoryViews.Var> at(CompiledProgram program, int pc, int line, long[] registers, MemoryMap memory) {
        List<MemoryViews.Var> out = new ArrayList<>();
        for (VariableLocation v : program.variablesAt(pc, line)) {
            String type = v.type().toString();
            if (!v.availableAt(pc)) {
                out.add(new MemoryViews.Var(v.name(), OPTIMIZED_OUT, type, null));
            } else if (v.type().isScalar()) {
                out.add(scalar(v.name(), v.type(), v.value(registers, memory), memory));
            } else {
                out.add(inMemory(v.name(), v.type(), v.address(registers), memory));
            }
        }
        return out;
    }

    /** A number or a pointer; a pointer to a structure or an integer expands to it. */
    static MemoryViews.Var scalar(String name, CType type, long value, MemoryMap memory) {
        String text = format(type, value);
        if (type.isPointer() && value != 0 && (type.pointee().isStruct() || type.pointee().isArithmetic())) {
            CType target = type.pointee();
            return new MemoryViews.Var(name, text, type.toString(), () -> List.of(inMemory("*" + name, target, value, memory)),
                    MemoryViews.address(value));
        }
        return new MemoryViews.Var(name, text, type.toString(), null, type.isPointer() && value != 0 ? MemoryViews.address(value) : null);
    }

    /** A value of this type in memory at {@code address}: a number read as the program would, or an aggregate to expand. */
    static MemoryViews.Var inMemory(String name, CType type, long address, MemoryMap memory) {
        String where = MemoryViews.address(address);
        if (type.isScalar()) {
            try {
                return scalar(name, type, type.normalize(memory.load(address, type.size())), memory);
            } catch (VmFault e) {
                return new MemoryViews.Var(name, "(not readable at " + where + ")", type.toString(), null, where);
            }
        }
        if (type.isArray()) {
            int n = type.count() < 0 ? MemoryViews.ELEMENTS : type.count();
            return new MemoryViews.Var(name, type + " at " + where, type.toString(), () -> elements(type.pointee(), n, address, memory), where);
        }
        if (type.isStruct()) {
            return new MemoryViews.Var(name, type + " at " + where, type.toString(), () -> members(type.aggregate(), address, memory), where);
        }
        return new MemoryViews.Var(name, where, type.toString(), null, where);
    }

    private static List<MemoryViews.Var> elements(CType element, int n, long address, MemoryMap memory) {
        List<MemoryViews.Var> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, MemoryViews.ELEMENTS); i++) {
            out.add(inMemory("[" + i + "]", element, address + (long) i * element.size(), memory));
        }
        if (n > MemoryViews.ELEMENTS) {
            out.add(new MemoryViews.Var("…", (n - MemoryViews.ELEMENTS) + " more not shown", "", null));
        }
        return out;
    }

    private static List<MemoryViews.Var> members(CType.Aggregate a, long address, MemoryMap memory) {
        List<MemoryViews.Var> out = new ArrayList<>();
        for (CType.Member m : a.members()) {
            out.add(inMemory(m.name(), m.type(), address + m.offset(), memory));
        }
        return out;
    }

    /** A number as its C type reads: signed or unsigned decimal, with hexadecimal when that says more; a bool as true or false; a pointer in hex. */
    static String format(CType type, long v) {
        if (type.kind() == CType.Kind.BOOL) {
            return v != 0 ? "true" : "false";
        }
        if (type.isPointer()) {
            return v == 0 ? "NULL" : MemoryViews.address(v);
        }
        String decimal = type.signed() ? Long.toString(v) : Long.toUnsignedString(v);
        return v >= 0 && v <= 9 || type.signed() && v >= -9 && v < 0 ? decimal : decimal + " (0x" + Long.toHexString(type.size() < 8
                ? v & ((1L << (8 * type.size())) - 1) : v) + ")";
    }
}
