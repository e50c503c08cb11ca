package org.hyperupcall.ebpf.vm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.jit.Jit;

/** The engines by the names the command line uses. */
public final class Engines {
    private static final Map<String, Supplier<Engine>> ENGINES = new LinkedHashMap<>();

    static {
        ENGINES.put("interp", Interpreter::new);
        ENGINES.put("jit", Jit::new);
    }

    private Engines() {
    }

    /** The engine called {@code name}; throws IllegalArgumentException listing the known names. */
    public static Engine get(String name) {
        Supplier<Engine> s = ENGINES.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown engine '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return s.get();
    }

    public static List<String> names() {
        return List.copyOf(ENGINES.keySet());
    }
}
