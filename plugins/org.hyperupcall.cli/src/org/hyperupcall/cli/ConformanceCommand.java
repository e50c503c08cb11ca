package org.hyperupcall.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hyperupcall.ebpf.conformance.ConformanceRunner;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.vm.Engine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc conformance}: run bpf_conformance data files. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run bpf_conformance test files (.data) or folders of them.",
            "Files under a folder named 'negative' must be refused. Prints one line per failure and "
                + "'N passed, M failed'; exit status 0 only when nothing failed."})
final class ConformanceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".data files or folders.")
    List<Path> paths;

    @Option(names = "--engine", defaultValue = "interp", paramLabel = "NAME", completionCandidates = EngineOption.Names.class,
            description = "Execution engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @Option(names = {"-v", "--verbose"}, description = "Print a line for every file, passed or not.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Engine e = engine.create();
        List<Path> files;
        try {
            files = ConformanceRunner.collect(paths);
        } catch (IOException ex) {
            throw new UserError(ex.getMessage());
        }
        if (files.isEmpty()) {
            throw new UserError(String.join(", ", paths.stream().map(Path::toString).toList()) + ": no .data files (a run of no test "
                    + "would pass)");
        }
        var out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        for (Path f : files) {
            ConformanceRunner.Outcome o = ConformanceRunner.run(f, e);
            if (o.passed()) {
                passed++;
                if (verbose) {
                    out.println("PASS " + f + ": " + o.detail());
                }
            } else {
                failed++;
                String why = o.detail().startsWith(f + ": ") ? o.detail().substring(f.toString().length() + 2) : o.detail();
                out.println("FAIL " + f + ": " + why);
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
