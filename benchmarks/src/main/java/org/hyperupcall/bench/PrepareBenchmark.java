package org.hyperupcall.bench;

import java.util.concurrent.TimeUnit;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
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

/** Time to prepare (check, and for the JIT compile and load) a straight-line program of 4,096 instructions. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrepareBenchmark {
    @Param({"interp", "jit"})
    public String engine;

    @Param({"4096"})
    public int size;

    private Engine e;
    private Program program;

    @Setup
    public void setUp() {
        e = EngineKind.parse(engine).create();
        program = BenchPrograms.straightLine(size);
    }

    @Benchmark
    public Executable prepare() throws InvalidProgramException {
        return e.prepare(program, HelperTable.empty(), ExecOptions.defaults());
    }
}
