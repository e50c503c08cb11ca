package org.hyperupcall.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;
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
 * Warm compile time of each example of examples/huc: parse, HUC rules, code generation, register
 * allocation and the ELF object, as {@code huc compile} does it. Run from the repository root (or
 * set -Dhyperupcall.repo).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileBenchmark {
    @Param({"tlb_shootdown", "discard_free", "trace_exits", "protect_kernel"})
    public String example;

    private String text;

    @Setup
    public void setUp() {
        Path file = Path.of(System.getProperty("hyperupcall.repo", "."), "examples", "huc", example + ".huc");
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root or set -Dhyperupcall.repo", e);
        }
        Compilation c = Compiler.compile(file.toString(), text);
        if (!c.ok()) {
            throw new IllegalStateException(example + ": " + c.diagnostics());
        }
    }

    @Benchmark
    public Compilation compile() {
        return Compiler.compile(example + ".huc", text);
    }
}
