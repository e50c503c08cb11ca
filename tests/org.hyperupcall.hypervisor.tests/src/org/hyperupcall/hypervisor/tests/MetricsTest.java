package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hyperupcall.hypervisor.Metric;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.hypervisor.Scenarios;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The simulator's metrics are declared once ({@link Metric}) and documented: what a scenario reports is what docs/simulator.md explains. */
class MetricsTest {
    private static final Path REPO = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
    private static final String BEGIN = "<!-- metrics: from Metric.all(), held by MetricsTest -->";
    private static final String END = "<!-- end of metrics -->";

    @ParameterizedTest(name = "every metric the {0} scenario reports is a declared one")
    @CsvSource({"tlb-shootdown, tlb_shootdown", "discard-free, discard_free", "tracing, trace_exits", "protection, protect_kernel"})
    void everyMetricAScenarioReportsIsADeclaredOne(String scenario, String example) throws Exception {
        Scenario s = Scenarios.byName(scenario).orElseThrow();
        ScenarioResult r = s.run(Scenarios.defaults(scenario).withDuration(3), example + ".o", RegistrationTest.example(example + ".huc"));
        assertTrue(r.refusals().isEmpty(), () -> r.refusals().toString());
        List<String> undeclared = new ArrayList<>();
        for (Map<String, Number> side : List.of(r.without(), r.with())) {
            for (String key : side.keySet()) {
                if (Metric.declared(key).isEmpty()) {
                    undeclared.add(key);
                }
            }
        }
        assertEquals(List.of(), undeclared, "metrics reported but not declared in Metric");
        assertTrue(r.with().size() > 5, r::table);
        assertTrue(Metric.declared("exits.made_up_reason").isPresent() && Metric.declared("made_up").isEmpty(),
                "a family's member is declared, a made-up name is not");
    }

    @Test
    void theSimulatorsDocumentationListsEveryMetricWithItsMeaning() throws Exception {
        String doc = Files.readString(REPO.resolve("docs/simulator.md"), StandardCharsets.UTF_8);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, "docs/simulator.md has the metrics table between " + BEGIN + " and " + END);
        String expected = table();
        assertEquals(expected, doc.substring(from + BEGIN.length(), to), "docs/simulator.md's metrics table, as Metric declares them:\n" + expected);
    }

    private static String table() {
        StringBuilder sb = new StringBuilder("\n| metric | what it measures |\n|---|---|\n");
        for (Metric m : Metric.all()) {
            sb.append("| `").append(m.name()).append("` | ").append(m.description()).append(" |\n");
        }
        return sb.toString();
    }
}
