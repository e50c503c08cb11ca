package org.hyperupcall.ebpf.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;

/**
 * The JIT engine: compiles each program to JVM bytecode (one hidden class, see {@link Compiler})
 * that HotSpot then compiles to machine code. Same results, faults and instruction counts as the
 * interpreter. Programs too large for one class file (about 100,000 slots) run on the interpreter.
 */
public final class Jit implements Engine {
    @Override
    public String name() {
        return "jit";
    }

    @Override
    public Executable prepare(Program program, HelperTable helpers, ExecOptions options) throws InvalidProgramException {
        if (options.hook() != null) {
            throw new IllegalArgumentException("the JIT runs without a debugger's hook: debug on the interpreter");
        }
        // Checks the program too; the JIT's own exact slow path runs on it.
        Interpreter.Resumable exact = new Interpreter().prepareResumable(program, helpers, options);
        Decoded decoded = new Decoded(program, options.budget());
        byte[] bytes;
        try {
            bytes = compile(decoded);
        } catch (ClassTooLargeException | MethodTooLargeException e) {
            // Beyond one class file (constant pool over 65535 entries: programs of ~100,000 slots):
            // run on the interpreter rather than refuse a valid program.
            return exact;
        }
        return new JitProgram(decoded, exact, helpers, define(bytes));
    }

    /** The class file the program compiles to (for inspection and tests). */
    static byte[] compile(Decoded decoded) {
        return new Compiler(decoded).compile();
    }

    private static JitBody define(byte[] bytes) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (JitBody) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the compiled program", e);
        }
    }
}
