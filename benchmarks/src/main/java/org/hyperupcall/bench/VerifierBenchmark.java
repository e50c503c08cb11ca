package org.hyperupcall.bench;

import java.util.concurrent.TimeUnit;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
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

/**
 * Time to verify a 4,096-instruction straight-line program, 200 diamonds, a 4,096-iteration bounded
 * loop, and the programs of bench/verifier-suite/ that bench/verifier-vs-kernel.sh also loads into
 * the Linux kernel (run from the repository root, or set -Dhyperupcall.suite=DIR).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierBenchmark {
    @Param({"straight4096", "diamonds200", "loop4096", "diamonds-200", "diamonds-1000", "loop-1000", "loop-100000", "loop-200000",
        "random-1", "random-2", "random-3", "random-4"})
    public String program;

    private Program p;
    private ProgramType type;

    @Setup
    public void setUp() {
        p = switch (program) {
            case "straight4096" -> VerifierPrograms.straightLine(4096);
            case "diamonds200" -> VerifierPrograms.branchy(200);
            case "loop4096" -> VerifierPrograms.loop(4096);
            default -> VerifierPrograms.suite(program);
        };
        type = new ProgramType(Event.VM_EXIT, 1 << 20);
        Verification v = Verifier.verify(p, type, VerifierOptions.defaults());
        if (!v.accepted()) {
            throw new IllegalStateException(program + " is rejected: " + v.diagnostics());
        }
    }

    @Benchmark
    public Verification verify() {
        return Verifier.verify(p, type, VerifierOptions.defaults());
    }
}
