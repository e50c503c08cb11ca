package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.GuestMemory;
import org.hyperupcall.lang.compiler.RunResult;
import org.hyperupcall.lang.compiler.VariableLocation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the compiler says each named variable is, checked by running the program on the
 * interpreter and reading the variables, as the debugger does, at the first instruction of each
 * source line: their values must be those of the C program at that point.
 */
class VariableLocationsTest {
    private static final Path REPO = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
    private static final Map<String, ToLongFunction<long[]>> HELPERS = Map.of(
            "hup_ktime_ns", a -> 123_456_789L,
            "hup_get_vcpu_reg", a -> a[0] * 100 + a[1],
            "hup_flush_tlb_vcpu", a -> 0L);

    /** What the debugger would show on arriving at a source line: the values of the available variables, and the names of the others in scope. */
    record Stop(int line, Map<String, Long> values, Set<String> unavailable, long[] registers) {
    }

    /** Runs the vm_exit program (vcpu 3, exit reason 48, tsc 1,000,000) and stops at the first instruction of each line. */
    private static List<Stop> trace(String body) {
        String text = "#include \"hyperupcall.h\"\n" + body;
        Compilation c = Compiler.compile("vars.huc", text);
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        ByteBuffer b = ByteBuffer.allocate(Event.VM_EXIT.context().size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 3).putInt(4, 48).putLong(8, -16L).putLong(16, 0x1000).putLong(24, 0xabc000).putLong(32, 1_000_000);
        return trace(c.programs().get(0), b.array(), List.of());
    }

    private static List<Stop> trace(CompiledProgram p, byte[] context, List<GuestMemory> guest) {
        List<Stop> stops = new ArrayList<>();
        int[] last = {-1};
        RunResult r = p.run(EngineKind.INTERP, context, HELPERS, guest, (pc, regs, depth, memory) -> {
            int line = p.program().sourceLine(pc);
            boolean lineStart = last[0] < 0 || p.program().sourceLine(last[0]) != line || pc != last[0] + 1;
            last[0] = pc;
            if (!lineStart) {
                return;
            }
            Map<String, Long> values = new LinkedHashMap<>();
            Set<String> unavailable = new LinkedHashSet<>();
            for (VariableLocation v : p.variablesAt(pc)) {
                if (!v.availableAt(pc)) {
                    unavailable.add(v.name());
                } else if (v.type().isScalar()) {
                    values.put(v.name(), v.value(regs, memory));
                } else {
                    values.put(v.name(), v.address(regs));
                }
            }
            stops.add(new Stop(line, values, unavailable, regs.clone()));
        });
        assertEquals(null, r.fault(), "the program runs without a fault");
        return stops;
    }

    private static List<Stop> at(List<Stop> stops, int line) {
        List<Stop> out = stops.stream().filter(s -> s.line() == line).toList();
        assertFalse(out.isEmpty(), "the run reaches line " + line + ": " + stops);
        return out;
    }

    @Test
    @DisplayName("a loop's counter and sum hold their values at each iteration")
    void aLoopsCounterAndSumHoldTheirValuesAtEachIteration() {
        List<Stop> stops = trace("""
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) {
                    u32 sum = 0;
                    for (u32 i = 0; i < 10; i++) {
                        sum += i * ctx->vcpu;
                    }
                    return sum;
                }
                """);
        List<Stop> body = at(stops, 6);
        assertEquals(10, body.size(), "the loop body runs ten times");
        for (int k = 0; k < 10; k++) {
            Stop s = body.get(k);
            assertEquals(k, s.values().get("i"), "i in iteration " + k + ": " + s);
            assertEquals(3L * k * (k - 1) / 2, s.values().get("sum"), "sum in iteration " + k + ": " + s);
            assertEquals(CompiledProgram.CONTEXT_BASE, s.values().get("ctx"), "ctx points to the context");
        }
        assertEquals(135L, at(stops, 8).get(0).values().get("sum"));
    }

    @Test
    @DisplayName("signed and narrow locals read with their C types")
    void signedAndNarrowLocalsReadWithTheirCTypes() {
        List<Stop> stops = trace("""
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) {
                    s32 neg = -(s32) ctx->vcpu;
                    u8 small = ctx->exit_reason + 250;
                    s64 wide = (s64) ctx->exit_qualification;
                    bool flag = ctx->vcpu > 2;
                    return neg + small + wide + flag;
                }
                """);
        Map<String, Long> v = at(stops, 8).get(0).values();
        assertEquals(-3L, v.get("neg"), stops.toString());
        assertEquals(42L, v.get("small"), "298 wraps to 42 in a u8");
        assertEquals(-16L, v.get("wide"));
        assertEquals(1L, v.get("flag"));
    }

