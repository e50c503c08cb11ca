package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hyperupcall.testing.ExternalTools;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.Header;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.RunResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential check against clang (issue 5). Every file of {@code programs/clang} is both a HUC
 * program and a C program: clang ({@code clang -O2 -target bpf}, against the generated
 * {@code hyperupcall.h}) and our compiler each build it, and clang's program (on the reference
 * interpreter) and ours (on the interpreter and on the JIT) must return the same r0, or the same
 * kind of fault, for each of several contexts: all zeros, small values, all bits set, only sign
 * bits set, and two seeded random ones. Helpers are the test's own: a clock that advances at each
 * call, and vCPU registers computed from their arguments.
 *
 * <p>The entry points return computed values (checksums of what they did), not their event's
 * return codes: the verifier would reject them for that alone ({@code HUV-RETURN}), so this test
 * does not run the verifier; it compares what the code computes.
 *
 * <p>It also records the size of each entry point's program (after linking, in instruction slots:
 * an {@code lddw} counts 2 for both), writes the table to {@code target/clang-size.txt} and
 * requires ours to be at most 1.5 times clang's in total. Everything is skipped when clang is not
 * on the PATH.
 */
class ClangDifferentialTest {
    private static final Path BUNDLE = Path.of(System.getProperty("hyperupcall.repo", "../.."))
            .toAbsolutePath().normalize().resolve("tests/org.hyperupcall.lang.tests");
    private static final Path PROGRAMS = BUNDLE.resolve("programs/clang");
    private static final double MAX_SIZE_RATIO = 1.5;
    private static final Pattern ENTRY = Pattern.compile("SEC\\(\"hyperupcall/(\\w+)\"\\)\\s*long\\s+(\\w+)\\s*\\(");

    @TempDir
    static Path tmp;

    private static final Map<String, Build> CLANG = new HashMap<>();

    /** One program file: its name, text, event and entry point. */
    record Source(String file, String text, Event event, String function) {
        static Source read(Path path) {
            try {
                String text = Files.readString(path);
                Matcher m = ENTRY.matcher(text);
                assertTrue(m.find(), () -> path + ": no SEC(\"hyperupcall/...\") long f(...) entry point");
                return new Source(path.getFileName().toString(), text, Event.byId(m.group(1)).orElseThrow(), m.group(2));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file.replaceFirst("\\.huc$", "").replace('_', ' ');
        }
    }

    /** clang's program, or why clang did not build one; and whether that is clang's limit rather than the program's fault. */
    record Build(Program program, String refusal, boolean clangLimit) {
    }

    static Stream<Source> programs() throws IOException {
        try (Stream<Path> files = Files.list(PROGRAMS)) {
            return files.filter(p -> p.toString().endsWith(".huc")).sorted().map(Source::read).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}: ours returns what clang''s code returns on every context")
    @MethodSource("programs")
    void oursReturnsWhatClangsReturns(Source s) {
        Program reference = clangProgram(s);
        CompiledProgram ours = ours(s);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : contexts(s.event()).entrySet()) {
            String expected = outcome(runClang(reference, c.getValue()));
            for (EngineKind engine : EngineKind.values()) {
                String actual = outcome(ours.run(engine, c.getValue(), helpers()));
                if (!expected.equals(actual)) {
                    differences.add("context '" + c.getKey() + "': clang's code gives " + expected + ", ours on " + engine + " " + actual);
                }
            }
        }
        assertTrue(differences.isEmpty(), () -> s.file() + ": different results\n" + String.join("\n", differences)
                + "\n--- ours:\n" + ours.listing() + "--- clang's:\n" + Disassembler.assembly(reference));
    }

    @ParameterizedTest(name = "{0}: clang''s results depend on the context, so the program is not folded to a constant")
    @MethodSource("programs")
    void clangsResultsDependOnTheContext(Source s) {
        Program reference = clangProgram(s);
        List<String> outcomes = contexts(s.event()).values().stream().map(c -> outcome(runClang(reference, c))).toList();
        assertTrue(outcomes.stream().distinct().count() > 2, () -> s.file() + ": only " + outcomes.stream().distinct().toList());
    }

