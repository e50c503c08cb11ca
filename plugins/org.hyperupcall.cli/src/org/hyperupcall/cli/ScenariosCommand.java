package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.ScenarioParams;
import org.hyperupcall.hypervisor.Scenarios;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc scenarios}: the simulator's bundled scenarios, and the scenario file format. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = {"List the hypervisor simulator's bundled scenarios, one a line: name, what it shows, [the example that",
            "goes with it]; or with --schema describe scenario files (JSON) and each scenario's parameters."})
final class ScenariosCommand implements Callable<Integer> {
    /** The fields of a scenario file, as {@code ScenarioFiles} reads them. */
    static final String SCHEMA = """
            A scenario file is a JSON object; every field but "scenario" defaults to the bundled scenario's value,
            and huc run's options (--engine, --seed, --duration-ms, --param) override the file:
              {
                "scenario": "tlb-shootdown",   required: tlb-shootdown, discard-free, tracing, protection
                "description": "...",          free text, ignored
                "vcpus": 8,                    1..64 virtual CPUs
                "pcpus": 2,                    1..64 physical CPUs of the host
                "guest_mib": 1024,             guest memory in MiB, a multiple of 2, GUEST_MIB_RANGE
                "engine": "jit",               jit or interp
                "seed": 1,                     random seed of the workload
                "duration_ms": 40,             simulated time of each run, 0 < d <= 100000
                "params": { "pages": 16 }      numbers the scenario documents (below)
              }
            A field that breaks a rule (an unknown field, a wrong type, a value out of range) is an error naming the
            file and the field.

            Parameters (an unknown name or a value out of its range is an error naming the file and the parameter):
            PARAMETERS
            """.replace("GUEST_MIB_RANGE", ScenarioFiles.MIN_GUEST_MIB + ".." + ScenarioFiles.MAX_GUEST_MIB)
            .replace("PARAMETERS\n", ScenarioParams.describe());

    @Option(names = "--schema", description = "Describe scenario files and the scenarios' parameters.")
    boolean schema;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (schema) {
            out.print(SCHEMA);
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
