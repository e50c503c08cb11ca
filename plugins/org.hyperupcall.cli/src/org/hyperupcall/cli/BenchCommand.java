package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc bench}: time a program on one engine or all, side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a program's run time on each engine.",
            "Prints the median ns per run over timed batches after a warm-up, ns per executed instruction and the time to",
            "prepare (load, check, compile) it. With --engine both, every engine runs in the same process and the",
            "interp/jit ratio is printed."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Assembly (.s), ELF object (.o) or bpf_conformance file (.data).")
    Path file;

    @Option(names = "--engine", defaultValue = "both", paramLabel = "NAME",
            description = "An engine name, or 'both' for every engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Mixin
    MemoryOptions memoryOptions;

    @Option(names = "--batches", defaultValue = "15", paramLabel = "N", description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--batch-ms", defaultValue = "100", paramLabel = "MS", description = "Target length of a batch (default: ${DEFAULT-VALUE}).")
    int batchMillis;

    @Option(names = "--warmup-ms", defaultValue = "1500", paramLabel = "MS", description = "Warm-up per engine (default: ${DEFAULT-VALUE}).")
    int warmupMillis;

    @Option(names = {"-j", "--section"}, paramLabel = "NAME", description = "Program (section or function) of an object.")
    String section;

    @Spec
    CommandSpec spec;

    /** One engine's figures. */
    record Figures(EngineKind engine, double medianNs, double minNs, double maxNs, long instructions, double prepareMs, long r0) {
    }

    @Override
    public Integer call() {
        if (batches < 1 || batchMillis < 1 || warmupMillis < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batches and --batch-ms must be positive");
        }
        List<EngineKind> engines;
        try {
            engines = engine.equals("both") ? List.of(EngineKind.values()) : List.of(EngineKind.parse(engine));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--engine': " + e.getMessage());
        }
        ProgramFiles.Loaded loaded = ProgramFiles.loadWithMemory(file, section);
        Program program = loaded.program();
        byte[] mem = memoryOptions.bytes(loaded.memory());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d instructions%s%n", file, program.size(), mem == null ? "" : ", " + mem.length + "-byte memory block");
        out.printf("%-8s %14s %12s %12s %14s %12s%n", "engine", "median ns/run", "ns/insn", "runs/s", "insns/run", "prepare ms");
        out.flush();
        List<Figures> all = new ArrayList<>();
        for (EngineKind kind : engines) {
            Figures f = measure(kind, program, mem);
            all.add(f);
            out.printf("%-8s %,14.1f %12.3f %,12.0f %,14d %12.2f%n", f.engine, f.medianNs, f.medianNs / Math.max(1, f.instructions),
                    1e9 / f.medianNs, f.instructions, f.prepareMs);
            out.flush();
        }
        for (Figures f : all) {
            if (f.r0 != all.get(0).r0) {
                throw new UserError(String.format("engines disagree: %s returned 0x%x, %s returned 0x%x", all.get(0).engine,
                        all.get(0).r0, f.engine, f.r0));
            }
        }
        Figures interp = all.stream().filter(f -> f.engine == EngineKind.INTERP).findFirst().orElse(null);
        Figures jit = all.stream().filter(f -> f.engine == EngineKind.JIT).findFirst().orElse(null);
        if (interp != null && jit != null) {
            out.printf("ratio interp/jit: %.1fx%n", interp.medianNs / jit.medianNs);
        }
        out.flush();
        return 0;
    }

    private Figures measure(EngineKind kind, Program program, byte[] mem) {
        Engine e = kind.create();
        ExecOptions options = ExecOptions.defaults().withBudget(Long.MAX_VALUE);
        double[] prepare = new double[5];
        Executable exe = null;
        for (int i = 0; i < prepare.length; i++) {
            long t0 = System.nanoTime();
            try {
                exe = e.prepare(program, ConformanceRunner.HELPERS, options);
            } catch (InvalidProgramException ex) {
                throw ProgramFiles.refused(file, program, ex);
            }
            prepare[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(prepare);
        MemoryOptions.Setup setup = MemoryOptions.map(mem == null ? null : mem.clone());
        ExecResult first = exe.run(setup.memory(), setup.r1(), setup.r2());
        if (!first.isOk()) {
            throw new UserError(file + ": insn " + first.fault().pc() + ": fault: " + first.fault().kind().description() + ": "
                    + first.fault().message());
        }
        // Warm up, and learn how many runs fill a batch.
        long runs = 0;
        long t0 = System.nanoTime();
        long warmupNs = warmupMillis * 1_000_000L;
        while (System.nanoTime() - t0 < warmupNs || runs == 0) {
            sink ^= exe.run(setup.memory(), setup.r1(), setup.r2()).r0();
            runs++;
        }
        double nsPerRun = (System.nanoTime() - t0) / (double) Math.max(1, runs);
        long perBatch = Math.max(1, (long) (batchMillis * 1e6 / Math.max(1, nsPerRun)));
        double[] samples = new double[batches];
        for (int b = 0; b < batches; b++) {
            long s = System.nanoTime();
            for (long i = 0; i < perBatch; i++) {
                sink ^= exe.run(setup.memory(), setup.r1(), setup.r2()).r0();
            }
            samples[b] = (System.nanoTime() - s) / (double) perBatch;
        }
        Arrays.sort(samples);
        return new Figures(kind, samples[samples.length / 2], samples[0], samples[samples.length - 1], first.instructions(),
                prepare[prepare.length / 2], first.r0());
    }

    /** Keeps results alive so the runs are not optimised away. */
    static volatile long sink;
}
