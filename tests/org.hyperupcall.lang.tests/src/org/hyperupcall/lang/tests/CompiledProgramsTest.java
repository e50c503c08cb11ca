package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Event;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.GuestMemory;
import org.hyperupcall.lang.compiler.RunResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HUC programs compiled and run on both engines with a vm_exit context (vcpu 3, exit reason 48,
 * exit qualification -16, guest rip 0x1000, guest cr3 0xabc000, tsc 1000000) and registered guest
 * memory: {@code table} (16 u64, table[i] = 11 i), {@code stats} (struct counters, exits = 41) and
 * {@code bytes} (32 bytes 0..31). Each program's result is checked on both engines, and the
 * linked program is checked by the verifier: it accepts it, or reports only that it cannot prove the
 * return value one of the event's return codes (most of these programs return computed values).
 */
class CompiledProgramsTest {
    static final String PRE = """
            #include "hyperupcall.h"
            #define N 10
            struct pt { s32 x; s32 y; };
            struct rec { u8 tag; u64 value; u16 small[3]; };
            union u { u64 all; u32 half[2]; u8 bytes[8]; };
            struct counters { u64 exits; u32 last_reason; u32 pad; };
            typedef struct pt pt_t;
            const u32 LIMIT = 7;
            extern u64 table[16];
            extern struct counters stats;
            extern u8 bytes[32];
            static inline s32 dot(struct pt *a, struct pt *b) { return a->x * b->x + a->y * b->y; }
            static inline u64 mad(u64 a, u64 b, u64 c) { return a * b + c; }
            static inline u32 bump(u32 x) { x += 1; return x; }
            static inline void put(u32 *p, u32 v) { *p = v; }
            static inline u32 classify(u32 r) { switch (r) { case 10: return 1; case 48: return 2; } return 0; }
            static inline u32 add(u32 a, u32 b) { return a + b; }
            static inline bool even(u32 x) { return (x & 1) == 0; }
            SEC("hyperupcall/vm_exit")
            long f(struct hup_vm_exit_ctx *ctx) {
            """;
    static final long TABLE = 0x4000_0000L;
    static final long STATS = 0x4100_0000L;
    static final long BYTES = 0x4200_0000L;
    static final Map<String, ToLongFunction<long[]>> HELPERS = Map.of(
            "hup_ktime_ns", a -> 123_456_789L,
            "hup_get_vcpu_reg", a -> a[0] * 100 + a[1]);

    static byte[] context() {
        ByteBuffer b = ByteBuffer.allocate(Event.VM_EXIT.context().size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 3).putInt(4, 48).putLong(8, -16L).putLong(16, 0x1000).putLong(24, 0xabc000).putLong(32, 1_000_000);
        return b.array();
    }

