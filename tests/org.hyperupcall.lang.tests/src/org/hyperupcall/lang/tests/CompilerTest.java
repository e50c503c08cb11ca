package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Event;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.GuestMemory;
import org.hyperupcall.lang.compiler.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HUC programs compiled to eBPF and run on both engines, checked by the verifier; and what the compiler refuses. */
class CompilerTest {
    private static final String PRE = "#include \"hyperupcall.h\"\n#define N 10\n";
    private static final String VM_EXIT = PRE + "SEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n";
    private static final long KTIME = 123_456_789L;
    private static final Map<String, ToLongFunction<long[]>> HELPERS = Map.of(
            "hup_ktime_ns", a -> KTIME,
            "hup_get_vcpu_reg", a -> a[0] * 100 + a[1]);

    /** vcpu 3, exit_reason 48 (EPT violation), exit_qualification -16, guest_rip 0x1000, guest_cr3 0xabc000, tsc 1e6. */
    private static byte[] vmExitContext() {
        ByteBuffer b = ByteBuffer.allocate(Event.VM_EXIT.context().size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 3).putInt(4, 48).putLong(8, -16L).putLong(16, 0x1000).putLong(24, 0xabc000).putLong(32, 1_000_000);
        return b.array();
    }

    static Stream<Arguments> programs() {
        return Stream.of(
                Arguments.of("unsigned 32-bit addition wraps around", 1L, "u32 a = 0xffffffff; a += 2; return a;"),
                Arguments.of("signed 32-bit overflow wraps to a negative int", 1L, "s32 a = 0x7fffffff; a = a + 1; return a < 0;"),
                Arguments.of("64-bit addition does not wrap at 32 bits", 0x1_0000_0000L, "u64 a = 0xffffffff; a += 1; return a;"),
                Arguments.of("unsigned division truncates", 14L, "u32 a = 100; u32 b = 7; return a / b;"),
                Arguments.of("signed division truncates toward zero", -3L, "s32 a = -7; s32 b = 2; return a / b;"),
                Arguments.of("signed remainder takes the sign of the dividend", -1L, "s64 a = -7; return a % 3;"),
                Arguments.of("int divided by unsigned divides as unsigned", 0x7ffffffcL, "int a = -8; unsigned b = 2; return a / b;"),
                Arguments.of("a negative int compared with a u64 converts to unsigned", 1L, "s32 a = -1; u64 b = 1; return a > b;"),
                Arguments.of("int compared with u32 compares unsigned", 0L, "int a = -1; u32 b = 1; return a < b;"),
                Arguments.of("s64 comparison is signed", 1L, "s64 a = -1; return a < 1;"),
                Arguments.of("64-bit shifts go beyond 32 bits", 4L, "u64 one = 1; return (one << 40) >> 38;"),
                Arguments.of("right shift of a negative signed value is arithmetic", -4L, "s32 a = -16; return a >> 2;"),
                Arguments.of("right shift of an unsigned value is logical", 1L, "u32 a = 0x80000000; return a >> 31;"),
                Arguments.of("32-bit left shift drops the high bits", 0x8000_0000L, "u32 a = 3; return a << 31;"),
                Arguments.of("32-bit multiplication wraps", 0L, "u32 a = 0x10000; return a * a;"),
                Arguments.of("casts truncate and sign-extend", 254L, "u64 a = 0x1ff; return (u8) a + (s8) a;"),
                Arguments.of("bitwise and, or and xor", 0x3fL, "u32 a = 0xf0; return (a & 0x3c) | (a ^ 0xff);"),
                Arguments.of("unary minus and complement of u32 stay 32-bit", 1L, "u32 a = 5; return -a == 0xfffffffb && ~a == 0xfffffffa;"),
                Arguments.of("&& and || short-circuit their right operand", 0L,
                        "u32 calls = 0; u32 x = 0; if (x && calls++) {} if (1 || calls++) {} return calls;"),
                Arguments.of("! and || give 0 or 1", 1L, "u32 a = 0; return !a || a == 3;"),
                Arguments.of("?: evaluates the chosen branch", 40L, "u32 a = ctx->vcpu; return a == 3 ? 40 : 50;"),
                Arguments.of("if/else chains pick the matching arm", 1L,
                        "u32 r = ctx->exit_reason;\nif (r == HUP_EXIT_HLT) return 0;\nelse if (r == HUP_EXIT_EPT_VIOLATION) return 1;\nelse return 0;"),
                Arguments.of("a counted for loop sums", 45L, "u64 s = 0; for (u32 i = 0; i < N; i++) s += i; return s;"),
                Arguments.of("break and continue in a for loop", 30L,
                        "u64 s = 0;\nfor (u32 i = 0; i < 100; i++) {\n if (i % 2) continue;\n if (i > 10) break;\n s += i;\n}\nreturn s;"),
                Arguments.of("nested loops", 12L, "u32 c = 0; for (u32 i = 0; i < 4; i++) for (u32 j = 0; j < 3; j++) c++; return c;"),
                Arguments.of("context fields of 4 and 8 bytes", 4147L, "return ctx->vcpu + ctx->exit_reason + ctx->guest_rip;"),
                Arguments.of("a u64 field cast to s64 is negative", -16L, "return (s64) ctx->exit_qualification;"),
                Arguments.of("a helper's result comes back in r0", KTIME - 1000, "u64 t = hup_ktime_ns(); return t - 1000;"),
                Arguments.of("values live across a helper call survive it", 5 + KTIME * 2 + 3,
                        "u64 a = 5; return a + hup_ktime_ns() * 2 + ctx->vcpu;"),
                Arguments.of("helper arguments go in r1 and r2", 304L, "return hup_get_vcpu_reg(ctx->vcpu, HUP_REG_CR0);"),
                Arguments.of("more locals than registers use the stack", 21L,
                        "u32 a = 1, b = 2, c = 3; u64 d = 4; s16 e = 5; u8 g = 6; return a + b + c + d + e + g;"),
                Arguments.of("a loop whose counter lives on the stack still verifies", 1L,
                        "u32 a = 1, b = 2, c = 3; u32 s = 0;\nfor (u32 i = 0; i < 5; i++) s += a;\nreturn s == 5 && b + c == 5;"),
                Arguments.of("a helper call inside a condition keeps the other operand", 1L,
                        "u64 t = 7;\nreturn t + (hup_ktime_ns() & 0) == 7 && (ctx->vcpu < 4 || hup_ktime_ns() == 0);"),
                Arguments.of("compound assignments", 26L,
                        "u32 x = 10; x *= 3; x -= 4; x /= 2; x %= 5; x <<= 4; x >>= 1; x |= 1; x ^= 3; x &= 0xff; return x;"),
                Arguments.of("#define and ABI return codes", 1L, "return N > 5 ? HUP_VIOLATION : HUP_DEFAULT;"),
                Arguments.of("a u8 local wraps at 256", 4L, "u8 b = 250; b += 10; return b;"),
                Arguments.of("conversion to bool gives 1", 1L, "bool b = 42; return b;"),
                Arguments.of("postfix increment yields the old value", 56L, "u32 i = 5; u32 j = i++; return j * 10 + i;"),
                Arguments.of("C and stdint spellings of integer types", 0L,
                        "unsigned long long x = 1; unsigned int y = 2; int64_t z = -3; return x + y + z;"),
                Arguments.of("sizeof of types and expressions", 50L,
                        "u64 v = 0; return sizeof(struct hup_vm_exit_ctx) + sizeof(u16) + sizeof v;"),
                Arguments.of("comparison of u64 context fields", 1L, "return ctx->guest_cr3 > ctx->guest_rip && ctx->tsc == 1000000;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void computesTheSameResultOnBothEngines(String name, long expected, String body) {
        CompiledProgram p = compileOne(VM_EXIT + body + "\n}\n");
        for (EngineKind engine : EngineKind.values()) {
            RunResult r = p.run(engine, vmExitContext(), HELPERS);
            assertTrue(r.ok(), () -> engine + ": " + r.fault() + "\n" + p.listing());
            assertEquals(expected, r.r0(), () -> engine + " computed " + r.r0() + "\n" + p.listing());
        }
        if (expected == 0 || expected == 1) {
            List<SourceDiagnostic> errors = p.verify();
            assertTrue(errors.isEmpty(), () -> errors + "\n" + p.listing());
        }
    }

    static Stream<Arguments> wholePrograms() {
        String entry = "SEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n";
        return Stream.of(
                Arguments.of("a static inline function is inlined at each call", 1L, PRE
                        + "static inline u32 sq(u32 x) { return x * x; }\n" + entry
                        + "u64 s = 0;\nfor (u32 i = 0; i < N; i++) s += sq(i);\nreturn s == 285;\n}\n"),
                Arguments.of("an inlined function may return early", 13L, PRE
                        + "static u32 clamp(u32 x, u32 hi) {\n if (x > hi) return hi;\n return x;\n}\n" + entry
                        + "return clamp(ctx->exit_reason, 10) + clamp(3, 10);\n}\n"),
                Arguments.of("inlined functions may call each other and helpers", 1 + 2 * KTIME, PRE
                        + "static u64 twice(u64 v) { return v * 2; }\nstatic u64 now2(void) { return twice(hup_ktime_ns()); }\n" + entry
                        + "u64 a = 1;\nreturn a + now2();\n}\n"),
                Arguments.of("a loop in an inlined function keeps its own break", 1L, PRE
                        + "static u32 first_odd(u32 from) {\n for (u32 i = 0; i < 8; i++) { if ((from + i) & 1) return from + i; }\n return 0;\n}\n"
                        + entry + "u32 n = 0;\nfor (u32 k = 0; k < 3; k++) { if (first_odd(4) == 5) break; n++; }\nreturn n == 0;\n}\n"),
                Arguments.of("enum constants count on from the last explicit value", 1L, PRE
                        + "enum { A, B = 5, C };\n" + entry + "return A + B + C == 11;\n}\n"),
                Arguments.of("a typedef of an ABI type", 1L, PRE
                        + "typedef u16 port_t;\ntypedef struct hup_vm_exit_ctx exit_t;\nSEC(\"hyperupcall/vm_exit\")\n"
                        + "long f(exit_t *ctx) {\nport_t p = 0x12345;\nreturn p == 0x2345 && ctx->vcpu == 3;\n}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholePrograms")
    void compilesWholeUnitsThatRunOnBothEngines(String name, long expected, String src) {
        CompiledProgram p = compileOne(src);
        for (EngineKind engine : EngineKind.values()) {
            RunResult r = p.run(engine, vmExitContext(), HELPERS);
            assertTrue(r.ok(), () -> engine + ": " + r.fault() + "\n" + p.listing());
            assertEquals(expected, r.r0(), () -> engine + " computed " + r.r0() + "\n" + p.listing());
        }
        if (expected == 0 || expected == 1) {
            List<SourceDiagnostic> errors = p.verify();
            assertTrue(errors.isEmpty(), () -> errors + "\n" + p.listing());
        }
    }

    @Test
    void programsReturningArbitraryValuesAreOtherwiseVerifiable() {
        // Only the return value is out of range: the verifier reports that and nothing else.
        CompiledProgram p = compileOne(VM_EXIT + "u64 s = 0; for (u32 i = 0; i < N; i++) s += hup_ktime_ns() & 1; return s;\n}\n");
        List<SourceDiagnostic> errors = p.verify();
        assertEquals(1, errors.size(), () -> errors.toString());
        assertEquals("HUV-RETURN", errors.get(0).rule());
    }

    @Test
    void aGlobalEventProgramIsAcceptedByTheVerifier() {
        String src = PRE + "SEC(\"hyperupcall/page_reclaim\")\nlong r(struct hup_page_reclaim_ctx *ctx) {\n"
                + "  u64 odd = 0;\n  for (u32 i = 0; i < 8; i++) {\n    if ((ctx->gfn >> i) & 1) odd++;\n  }\n"
                + "  return odd > 2 ? HUP_PAGE_FREE : HUP_PAGE_IN_USE;\n}\n";
        CompiledProgram p = compileOne(src);
        assertEquals(Event.PAGE_RECLAIM, p.event());
        assertEquals(List.of(), p.verify());
        byte[] ctx = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0b1011).putLong(8, 1).array();
        for (EngineKind engine : EngineKind.values()) {
            assertEquals(1L, p.run(engine, ctx, Map.of()).r0(), engine.toString());
        }
    }

    @Test
    void aLocalHelperCallIsAcceptedByTheVerifier() {
        String src = PRE + "#define CR0_WP (1ULL << 16)\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "  if (ctx->exit_reason != HUP_EXIT_CR_ACCESS)\n    return HUP_DEFAULT;\n"
                + "  u64 cr0 = hup_get_vcpu_reg(ctx->vcpu, HUP_REG_CR0);\n  return (cr0 & CR0_WP) ? HUP_DEFAULT : HUP_VIOLATION;\n}\n";
        CompiledProgram p = compileOne(src);
        assertEquals(List.of(), p.verify(), p.listing());
        for (EngineKind engine : EngineKind.values()) {
            assertEquals(0L, p.run(engine, vmExitContext(), HELPERS).r0(), engine.toString());
        }
    }

    @Test
    void everySlotCarriesTheHucLineItCameFrom() {
        String src = VM_EXIT + "  u32 r = ctx->exit_reason;\n  if (r == 48)\n    return 1;\n  return 0;\n}\n";
        CompiledProgram p = compileOne(src);
        int[] lines = p.sourceLines();
        assertEquals(p.size(), lines.length);
        assertTrue(Arrays.stream(lines).allMatch(l -> l >= 4 && l <= 9), () -> Arrays.toString(lines));
        assertArrayEquals(new int[] {5, 6, 7, 8}, Arrays.stream(lines).filter(l -> l > 4).distinct().sorted().toArray(),
                () -> Arrays.toString(lines));
    }

    @Test
    void theElfObjectHasASectionPerEntryPoint() {
        String src = PRE + "SEC(\"hyperupcall/vm_exit\") long a(struct hup_vm_exit_ctx *ctx) { return HUP_DEFAULT; }\n"
                + "SEC(\"hyperupcall/page_mapping\") long b(struct hup_page_mapping_ctx *ctx) {\n"
                + "  return (ctx->access & HUP_ACCESS_WRITE) ? HUP_DENY : HUP_ALLOW;\n}\n";
        Compilation c = Compiler.compile("two.huc", src);
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        assertEquals(2, c.programs().size());
        byte[] elf = c.elf();
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(elf, 4));
        String text = new String(elf, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("hyperupcall/vm_exit") && text.contains("hyperupcall/page_mapping"));
        assertTrue(text.contains("\0a\0") && text.contains("\0b\0"), "entry symbols");
    }

    private static String example(String name) throws java.io.IOException {
        java.nio.file.Path repo = java.nio.file.Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
        return java.nio.file.Files.readString(repo.resolve("examples/huc").resolve(name));
    }

    @Test
    void theKernelProtectionExampleLinksItsExternsRunsAndVerifies() throws Exception {
        Compilation c = Compiler.compile("protect_kernel.huc", example("protect_kernel.huc"));
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        assertEquals(List.of("protect_mapping", "check_write_protect"), c.programs().stream().map(CompiledProgram::function).toList());
        CompiledProgram p = c.program("protect_mapping").orElseThrow();
        assertEquals(java.util.Set.of("kernel_text_start", "kernel_rodata_end"), p.externSymbols());
        String elf = new String(c.elf(), StandardCharsets.ISO_8859_1);
        assertTrue(elf.contains(".relhyperupcall/page_mapping") && elf.contains("kernel_text_start"), "relocations in the ELF object");

        long base = 0x2000_0000L;
        byte[] kernel = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0x100000).putLong(8, 0x200000).array();
        List<GuestMemory> memory = List.of(new GuestMemory("kernel", base, kernel, false));
        CompiledProgram linked = p.link(Map.of("kernel_text_start", base, "kernel_rodata_end", base + 8));
        assertEquals(List.of(), linked.verify(memory), linked.listing());
        for (EngineKind engine : EngineKind.values()) {
            for (long[] gpaAccessExpected : new long[][] {{0x150000, 2, 1}, {0x150000, 1, 0}, {0x300000, 2, 0}, {0x100000, 6, 1}}) {
                byte[] ctx = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0).putInt(4, (int) gpaAccessExpected[1])
                        .putLong(8, gpaAccessExpected[0]).array();
                RunResult r = linked.run(engine, ctx, Map.of(), memory);
                assertTrue(r.ok(), () -> engine + ": " + r.fault());
                assertEquals(gpaAccessExpected[2], r.r0(), () -> engine + " " + Arrays.toString(gpaAccessExpected));
            }
        }
    }

