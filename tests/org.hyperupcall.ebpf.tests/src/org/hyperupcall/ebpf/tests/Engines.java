package org.hyperupcall.ebpf.tests;

import java.util.List;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.jit.Jit;
import org.hyperupcall.ebpf.vm.Engine;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Every execution engine the engine-parameterized tests run on. Adding the JIT is one line here. */
public final class Engines {
    private Engines() {
    }

    /** All engines, each a fresh instance. */
    public static List<Engine> all() {
        return List.of(new Interpreter(), new Jit());
    }

    /** {@link #all()} as test arguments shown by the engine's name ("interp", "jit"). */
    public static Stream<Arguments> named() {
        return all().stream().map(e -> Arguments.of(named(e)));
    }

    static Named<Engine> named(Engine engine) {
        return Named.of(engine.name(), engine);
    }
}