    @Test
    @DisplayName("an inner variable shadows an outer one of the same name, only inside its block")
    void anInnerVariableShadowsAnOuterOneOnlyInsideItsBlock() {
        List<Stop> stops = trace("""
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) {
                    u32 x = ctx->vcpu;
                    u64 r = 0;
                    {
                        u32 x = ctx->exit_reason;
                        r += x;
                    }
                    r += x;
                    return r;
                }
                """);
        assertEquals(48L, at(stops, 8).get(0).values().get("x"), "inside the block, the inner x");
        assertEquals(3L, at(stops, 10).get(0).values().get("x"), "after it, the outer x");
        assertEquals(48L, at(stops, 10).get(0).values().get("r"));
    }

    @Test
    @DisplayName("the parameters and locals of a function inlined twice hold each call's values")
    void theParametersAndLocalsOfAFunctionInlinedTwiceHoldEachCallsValues() {
        List<Stop> stops = trace("""
                static inline u32 twice(u32 v)
                {
                    u32 w = v * 2;
                    return w + 1;
                }
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) {
                    u32 a = twice(ctx->vcpu);
                    u32 b = twice(ctx->exit_reason);
                    return a + b;
                }
                """);
        List<Stop> decl = at(stops, 4);
        List<Stop> ret = at(stops, 5);
        assertEquals(2, ret.size(), "the inlined return runs once per call: " + stops);
        assertEquals(3L, decl.get(0).values().get("v"));
        assertEquals(6L, ret.get(0).values().get("w"));
        assertEquals(48L, decl.get(1).values().get("v"));
        assertEquals(96L, ret.get(1).values().get("w"));
        assertTrue(ret.get(1).unavailable().contains("v"), "v is dead once w is computed");
        Map<String, Long> end = at(stops, 11).get(0).values();
        assertEquals(7L, end.get("a"));
        assertEquals(97L, end.get("b"));
        assertFalse(end.containsKey("w"), "the callee's locals are out of scope in the caller");
    }

    @Test
    @DisplayName("values that outnumber the registers are read from their stack slots")
    void valuesThatOutnumberTheRegistersAreReadFromTheirStackSlots() {
        StringBuilder decls = new StringBuilder();
        StringBuilder sum = new StringBuilder();
        for (int k = 0; k < 14; k++) {
            decls.append("    u64 a").append(k).append(" = ctx->tsc + ").append(k).append(";\n");
            sum.append(k == 0 ? "" : " ^ ").append("a").append(k).append(" * a").append((k + 1) % 14);
        }
        String body = "SEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n" + decls
                + "    u64 s = " + sum + ";\n    return s;\n}\n";
        Compilation c = Compiler.compile("vars.huc", "#include \"hyperupcall.h\"\n" + body);
        assertTrue(c.programs().get(0).variables().stream()
                .anyMatch(v -> v.kind() == VariableLocation.Kind.STACK && v.type().isScalar()), "some local is spilled");
        Map<String, Long> v = at(trace(body), 18).get(0).values();
        for (int k = 0; k < 14; k++) {
            assertEquals(1_000_000L + k, v.get("a" + k), "a" + k + " at the line that reads them all: " + v);
        }
    }

    @Test
    @DisplayName("a local array is read from the stack and a never-assigned local is a constant")
    void aLocalArrayIsReadFromTheStackAndANeverAssignedLocalIsAConstant() {
        List<Stop> stops = trace("""
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) {
                    u32 k = 5;
                    u32 arr[4];
                    for (u32 i = 0; i < 4; i++)
                        arr[i] = ctx->vcpu * 10 + i;
                    return arr[ctx->vcpu] + k;
                }
                """);
        Compilation c = Compiler.compile("vars.huc", "#include \"hyperupcall.h\"\n" + """
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) { u32 k = 5; return ctx->vcpu + k; }
                """);
        assertEquals(VariableLocation.Kind.CONSTANT, c.programs().get(0).variables().stream()
                .filter(v -> v.name().equals("k")).findFirst().orElseThrow().kind());
        Stop ret = at(stops, 8).get(0);
        assertEquals(5L, ret.values().get("k"));
        long arr = ret.values().get("arr");
        assertEquals(ret.registers()[10] - 16, arr, "arr starts 16 bytes below the frame pointer");
    }

    @Test
    @DisplayName("a variable past its last use is shown as not available, not with a stale register")
    void aVariablePastItsLastUseIsShownAsNotAvailable() {
        List<Stop> stops = trace("""
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx) {
                    u32 a = ctx->vcpu;
                    u64 b = hup_get_vcpu_reg(a, 1);
                    u64 c = b + hup_ktime_ns();
                    return c;
                }
                """);
        Stop last = at(stops, 7).get(0);
        assertTrue(last.unavailable().contains("a"), "a is dead after the call: " + last);
        assertEquals(123_456_789L + 301, last.values().get("c"));
    }