    @Test
    void anExternStructIsReadAndWrittenThroughItsFields() {
        String src = PRE + "extern struct hup_trace_ring trace_ring;\nSEC(\"hyperupcall/vm_exit\")\n"
                + "long f(struct hup_vm_exit_ctx *ctx) {\n  u64 head = trace_ring.head;\n  trace_ring.head = head + ctx->vcpu;\n"
                + "  return trace_ring.nr_records == 64;\n}\n";
        CompiledProgram p = compileOne(src);
        long base = 0x3000_0000L;
        byte[] ring = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 10).putInt(16, 64).putInt(20, 40).array();
        List<GuestMemory> memory = List.of(new GuestMemory("trace_ring", base, ring, true));
        CompiledProgram linked = p.link(Map.of("trace_ring", base));
        assertEquals(List.of(), linked.verify(memory), linked.listing());
        long head = 10;
        for (EngineKind engine : EngineKind.values()) {
            RunResult r = linked.run(engine, vmExitContext(), Map.of(), memory);
            assertEquals(1L, r.r0(), () -> engine + ": " + r);
            head += 3;
            assertEquals(head, ByteBuffer.wrap(ring).order(ByteOrder.LITTLE_ENDIAN).getLong(0), engine.toString());
        }
    }

    @Test
    void theTracingExampleWritesARecordIntoTheRingAndVerifies() throws Exception {
        Compilation c = Compiler.compile("trace_exits.huc", example("trace_exits.huc"));
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        CompiledProgram p = c.programs().get(0);
        assertEquals(java.util.Set.of("trace_ring", "trace_records"), p.externSymbols());
        long ringBase = 0x3000_0000L;
        long recordsBase = 0x3100_0000L;
        byte[] ring = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 4097).putInt(16, 4096).putInt(20, 40).array();
        byte[] records = new byte[4096 * 40];
        List<GuestMemory> memory = List.of(new GuestMemory("trace_ring", ringBase, ring, true),
                new GuestMemory("trace_records", recordsBase, records, true));
        CompiledProgram linked = p.link(Map.of("trace_ring", ringBase, "trace_records", recordsBase));
        assertEquals(List.of(), linked.verify(memory), linked.listing());
        RunResult r = linked.run(EngineKind.JIT, vmExitContext(), Map.of(), memory);
        assertTrue(r.ok(), () -> r.fault() + "\n" + linked.listing());
        ByteBuffer rec = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1_000_000L, rec.getLong(40), "tsc of record 1 (head 4097 wraps to slot 1)");
        assertEquals(3, rec.getInt(48), "vcpu");
        assertEquals(48, rec.getInt(52), "exit reason");
        assertEquals(4098L, ByteBuffer.wrap(ring).order(ByteOrder.LITTLE_ENDIAN).getLong(0), "head advanced");
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("address of a scalar local", "address", VM_EXIT + "u64 x = 0;\nhup_trace(&x, 8);\nreturn 0;\n}\n"),
                Arguments.of("string literal", "string", VM_EXIT + "hup_trace(\"x\", 1);\nreturn 0;\n}\n"),
                Arguments.of("whole-struct assignment", "whole struct", PRE + "struct pt { u32 x, y; };\nSEC(\"hyperupcall/vm_exit\")\n"
                        + "long f(struct hup_vm_exit_ctx *ctx) {\nstruct pt a = {1, 2};\nstruct pt b = {0};\nb = a;\nreturn b.x;\n}\n"),
                Arguments.of("bit-field", "bit-field", PRE + "struct flags { u32 a : 3; };\nSEC(\"hyperupcall/vm_exit\")\n"
                        + "long f(struct hup_vm_exit_ctx *ctx) {\nstruct flags *p = (struct flags *) 0;\nreturn p->a;\n}\n"),
                Arguments.of("array initialized from an expression", "initializing an array",
                        VM_EXIT + "u32 a[2] = ctx->vcpu;\nreturn 0;\n}\n"));
    }

    @ParameterizedTest(name = "{0} is reported as unsupported")
    @MethodSource("unsupported")
    void unsupportedConstructsGiveADiagnosticNotAnException(String name, String word, String src) {
        Compilation c = Compiler.compile("u.huc", src);
        assertTrue(c.programs().isEmpty(), name);
        SourceDiagnostic d = c.diagnostics().stream().filter(x -> HucRule.UNSUPPORTED.id().equals(x.rule())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": " + c.diagnostics()));
        assertTrue(d.line() >= 3, () -> d.format());
        assertTrue(d.message().contains(word), () -> d.format());
        assertTrue(d.format().startsWith("u.huc:" + d.line() + ":"), () -> d.format());
    }

    @ParameterizedTest(name = "odd but legal code compiles: {0}")
    @MethodSource("oddPrograms")
    void oddButLegalCodeCompilesAndRuns(String name, long expected, String body) {
        computesTheSameResultOnBothEngines(name, expected, body);
    }

    static Stream<Arguments> oddPrograms() {
        return Stream.of(
                Arguments.of("an empty body returns 0", 0L, ""),
                Arguments.of("a discarded helper result", 1L, "(void) hup_ktime_ns();\nhup_ktime_ns();\nreturn 1;"),
                Arguments.of("shadowing in a nested block", 1L, "u32 x = 1;\n{ u32 x = 2; x++; }\nreturn x;"),
                Arguments.of("code after return is dropped", 0L, "return 0;\nu32 y = 5;\nreturn y;"),
                Arguments.of("both arms of an if return", 1L, "if (ctx->vcpu) return 1; else return 0;"),
                Arguments.of("nested conditionals", 1L, "u32 v = ctx->vcpu;\nreturn v > 5 ? 0 : v > 2 ? (v == 3) : 0;"),
                Arguments.of("a for loop with a counter declared before it", 1L,
                        "u32 i; u32 j = 0;\nfor (i = 0; i < 4; i++) j += 2;\nreturn i == 4 && j == 8;"),
                Arguments.of("character constants", 1L, "return 'a' == 97 && '\\n' == 10;"),
                Arguments.of("hex, octal and suffixed literals", 1L, "return 0x10 + 010 + 1UL + 2u + 3L == 30;"));
    }

    static Stream<Arguments> typeErrors() {
        return Stream.of(
                Arguments.of("an unknown member", "nope", VM_EXIT + "return ctx->nope;\n}\n"),
                Arguments.of("an undefined union", "union u", VM_EXIT + "union u *p;\nreturn 0;\n}\n"),
                Arguments.of("a constant index past the end of an array", "outside", VM_EXIT + "u32 a[4] = {0};\nreturn a[4];\n}\n"),
                Arguments.of("a shift by the width of the type", "shift count", VM_EXIT + "u32 a = ctx->vcpu;\nreturn a << 32;\n}\n"),
                Arguments.of("a duplicate case", "duplicate case", VM_EXIT + "switch (ctx->vcpu) { case 1: case 1: return 1; }\nreturn 0;\n}\n"),
                Arguments.of("assigning the context pointer", "context pointer", VM_EXIT + "ctx = 0;\nreturn 0;\n}\n"),
                Arguments.of("a constant division by zero", "division by zero", VM_EXIT + "return 1 / 0;\n}\n"),
                Arguments.of("adding two pointers", "two pointers", VM_EXIT + "u8 *p = (u8 *) ctx;\nreturn p + p != 0;\n}\n"),
                Arguments.of("indexing an integer", "'[]' needs", VM_EXIT + "u32 a = 1;\nreturn a[0];\n}\n"),
                Arguments.of("a struct local too big for the stack", "does not fit", VM_EXIT + "u64 big[100];\nreturn 0;\n}\n"),
                Arguments.of("a variable-length array", "constant expression", VM_EXIT + "u32 n = ctx->vcpu;\nu32 a[n];\nreturn 0;\n}\n"),
                Arguments.of("a program over the instruction limit", "over the limit of 4096",
                        VM_EXIT + "u64 s = ctx->tsc;\n" + "s = s * 3 + ctx->vcpu;\n".repeat(1400) + "return s;\n}\n"));
    }

    @ParameterizedTest(name = "a type error is reported at its line: {0}")
    @MethodSource("typeErrors")
    void typeErrorsAreReportedAtTheirLine(String name, String word, String src) {
        Compilation c = Compiler.compile("t.huc", src);
        assertFalse(c.ok(), name);
        SourceDiagnostic d = c.diagnostics().get(0);
        assertTrue(d.line() >= 3, d.format()); // the statement, or the entry point for whole-program limits
        assertTrue(d.message().contains(word), d.format());
        assertTrue(d.rule().startsWith("HUC-"), d.format());
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                Arguments.of("a constant that does not fit a u8", "HUC-CONSTANT-CONVERSION", "changes value from 300 to 44",
                        VM_EXIT + "u8 x = 0;\nx = 300;\nreturn x;\n}\n"),
                Arguments.of("a constant that does not fit an s8", "HUC-CONSTANT-CONVERSION", "from 200 to -56",
                        VM_EXIT + "u32 y = ctx->vcpu;\ns8 x = 200;\nreturn x + y;\n}\n"),
                Arguments.of("a signed int compared with a u32", "HUC-SIGN-COMPARE", "different signs",
                        VM_EXIT + "s32 a = ctx->vcpu;\nif (a < ctx->exit_reason) return 1;\nreturn 0;\n}\n"),
                Arguments.of("a negative constant compared with a u64", "HUC-SIGN-COMPARE", "different signs",
                        VM_EXIT + "u64 b = ctx->tsc;\nreturn b > -1;\n}\n"));
    }

    @ParameterizedTest(name = "a warning like a C compiler's: {0}")
    @MethodSource("warnings")
    void suspiciousConversionsGiveAWarningAtTheirLineAndStillCompile(String name, String rule, String words, String src) {
        Compilation c = Compiler.compile("w.huc", src);
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        assertEquals(1, c.programs().size());
        SourceDiagnostic d = c.diagnostics().stream().filter(x -> !x.error()).findFirst()
                .orElseThrow(() -> new AssertionError("no warning: " + c.diagnostics()));
        assertEquals(rule, d.rule(), d.format());
        assertEquals(6, d.line(), d.format());
        assertTrue(d.message().contains(words), d.format());
        assertTrue(d.format().contains("warning"), d.format());
    }

    @Test
    void ordinaryCodeGivesNoWarning() {
        Compilation c = Compiler.compile("w.huc", VM_EXIT + "u32 x = -1;\nu8 b = 255;\ns8 m = -128;\nu32 s = 0;\n"
                + "for (u32 i = 0; i < N; i++) s += i;\nreturn (s > 10) + (x != 0) + (b == 255) + (m < 0) + (ctx->vcpu < 5);\n}\n");
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        assertEquals(List.of(), c.diagnostics());
    }

    @Test
    void typeErrorsNameTheRuleAndThePlace() {
        Compilation c = Compiler.compile("t.huc", VM_EXIT + "return ctx->nope;\n}\n");
        assertFalse(c.ok());
        SourceDiagnostic d = c.diagnostics().get(0);
        assertEquals(HucRule.TYPE.id(), d.rule(), d.format());
        assertEquals(5, d.line(), d.format());
        assertTrue(d.message().contains("nope"), d.format());
    }

    @Test
    void oneUnsupportedEntryPointDoesNotStopTheOthers() {
        String src = PRE + "SEC(\"hyperupcall/vm_exit\") long a(struct hup_vm_exit_ctx *ctx) { switch (1) { } return 0; }\n"
                + "SEC(\"hyperupcall/page_mapping\") long b(struct hup_page_mapping_ctx *ctx) { return HUP_ALLOW; }\n";
        src = src.replace("switch (1) { }", "hup_trace(\"s\", 1);");
        Compilation c = Compiler.compile("m.huc", src);
        assertEquals(List.of("b"), c.programs().stream().map(CompiledProgram::function).toList());
        assertEquals(1, c.diagnostics().size(), () -> c.diagnostics().toString());
    }

    private static CompiledProgram compileOne(String src) {
        Compilation c = Compiler.compile("t.huc", src);
        assertTrue(c.ok(), () -> c.diagnostics().stream().map(SourceDiagnostic::format).toList() + "\n" + src);
        assertEquals(1, c.programs().size());
        return c.programs().get(0);
    }
}