    @Test
    @DisplayName("our programs are at most 1.5 times as large as clang's in total (table in target/clang-size.txt)")
    void oursIsAtMostHalfAgainAsLargeAsClangs() throws IOException {
        assumeTrue(ExternalTools.present("clang"), "clang is not on the PATH");
        StringBuilder table = new StringBuilder(String.format("%-32s %7s %7s %7s  %s%n", "program", "clang", "ours", "ratio", "note"));
        long clangTotal = 0;
        long oursTotal = 0;
        for (Source s : programs().toList()) {
            Build b = clang(s);
            Compilation c = Compiler.compile(s.file(), s.text());
            String note = b.program() == null ? "clang: " + b.refusal()
                    : c.programs().isEmpty() ? "ours: " + firstError(c) : "";
            String clangSize = b.program() == null ? "-" : String.valueOf(b.program().size());
            String oursSize = c.programs().isEmpty() ? "-" : String.valueOf(c.programs().get(0).size());
            String ratio = "-";
            if (note.isEmpty()) {
                int cs = b.program().size();
                int os = c.programs().get(0).size();
                clangTotal += cs;
                oursTotal += os;
                ratio = String.format("%.2f", (double) os / cs);
                note = os > MAX_SIZE_RATIO * cs ? "over " + MAX_SIZE_RATIO : "";
            }
            table.append(String.format("%-32s %7s %7s %7s  %s%n", s.file().replaceFirst("\\.huc$", ""), clangSize, oursSize, ratio,
                    note.lines().findFirst().orElse("")));
        }
        double total = clangTotal == 0 ? Double.NaN : (double) oursTotal / clangTotal;
        table.append(String.format("%-32s %7d %7d %7.2f  (programs both compilers built)%n", "total", clangTotal, oursTotal, total));
        Files.createDirectories(BUNDLE.resolve("target"));
        Files.writeString(BUNDLE.resolve("target/clang-size.txt"), table);
        System.out.print(table);
        assertTrue(clangTotal > 0, "no program was built by both compilers\n" + table);
        assertTrue(total <= MAX_SIZE_RATIO, () -> String.format("ours is %.2f times clang's size%n%s", total, table));
    }