    @Test
    @DisplayName("in the TLB example the target vCPU and its tlb_state pointer read as the context and the per-CPU layout say")
    void inTheTlbExampleTheTargetCpuAndItsStateReadAsTheContextSays() throws Exception {
        String text = Files.readString(REPO.resolve("examples/huc/tlb_shootdown.huc"), StandardCharsets.UTF_8);
        Compilation c = Compiler.compile("tlb_shootdown.huc", text);
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        long base = 0x4000_0000L;
        CompiledProgram p = c.programs().get(0).link(Map.of("cpu_tlbstate", base));
        byte[] ctx = ByteBuffer.allocate(Event.TLB_SHOOTDOWN.context().size()).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, 1).putInt(4, 5).putLong(16, 0x7000).putLong(24, 0x9000).array();
        byte[] percpu = new byte[8 * Constants.PERCPU_STRIDE];
        List<Stop> stops = trace(p, ctx, List.of(new GuestMemory("cpu_tlbstate", base, percpu, true)));
        Map<String, Long> at25 = at(stops, 25).get(0).values();
        assertEquals(5L, at25.get("cpu"));
        assertEquals(base + 5L * Constants.PERCPU_STRIDE, at25.get("ts"));
        assertEquals(CompiledProgram.CONTEXT_BASE, at25.get("ctx"));
    }

    static java.util.stream.Stream<Arguments> programs() {
        return CompiledProgramsTest.programs();
    }

    /**
     * The oracle of the variable locations over all of CompiledProgramsTest's programs, one
     * statement per line: where the debugger can read a variable at two line starts and the values
     * differ, a line run in between assigns it (or declares it, or takes its address). A register
     * the allocator gave to another value while the variable was said to be there would change
     * the value on a line that does not touch the variable.
     */
    @ParameterizedTest(name = "{0}: a variable's value changes only on lines that assign it")
    @MethodSource("programs")
    void aVariablesValueChangesOnlyOnLinesThatAssignIt(String name, long expected, String body) {
        String src = (CompiledProgramsTest.PRE + body + "\n}\n").replace("; ", ";\n").replace("{ ", "{\n").replace("} ", "}\n");
        Compilation c = Compiler.compile("p.huc", src);
        assertTrue(c.ok(), () -> c.diagnostics().toString() + "\n" + src);
        CompiledProgram p = c.programs().get(0).link(Map.of("table", CompiledProgramsTest.TABLE, "stats", CompiledProgramsTest.STATS,
                "bytes", CompiledProgramsTest.BYTES));
        String[] lines = src.split("\n", -1);
        List<Integer> executed = new ArrayList<>();
        Map<VariableLocation, long[]> seen = new java.util.IdentityHashMap<>(); // value, index into executed
        List<String> violations = new ArrayList<>();
        int[] checked = {0};
        int[] last = {-1};
        RunResult r = p.run(EngineKind.INTERP, CompiledProgramsTest.context(), CompiledProgramsTest.HELPERS, CompiledProgramsTest.memory(),
                (pc, regs, depth, memory) -> {
                    int line = p.program().sourceLine(pc);
                    boolean lineStart = last[0] < 0 || p.program().sourceLine(last[0]) != line || pc != last[0] + 1;
                    last[0] = pc;
                    if (lineStart) {
                        for (VariableLocation v : p.variablesAt(pc)) {
                            if (!v.type().isScalar() || !v.availableAt(pc)) {
                                continue;
                            }
                            long value = v.value(regs, memory);
                            long[] before = seen.put(v, new long[] {value, executed.size()});
                            checked[0]++;
                            if (before != null && before[0] != value && !assignedOn(v.name(), executed.subList((int) before[1], executed.size()), lines)) {
                                violations.add(v.name() + " went from " + before[0] + " to " + value + " at line " + line + " over lines "
                                        + new java.util.TreeSet<>(executed.subList((int) before[1], executed.size())));
                            }
                        }
                    }
                    executed.add(line);
                });
        assertEquals(expected, r.r0(), () -> "the program computes what it did before: " + r.fault());
        assertEquals(List.of(), violations, () -> src);
        assertTrue(checked[0] > 0 || p.variables().stream().noneMatch(v -> v.type().isScalar() && v.kind() != VariableLocation.Kind.NONE),
                () -> "some variable was read: "
                + p.variables() + "\n" + src + "\n" + p.listing());
    }

    /** Whether one of these source lines assigns, declares, increments or takes the address of the variable. */
    private static boolean assignedOn(String name, List<Integer> executed, String[] lines) {
        java.util.regex.Pattern write = java.util.regex.Pattern.compile("\\b" + name + "\\s*(=(?!=)|[-+*/%&|^]=|<<=|>>=|\\+\\+|--)"
                + "|(\\+\\+|--|&)\\s*" + name + "\\b|\\b" + name + "\\s*\\)\\s*\\{");
        for (int l : new java.util.TreeSet<>(executed)) {
            if (l > 0 && l <= lines.length && write.matcher(lines[l - 1]).find()) {
                return true;
            }
        }
        return false;
    }
}
