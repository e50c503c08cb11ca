package org.hyperupcall.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bundled scenarios, the paper's four use cases, with their default configurations. */
public final class Scenarios {
    private Scenarios() {
    }

    /** A fresh instance of each bundled scenario (scenarios keep per-run state). */
    public static List<Scenario> all() {
        return List.of(new TlbShootdownScenario(), new DiscardFreeScenario(), new TracingScenario(), new ProtectionScenario());
    }

    public static Optional<Scenario> byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The default configuration of a bundled scenario. */
    public static ScenarioConfig defaults(String name) {
        return switch (name) {
            case "tlb-shootdown" -> ScenarioConfig.defaults(name, 8, 2, 40, Map.of());
            case "discard-free" -> ScenarioConfig.defaults(name, 2, 2, 100_000, Map.of());
            case "tracing" -> ScenarioConfig.defaults(name, 4, 2, 10, Map.of());
            case "protection" -> ScenarioConfig.defaults(name, 4, 4, 10, Map.of());
            default -> throw new IllegalArgumentException("no bundled scenario '" + name + "' (scenarios: "
                    + String.join(", ", all().stream().map(Scenario::name).toList()) + ")");
        };
    }
}
