package org.hyperupcall.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.Throughput;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated VM-exit events per second: the tracing scenario's VM (exits of every reason on
 * running vCPUs, the host scheduler, the guest draining its trace ring) with the compiled
 * examples/huc/trace_exits.huc registered on vm_exit, JIT by default. One operation is one VM
 * exit handled by the simulator, hyperupcall included (score in ns per event; events per second
 * = 1e9 / score). Run from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulatorBenchmark {
    static final int EVENTS = 100_000;

    @Param({"jit", "interp", "none"})
    public String engine;

    private Throughput run;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Path.of(System.getProperty("hyperupcall.repo", "."), "examples", "huc", "trace_exits.huc");
        Compilation c = Compiler.compile(file.toString(), Files.readString(file));
        if (!c.ok()) {
            throw new IllegalStateException(c.diagnostics().toString());
        }
        ScenarioConfig config = Scenarios.defaults("tracing").withEngine(engine.equals("none") ? EngineKind.JIT : EngineKind.parse(engine));
        run = new Throughput(config, engine.equals("none") ? null : c.elf());
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long vmExits() {
        return run.exits(EVENTS);
    }
}