    static List<GuestMemory> memory() {
        ByteBuffer table = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            table.putLong(8 * i, 11L * i);
        }
        byte[] stats = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 41).array();
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) i;
        }
        return List.of(new GuestMemory("table", TABLE, table.array(), true), new GuestMemory("stats", STATS, stats, true),
                new GuestMemory("bytes", BYTES, bytes, false));
    }

    static Stream<Arguments> programs() {
        return Stream.of(
                // C's arithmetic
                Arguments.of("s8 operands are promoted to int before adding", -200L, "s8 a = -100; s8 b = -100; int c = a + b; return c;"),
                Arguments.of("u16 operands multiply as int", 90000L, "u16 a = 300; u16 b = 300; u32 c = a * b; return c;"),
                Arguments.of("a u16 result truncates on assignment", 24464L, "u16 a = 300; a = a * a; return a;"),
                Arguments.of("a negative s16 converts to u64 sign-extended", 1L, "s16 a = -2; u64 b = a; return b == 0xfffffffffffffffeULL;"),
                Arguments.of("a u32 converts to s64 unchanged", 4294967295L, "u32 a = 0xffffffff; s64 b = a; return b;"),
                Arguments.of("s32 -1 converts to u64 all ones", 1L, "s32 a = -1; u64 b = a; return b == 0xffffffffffffffffULL;"),
                Arguments.of("signed remainder with a negative divisor", 1L, "s32 a = 7 + ctx->vcpu - 3; s32 b = -3; return a % b;"),
                Arguments.of("s64 division of two negatives", 4L, "s64 a = -9 - (s32) ctx->vcpu + 3; s64 b = -2; return a / b;"),
                Arguments.of("unsigned remainder by a power of two", 5L, "u32 a = ctx->exit_reason; return (a + 5) % 16;"),
                Arguments.of("unsigned division by a power of two", 976L, "u64 a = ctx->tsc; return a / 1024;"),
                Arguments.of("multiplication by a power of two", 24L, "u32 a = ctx->vcpu; return a * 8;"),
                Arguments.of("signed division by two rounds toward zero", -4L, "s32 a = -(s32) ctx->vcpu * 3; return a / 2;"),
                Arguments.of("s32 addition overflows to a negative value", 1L, "s32 a = 0x7fffffff; a += ctx->vcpu; return a < 0;"),
                Arguments.of("u8 operands compare as ints", 1L, "u8 a = 200; u8 b = 100 + ctx->vcpu - 3; return a + b > 255;"),
                Arguments.of("a u8 sum wraps on assignment", 44L, "u8 a = 200; u8 b = 100 + ctx->vcpu - 3; u8 c = a + b; return c;"),
                Arguments.of("xor swap", 4803L, "u32 a = ctx->vcpu, b = ctx->exit_reason; a ^= b; b ^= a; a ^= b; return a * 100 + b;"),
                Arguments.of("negation of a u64", 1L, "u64 a = ctx->vcpu; return -a == 0xfffffffffffffffdULL;"),
                Arguments.of("complement of an s32", -4L, "s32 a = ctx->vcpu; return ~a;"),
                Arguments.of("shift by a variable amount", 1L << 30, "u64 one = 1; u32 s = ctx->vcpu; return one << (s * 10);"),
                Arguments.of("arithmetic right shift by a variable", -2L, "s64 a = (s64) ctx->exit_qualification; return a >> ctx->vcpu;"),
                Arguments.of("logical right shift of a u64 field", 15L, "return ctx->exit_qualification >> 60;"),
                Arguments.of("s64 -1 against a u64 compares unsigned", 0L, "s64 a = -1; u64 b = ctx->vcpu; return a < b;"),
                Arguments.of("int against s64 compares signed", 1L, "int a = -1; s64 b = ctx->vcpu; return a < b;"),
                Arguments.of("?: with int branches gives -1", -1L, "u32 v = ctx->vcpu; s64 r = v > 2 ? -1 : 1; return r;"),
                Arguments.of("?: inside arithmetic", 12L, "return (ctx->vcpu == 3 ? 10 : 20) + (ctx->exit_reason == 1 ? 1 : 2);"),
                Arguments.of("the comma operator", 15L, "u32 a = ctx->vcpu - 2; u32 b = (a += 2, a * 5); return b;"),
                Arguments.of("pre-decrement", 22L, "u32 a = ctx->vcpu; u32 b = --a; return a * 10 + b;"),
                Arguments.of("post-decrement", 23L, "u32 a = ctx->vcpu; u32 b = a--; return a * 10 + b;"),
                Arguments.of("a chain of &&", 1L, "u32 v = ctx->vcpu; return v > 1 && v < 5 && v != 4;"),
                Arguments.of("|| skips its right side", 10L, "u32 n = 0; if (ctx->vcpu == 3 || n++) n += 10; return n;"),
                Arguments.of("! of a null pointer", 1L, "u8 *p = 0; return !p;"),
                Arguments.of("a bool from a comparison", 2L, "bool b = ctx->vcpu > 2; return b + b;"),
                Arguments.of("bools in arithmetic", 2L, "bool a = ctx->vcpu; bool b = 0; return a + b + (a && !b);"),
                Arguments.of("a global const scalar", 10L, "return ctx->vcpu + LIMIT;"),
                // bounded loops
                Arguments.of("a loop counting down", 55L, "u32 s = 0; for (s32 i = 10; i > 0; i--) s += i; return s;"),
                Arguments.of("a loop counting in steps of 3", 10L, "u32 c = 0; for (u32 i = 0; i < 30; i += 3) c++; return c;"),
                Arguments.of("a loop returning early", 7L, "for (u32 i = 0; i < 100; i++) { if (i * i > ctx->exit_reason) return i; } return 0;"),
                Arguments.of("a loop up to and including a #define", 55L, "u32 s = 0; for (u32 i = 1; i <= N; i++) s += i; return s;"),
                Arguments.of("break leaves only the inner loop", 10L,
                        "u32 c = 0; for (u32 i = 0; i < 4; i++) { for (u32 j = 0; j < 4; j++) { if (j > i) break; c++; } } return c;"),
                Arguments.of("continue in a nested loop", 13L,
                        "u32 c = 0; for (u32 i = 0; i < 5; i++) for (u32 j = 0; j < 5; j++) { if ((i + j) % 2) continue; c++; } return c;"),
                Arguments.of("a helper call in each iteration", 600L, "u64 s = 0; for (u32 i = 0; i < 4; i++) s += hup_get_vcpu_reg(i, 0); return s;"),
                Arguments.of("a population count loop", 7L,
                        "u32 c = 0; u64 v = ctx->guest_cr3; for (u32 i = 0; i < 64; i++) { c += v & 1; v >>= 1; } return c;"),
                Arguments.of("a loop with a 64-bit counter", 10L, "u64 s = 0; for (u64 i = 0; i < 5; i++) s += i << 32; return s >> 32;"),
                // switch
                Arguments.of("switch picks the matching case", 2L, "switch (ctx->exit_reason) { case 10: return 1; case 48: return 2; default: return 3; }"),
                Arguments.of("switch falls through to the next case", 11L,
                        "u32 r = 0; switch (ctx->vcpu) { case 3: r += 1; case 4: r += 10; break; case 5: r += 100; } return r;"),
                Arguments.of("default may come first", 7L,
                        "u32 r = 0; switch (ctx->vcpu) { case 1: r = 1; break; default: r = 7; break; case 2: r = 2; } return r;"),
                Arguments.of("no matching case and no default", 5L, "u32 r = 5; switch (ctx->vcpu) { case 1: r = 1; } return r;"),
                Arguments.of("case labels from hyperupcall.h", 9L,
                        "switch (ctx->exit_reason) { case HUP_EXIT_CPUID: return 1; case HUP_EXIT_EPT_VIOLATION: return 9; } return 0;"),
                Arguments.of("break in a switch inside a loop leaves the switch, continue the loop", 422L,
                        "u32 s = 0; for (u32 i = 0; i < 6; i++) { switch (i % 3) { case 0: continue; case 1: s += 1; break; default: s += 10; } s += 100; } return s;"),
                Arguments.of("several labels on one case", 5L, "switch (ctx->vcpu) { case 1: case 2: case 3: return 5; } return 0;"),
                Arguments.of("switch on a negative value", 1L, "s32 v = -(s32) ctx->vcpu; switch (v) { case -3: return 1; case 3: return 2; } return 0;"),
                // arrays on the stack
                Arguments.of("a local array filled and summed in loops", 140L,
                        "u32 a[8]; for (u32 i = 0; i < 8; i++) a[i] = i * i; u32 s = 0; for (u32 i = 0; i < 8; i++) s += a[i]; return s;"),
                Arguments.of("an initializer list zero-fills the rest", 11L, "u32 a[4] = {5, 6}; return a[0] + a[1] + a[2] + a[3];"),
                Arguments.of("designated array initializers", 17L, "u64 a[4] = {[2] = 7, [0] = 1}; return a[0] * 10 + a[2] + a[3];"),
                Arguments.of("an index outside the array ends with the default return code", 0L,
                        "u32 a[4] = {1, 2, 3, 4}; u32 i = ctx->vcpu + 2; return a[i] + 100;"),
                Arguments.of("a variable index inside the array", 4L, "u32 a[4] = {1, 2, 3, 4}; return a[ctx->vcpu];"),
                Arguments.of("a pointer into a local array", 9L, "u32 a[4] = {1, 2, 3, 4}; u32 *p = &a[1]; return *p + p[1] + *(p + 2);"),
                Arguments.of("pointer difference counts elements", 5L, "u64 a[8] = {0}; u64 *p = &a[6]; u64 *q = &a[1]; return p - q;"),
                Arguments.of("a pointer walking an array", 1234L,
                        "u8 a[4] = {1, 2, 3, 4}; u8 *p = a; u32 s = 0; for (u32 i = 0; i < 4; i++) { s = s * 10 + *p; p++; } return s;"),
                Arguments.of("a two-dimensional array", 15L,
                        "u32 m[3][4] = {0}; for (u32 i = 0; i < 3; i++) for (u32 j = 0; j < 4; j++) m[i][j] = i * 4 + j; return m[2][3] + m[1][0];"),
                Arguments.of("s8 elements sign-extend", -5L, "s8 a[2] = {-5, 3}; s64 x = a[0]; return x;"),
                Arguments.of("sizeof an array and of an element", 22L, "u16 a[10]; return sizeof a + sizeof a[0];"),
                // structs and unions
                Arguments.of("a struct local with an initializer list", 25L, "struct pt p = {3, -4}; return p.x * p.x + p.y * p.y;"),
                Arguments.of("struct members are aligned", 24L, "return sizeof(struct rec);"),
                Arguments.of("designated struct initializers", 209L, "struct rec r = {.value = 9, .tag = 2}; return r.tag * 100 + r.value + r.small[2];"),
                Arguments.of("an array member of a struct", 321L,
                        "struct rec r = {0}; for (u32 i = 0; i < 3; i++) r.small[i] = i + 1; return r.small[0] + r.small[1] * 10 + r.small[2] * 100;"),
                Arguments.of("a pointer to a struct local", 13L, "struct pt p = {1, 2}; struct pt *q = &p; q->x += 10; return p.x + q->y;"),
                Arguments.of("a union views the same bytes", 1L,
                        "union u v = {0}; v.all = 0x1122334455667788; return v.half[1] == 0x11223344 && v.bytes[0] == 0x88;"),
                Arguments.of("an array of structs", 44L,
                        "struct pt ps[3] = {{1, 2}, {3, 4}, {5, 6}}; s32 s = 0; for (u32 i = 0; i < 3; i++) s += ps[i].x * ps[i].y; return s;"),
                Arguments.of("a typedef of a user struct", 1L, "pt_t p = {7, 8}; return p.y - p.x;"),
                Arguments.of("structs passed by pointer to an inline function", 11L, "struct pt a = {1, 2}; struct pt b = {3, 4}; return dot(&a, &b);"),
                Arguments.of("sizeof a union", 8L, "return sizeof(union u);"),
                // registered guest memory
                Arguments.of("an extern array at a constant index", 33L, "return table[3];"),
                Arguments.of("an extern array summed in a loop", 1320L, "u64 s = 0; for (u32 i = 0; i < 16; i++) s += table[i]; return s;"),
                Arguments.of("an extern array written at a checked index", 143L, "u32 i = ctx->vcpu; table[i] = 99; return table[i] + table[i + 1];"),
                Arguments.of("an extern index out of bounds ends with the default", 0L, "return table[ctx->exit_reason] + 1;"),
                Arguments.of("a pointer into extern memory", 27L, "u64 *p = &table[2]; p[1] = 5; return *p + table[3];"),
                Arguments.of("the fields of an extern struct", 42L, "stats.exits += 1; stats.last_reason = ctx->exit_reason; return stats.exits;"),
                Arguments.of("extern bytes read through a cast pointer", 0x07060504L, "u32 *w = (u32 *) &bytes[4]; return *w;"),
                // inline functions
                Arguments.of("an inline function of three parameters", 17L, "return mad(ctx->vcpu, 4, 5);"),
                Arguments.of("inline function parameters are copies", 56L, "u32 a = 5; u32 b = bump(a); return a * 10 + b;"),
                Arguments.of("a void inline function writing through a pointer", 9L, "u32 a[2] = {0}; put(&a[1], 9); return a[1];"),
                Arguments.of("an inline function with a switch, called in a loop", 6L,
                        "u32 s = 0; for (u32 i = 0; i < 3; i++) s += classify(ctx->exit_reason); return s;"),
                Arguments.of("inline calls as arguments of inline calls", 10L, "return add(add(1, 2), add(ctx->vcpu, 4));"),
                Arguments.of("an inline function returning bool", 2L, "return even(ctx->exit_reason) * 2 + even(ctx->vcpu);"),
                // registers
                Arguments.of("more live values than registers spill to the stack", 502L,
                        "u64 a = ctx->vcpu, b = a + 1, c = b + 1, d = c + 1, e = d + 1, g = e + 1, h = g + 1, i = h + 1, j = i + 1, k = j + 1, l = k + 1, m = l + 1;\n"
                                + "return a * b + c * d + e * g + h * i + j * k + l * m;"),
                Arguments.of("values live across several helper calls", 12259955L,
                        "u64 a = ctx->vcpu, b = ctx->exit_reason, c = ctx->guest_rip, d = ctx->tsc, e = ctx->guest_cr3;\n"
                                + "u64 t = hup_ktime_ns(); u64 t2 = hup_ktime_ns(); return a + b + c + d + e + (t2 - t);"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void theProgramComputesTheSameOnBothEngines(String name, long expected, String body) {
        String src = PRE + body + "\n}\n";
        Compilation c = Compiler.compile("p.huc", src);
        assertTrue(c.ok(), () -> c.diagnostics().stream().map(SourceDiagnostic::format).toList().toString());
        CompiledProgram p = c.programs().get(0);
        CompiledProgram linked = p.link(Map.of("table", TABLE, "stats", STATS, "bytes", BYTES));
        for (EngineKind engine : EngineKind.values()) {
            RunResult r = linked.run(engine, context(), HELPERS, memory());
            assertTrue(r.ok(), () -> engine + ": " + r.fault() + "\n" + linked.listing());
            assertEquals(expected, r.r0(), () -> engine + " computed " + r.r0() + "\n" + linked.listing());
        }
        // The verifier accepts every program, except that it may not prove the return value a valid code.
        List<SourceDiagnostic> errors = linked.verify(memory()).stream()
                .filter(d -> !d.rule().equals("HUV-RETURN")).toList();
        assertTrue(errors.isEmpty(), () -> errors + "\n" + linked.listing());
    }
}
