package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioSchema;
import org.hyperupcall.hypervisor.Scenarios;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc scenarios}: the simulator's bundled scenarios, and the scenario file format. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = {"List the hypervisor simulator's bundled scenarios, one a line: name, what it shows, [the example that",
            "goes with it]; or with --schema describe scenario files (JSON) and each scenario's parameters; with",
            "--json-schema print the same as a JSON Schema."})
final class ScenariosCommand implements Callable<Integer> {
    @Option(names = "--schema", description = "Describe scenario files and the scenarios' parameters.")
    boolean schema;

    @Option(names = "--json-schema", description = "Print scenario files' JSON Schema (2020-12), for editors that check JSON.")
    boolean jsonSchema;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (jsonSchema) {
            out.print(ScenarioSchema.jsonSchema());
        } else if (schema) {
            out.print(ScenarioSchema.describe());
        } else {
            for (Scenario s : Scenarios.all()) {
                out.printf("%-14s %s [%s]%n", s.name(), s.description(), s.example());
            }
            out.println();
            out.println("Run one with: huc run " + Scenarios.all().get(0).example() + " --scenario " + Scenarios.all().get(0).name());
            out.println("--scenario also takes a scenario file (JSON: {\"scenario\": NAME, \"vcpus\": N, \"pcpus\": N, \"guest_mib\": N,");
            out.println("\"engine\": \"jit\", \"seed\": N, \"duration_ms\": X, \"params\": {...}}); huc scenarios --schema describes it.");
        }
        out.flush();
        return 0;
    }
}