    @Test
    @DisplayName("each entry point of examples/huc is at most 1.5 times as large as clang's (table in target/clang-size-examples.txt)")
    void theExamplesAreAtMostHalfAgainAsLargeAsClangs() throws Exception {
        assumeTrue(ExternalTools.present("clang"), "clang is not on the PATH");
        Path examples = BUNDLE.resolve("../../examples/huc").normalize();
        StringBuilder table = new StringBuilder(String.format("%-40s %7s %7s %7s%n", "example: entry point", "clang", "ours", "ratio"));
        List<String> over = new ArrayList<>();
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".huc")).sorted().toList()) {
                Path header = tmp.resolve("hyperupcall.h");
                if (!Files.exists(header)) {
                    Files.writeString(header, Header.text());
                }
                Path object = tmp.resolve(file.getFileName() + ".o");
                Process p = new ProcessBuilder("clang", "-O2", "-target", "bpf", "-c", "-x", "c", "-I" + tmp, file.toString(), "-o",
                        object.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, () -> file + " does not compile as C:\n" + out);
                org.hyperupcall.ebpf.elf.ElfObject obj = ElfReader.read(object);
                Compilation c = Compiler.compile(file.getFileName().toString(), Files.readString(file));
                assertTrue(c.ok(), () -> firstError(c));
                for (CompiledProgram ours : c.programs()) {
                    String section = "hyperupcall/" + ours.event().id();
                    Program theirs = Linker.link(obj, section, name -> java.util.OptionalLong.of(0x10000));
                    double ratio = (double) ours.size() / theirs.size();
                    String row = String.format("%-40s %7d %7d %7.2f%n", file.getFileName() + ": " + ours.function(), theirs.size(),
                            ours.size(), ratio);
                    table.append(row);
                    if (ratio > MAX_SIZE_RATIO) {
                        over.add(row.trim());
                    }
                }
            }
        }
        Files.createDirectories(BUNDLE.resolve("target"));
        Files.writeString(BUNDLE.resolve("target/clang-size-examples.txt"), table);
        System.out.print(table);
        assertEquals(List.of(), over, table::toString);
    }

    /** clang's program for s; aborts the test (skipped) when clang is missing or cannot compile the construct for BPF. */
    private static Program clangProgram(Source s) {
        assumeTrue(ExternalTools.present("clang"), "clang is not on the PATH");
        Build b = clang(s);
        assumeTrue(b.program() != null || !b.clangLimit(), () -> "clang cannot build it: " + b.refusal());
        assertTrue(b.program() != null, () -> s.file() + " is not valid C for clang:\n" + b.refusal());
        return b.program();
    }

    private static CompiledProgram ours(Source s) {
        Compilation c = Compiler.compile(s.file(), s.text());
        assertTrue(!c.programs().isEmpty(), () -> s.file() + ": our compiler built no program:\n" + firstError(c));
        return c.programs().get(0);
    }

    private static String firstError(Compilation c) {
        return c.diagnostics().stream().map(SourceDiagnostic::format).findFirst().orElse("no diagnostic");
    }

    /** Built once per program: clang -O2 -target bpf, linked as a loader would (the entry point and what it calls). */
    private static synchronized Build clang(Source s) {
        return CLANG.computeIfAbsent(s.file(), f -> {
            Build b = clang(s, List.of());
            if (b.refusal() != null && b.refusal().contains("Unsupport signed division")) {
                // clang before 18 has no signed division for BPF; from 18 on, -mcpu=v4 has sdiv and smod.
                Build v4 = clang(s, List.of("-mcpu=v4"));
                return v4.program() != null ? v4 : new Build(null,
                        "no signed division or modulo in clang's BPF back end before clang 18 (-mcpu=v4)", true);
            }
            return b;
        });
    }

    private static Build clang(Source s, List<String> flags) {
        try {
            Path header = tmp.resolve("hyperupcall.h");
            if (!Files.exists(header)) {
                Files.writeString(header, Header.text());
            }
            Path object = tmp.resolve(s.file() + ".o");
            List<String> command = new ArrayList<>(List.of("clang", "-O2", "-target", "bpf"));
            command.addAll(flags);
            command.addAll(List.of("-c", "-x", "c", "-I" + tmp, PROGRAMS.resolve(s.file()).toString(), "-o", object.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "clang did not finish in 60 s");
            if (p.exitValue() != 0) {
                return new Build(null, out, false);
            }
            return new Build(Linker.link(ElfReader.read(object), s.function(), SymbolResolver.NONE), null, false);
        } catch (Exception e) {
            throw new AssertionError(s.file() + ": " + e, e);
        }
    }


    /** Runs clang's program as {@link CompiledProgram#run} runs ours: the context read-only at the same address, r1 pointing to it. */
    private static RunResult runClang(Program program, byte[] context) {
        HelperTable.Builder table = HelperTable.builder();
        helpers().forEach((name, f) -> table.add(Helpers.byName(name).orElseThrow().id(), name,
                (r1, r2, r3, r4, r5, memory) -> f.applyAsLong(new long[] {r1, r2, r3, r4, r5})));
        MemoryMap memory = new MemoryMap().add(new Region("ctx", CompiledProgram.CONTEXT_BASE, context.clone(), false));
        try {
            ExecResult r = EngineKind.INTERP.create().prepare(program, table.build(), ExecOptions.defaults())
                    .run(memory, CompiledProgram.CONTEXT_BASE, 0);
            return new RunResult(r.r0(), r.isOk() ? null : "insn " + r.fault().pc() + ": " + r.fault().kind().description(),
                    r.instructions());
        } catch (org.hyperupcall.ebpf.isa.InvalidProgramException e) {
            return new RunResult(0, "invalid program: " + e.getMessage(), 0);
        }
    }

    /** r0, or the kind of fault (without the instruction index, which differs between the two programs). */
    private static String outcome(RunResult r) {
        if (r.ok()) {
            return String.format("0x%x", r.r0());
        }
        String f = r.fault().replaceFirst("^insn \\d+: ", "");
        int colon = f.indexOf(": ");
        return "fault (" + (colon < 0 ? f : f.substring(0, colon)) + ")";
    }

    /**
     * The helpers, fresh for each run: hup_ktime_ns advances at each call; hup_get_vcpu_reg mixes
     * its two u32 arguments (truncated to 32 bits, as the hypervisor reads a u32 parameter).
     */
    private static Map<String, ToLongFunction<long[]>> helpers() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000_000_000L);
        return Map.of(
                "hup_ktime_ns", a -> clock.addAndGet(1_234_567),
                "hup_get_vcpu_reg", a -> (a[0] & 0xffff_ffffL) * 0x9e37_79b9_7f4a_7c15L + (a[1] & 0xffff_ffffL) * 0x1_0001L);
    }

    /** The test contexts of an event: every field set by the same rule (a field's value is truncated to its size). */
    static Map<String, byte[]> contexts(Event event) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("zeros", context(event, k -> 0));
        out.put("small values", context(event, k -> k + 2));
        out.put("all bits set", context(event, k -> -1));
        out.put("sign bits", context(event, k -> Long.MIN_VALUE));
        Random small = new Random(5);
        out.put("random below 64", context(event, k -> small.nextInt(64)));
        Random any = new Random(0x5eed);
        out.put("random", context(event, k -> any.nextLong()));
        return out;
    }

    /** Field k gets value(k); "sign bits" (Long.MIN_VALUE) means the top bit of the field, whatever its size. */
    private static byte[] context(Event event, LongUnaryOperator value) {
        ByteBuffer b = ByteBuffer.allocate(event.context().size()).order(ByteOrder.LITTLE_ENDIAN);
        List<Field> fields = event.context().fields();
        for (int k = 0; k < fields.size(); k++) {
            Field f = fields.get(k);
            long v = value.applyAsLong(k);
            if (v == Long.MIN_VALUE) {
                v = 1L << (f.size() * 8 - 1);
            }
            for (int i = 0; i < f.size(); i++) {
                b.put(f.offset() + i, (byte) (v >>> (8 * i)));
            }
        }
        return b.array();
    }
}
