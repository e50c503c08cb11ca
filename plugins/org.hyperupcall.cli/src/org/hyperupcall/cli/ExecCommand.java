package org.hyperupcall.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hyperupcall.ebpf.conformance.ConformanceRunner;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.Executable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc exec}: run a program once and print r0. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run an eBPF program once and print r0.",
            "With --mem, r1 holds the address of a writable memory block with those bytes and r2 its length "
                + "(the bpf_conformance calling convention); otherwise r1 = r2 = 0."})
final class ExecCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Assembly (.s), ELF object (.o) or bpf_conformance file (.data, with its memory block).")
    Path file;

    @Option(names = "--engine", defaultValue = "interp", paramLabel = "NAME", completionCandidates = EngineOption.Names.class,
            description = "Execution engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @picocli.CommandLine.Mixin
    MemoryOptions memoryOptions;

    @Option(names = {"-j", "--section"}, paramLabel = "NAME", description = "Program (section or function) of an object.")
    String section;

    @Option(names = "--budget", defaultValue = "1000000", paramLabel = "N",
            description = "Stop with a fault after N instructions, 1 to 1000000000 (default: ${DEFAULT-VALUE}).")
    long budget;

    /** The largest --budget: a billion instructions run in seconds on either engine, so that no run is unbounded in time. */
    static final long MAX_BUDGET = 1_000_000_000L;

    @Option(names = {"-v", "--verbose"}, description = "Also print the number of instructions executed.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (budget < 1 || budget > MAX_BUDGET) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--budget must be from 1 to " + MAX_BUDGET
                    + " instructions, not " + budget);
        }
        Engine e = engine.create();
        ProgramFiles.Loaded loaded = ProgramFiles.loadWithMemory(file, section);
        Program program = loaded.program();
        byte[] bytes = memoryOptions.bytes(loaded.memory());
        Executable exe;
        try {
            exe = e.prepare(program, ConformanceRunner.HELPERS, ExecOptions.defaults().withBudget(budget));
        } catch (InvalidProgramException ex) {
            throw ProgramFiles.refused(file, program, ex);
        }
        MemoryOptions.Setup setup = MemoryOptions.map(bytes);
        ExecResult result = exe.run(setup.memory(), setup.r1(), setup.r2());
        if (!result.isOk()) {
            int line = program.sourceLine(result.fault().pc());
            throw new UserError(file + (line > 0 ? ":" + line : "") + ": insn " + result.fault().pc() + ": fault: "
                    + result.fault().kind().description() + ": " + result.fault().message());
        }
        var out = spec.commandLine().getOut();
        out.printf("r0 = 0x%x%n", result.r0());
        if (verbose) {
            out.printf("instructions executed: %d%n", result.instructions());
        }
        out.flush();
        return 0;
    }
}
