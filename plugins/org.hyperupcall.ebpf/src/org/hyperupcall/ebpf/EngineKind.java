package org.hyperupcall.ebpf;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.jit.Jit;
import org.hyperupcall.ebpf.vm.Engine;

/**
 * The engines, plugged into the VM from outside it ({@code vm} defines {@link Engine} and never names
 * one): the one place an engine's name is parsed or printed. The command line's {@code --engine},
 * scenario files' {@code "engine"}, the launch configuration and the editor's preferences all convert
 * through {@link #parse} and {@link #toString}.
 */
public enum EngineKind {
    /** The interpreter: one switch per instruction, the reference semantics. */
    INTERP("interp", Interpreter::new),
    /** The JIT: eBPF compiled to JVM bytecode, the simulator's default. */
    JIT("jit", Jit::new);

    /** The engine a run uses unless told otherwise. */
    public static final EngineKind DEFAULT = JIT;

    private final String cliName;
    private final Supplier<Engine> factory;

    EngineKind(String cliName, Supplier<Engine> factory) {
        this.cliName = cliName;
        this.factory = factory;
    }

    /** A new engine of this kind. */
    public Engine create() {
        return factory.get();
    }

    /** The name users type: "interp", "jit". */
    @Override
    public String toString() {
        return cliName;
    }

    /** The kind called {@code name}; throws IllegalArgumentException naming the known ones. */
    public static EngineKind parse(String name) {
        for (EngineKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** The names users type, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(EngineKind::toString).toList();
    }
}
