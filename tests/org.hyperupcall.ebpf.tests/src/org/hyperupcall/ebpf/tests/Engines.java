package org.hyperupcall.ebpf.tests;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.vm.Engine;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Every execution engine the engine-parameterized tests run on: every {@link EngineKind}. */
public final class Engines {
    private Engines() {
    }

    /** All engines, each a fresh instance. */
    public static List<Engine> all() {
        return Arrays.stream(EngineKind.values()).map(EngineKind::create).toList();
    }

    /** {@link #all()} as test arguments shown by the engine's name ("interp", "jit"). */
    public static Stream<Arguments> named() {
        return all().stream().map(e -> Arguments.of(named(e)));
    }

    static Named<Engine> named(Engine engine) {
        return Named.of(engine.name(), engine);
    }
}
