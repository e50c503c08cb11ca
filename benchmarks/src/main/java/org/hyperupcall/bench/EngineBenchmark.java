package org.hyperupcall.bench;

import java.util.concurrent.TimeUnit;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.conformance.ConformanceRunner;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Time per run of each benchmark program on each engine (examples/bench). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBenchmark {
    @Param({"interp", "jit"})
    public String engine;

    @Param({"loop", "checksum", "helpers", "trivial"})
    public String program;

    private Executable exe;
    private MemoryMap memory;
    private long r1;
    private long r2;

    @Setup
    public void setUp() throws InvalidProgramException {
        exe = EngineKind.parse(engine).create().prepare(BenchPrograms.load(program), ConformanceRunner.HELPERS,
                ExecOptions.defaults().withBudget(Long.MAX_VALUE));
        memory = new MemoryMap();
        byte[] mem = BenchPrograms.memory(program);
        if (mem != null) {
            memory.add(new Region("mem", ConformanceRunner.MEM_BASE, mem, true));
            r1 = ConformanceRunner.MEM_BASE;
            r2 = mem.length;
        }
        ExecResult check = exe.run(memory, r1, r2);
        if (!check.isOk()) {
            throw new IllegalStateException(program + " faults on " + engine + ": " + check);
        }
    }

    @Benchmark
    public long run() {
        return exe.run(memory, r1, r2).r0();
    }
}
