package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.nodemodel.INode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every construct of the dialect parses; broken text gets a syntax error on the right line. */
class ParserTest {
    static Stream<Arguments> constructs() {
        return Stream.of(
                Arguments.of("include and define", "#include \"hyperupcall.h\"\n#define MAX_VCPUS 64\n#define MASK (MAX_VCPUS - 1)\n"),
                Arguments.of("struct", "struct pair { u32 a; u64 b; u8 bytes[16]; struct pair *next; };"),
                Arguments.of("union", "union v { u64 raw; u32 half[2]; };"),
                Arguments.of("bit fields", "struct f { u32 a : 3; u32 b : 29; };"),
                Arguments.of("enum", "enum state { IDLE, RUNNING = 4, DONE, };"),
                Arguments.of("typedef", "typedef u64 gva_t;\ntypedef struct { u32 x; } point_t;"),
                Arguments.of("stdint spellings", "uint64_t a(uint32_t x, int8_t y, uint8_t *p) { return x + y + *p; }"),
                Arguments.of("extern", "extern struct page mem_map[];\nextern u8 cpu_tlbstate[];\nextern const u64 jiffies;"),
                Arguments.of("entry point", "SEC(\"hyperupcall/vm_exit\") long trace(struct hup_vm_exit_ctx *ctx) { return 0; }"),
                Arguments.of("static inline function", "static inline u32 min(u32 a, u32 b) { return a < b ? a : b; }"),
                Arguments.of("prototype", "static long helper(void);\nlong f(u32, u64 *);"),
                Arguments.of("locals and initializers", "long f(void) { u32 a = 1, b, *p = &a; u64 arr[4] = {1, 2}; struct pair s = {.a = 1, .b = 2}; return a; }"),
                Arguments.of("if else", "long f(u32 x) { if (x) return 1; else if (x > 2) { return 2; } else return 3; }"),
                Arguments.of("dangling else", "long f(u32 x, u32 y) { if (x) if (y) return 1; else return 2; return 0; }"),
                Arguments.of("switch", "long f(u32 x) { switch (x) { case 1: case 2: return 1; case 3: { break; } default: return 0; } return 2; }"),
                Arguments.of("for loops", "long f(void) { u64 s = 0; for (u32 i = 0; i < 16; i++) s += i; for (;;) break; for (s = 0; s < 3; s++) {} return s; }"),
                Arguments.of("while and do", "long f(u32 n) { while (n > 0) { n--; if (n == 3) continue; } do { n++; } while (n < 10); return n; }"),
                Arguments.of("every operator", "long f(u64 a, u64 b) { a = a + b - a * b / (b | 1) % 7; a = (a << 3) >> 1; a = a & b | a ^ b; "
                        + "a = ~a; a = !a && b || a; a = a == b != (a < b) < (a > b) <= (a >= b); a += 1; a -= 1; a *= 2; a /= 2; a %= 5; "
                        + "a &= 3; a |= 4; a ^= 1; a <<= 2; a >>= 1; a = -a; a = +a; a++; a--; ++a; --a; return a ? a : b; }"),
                Arguments.of("pointers and members", "long f(struct pair *p) { struct pair s; u64 *q = &p->b; s.a = p->a; *q = s.b; p = p->next; return p[0].a; }"),
                Arguments.of("casts", "long f(u64 x, void *p) { u32 y = (u32) x; struct page *pg = (struct page *) x; my_t *m = (my_t *) p; return (s64)(u8) y; }"),
                Arguments.of("sizeof", "long f(void) { struct page pg; return sizeof(struct page) + sizeof pg + sizeof(u64 *) + sizeof(pg.flags); }"),
                Arguments.of("helper call", "long f(struct hup_vm_exit_ctx *ctx) { u64 rec[2]; hup_trace(rec, sizeof(rec)); return hup_vcpu_is_running(ctx->vcpu); }"),
                Arguments.of("comments and continuation", "/* block */ // line\n#define LONG_MACRO (1 + \\\n 2)\n"),
                Arguments.of("char and bool literals", "long f(void) { u8 c = 'a'; u8 n = '\\n'; bool t = true; return c + n + t + false; }"),
                Arguments.of("number literals", "long f(void) { return 0x10 + 0XffULL + 10u + 7L + 0; }"),
                Arguments.of("parenthesised names", "long f(u64 x) { return (x) - 1 + (x) * 2; }"),
                // Parsed so that the validators can reject them with a rule id:
                Arguments.of("function pointer (rejected later)", "long f(void) { long (*fp)(u32); return 0; }"),
                Arguments.of("inline asm (rejected later)", "long f(void) { asm volatile(\"nop\" : : \"r\"(1)); return 0; }"),
                Arguments.of("float (rejected later)", "long f(void) { double d = 1.5; float g = 2.0f; return 0; }"),
                Arguments.of("global variable (rejected later)", "static u64 counter;\nu32 table[4] = {1, 2, 3, 4};"),
                Arguments.of("goto (rejected later)", "long f(void) { goto out; out: return 0; }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void parsesEveryConstructOfTheDialect(String name, String text) {
        IParseResult result = Huc.parse(text);
        List<String> errors = Huc.syntaxErrors(result);
        assertTrue(errors.isEmpty(), () -> name + ": " + errors);
    }

    static Stream<java.nio.file.Path> examples() throws java.io.IOException {
        java.nio.file.Path repo = java.nio.file.Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
        try (Stream<java.nio.file.Path> s = java.nio.file.Files.list(repo.resolve("examples/huc"))) {
            return s.filter(p -> p.toString().endsWith(".huc")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesTheExamples(java.nio.file.Path file) throws java.io.IOException {
        List<String> errors = Huc.syntaxErrors(Huc.parse(java.nio.file.Files.readString(file)));
        assertTrue(errors.isEmpty(), () -> file.getFileName() + ": " + errors);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("missing semicolon", "long f(void) {\n  u32 x = 1\n  return x;\n}", 3),
                Arguments.of("unbalanced brace", "long f(void) {\n  if (1) {\n    return 0;\n}\n", 4),
                Arguments.of("bad expression", "long f(void) {\n  return 1 + * ;\n}", 2),
                Arguments.of("stray token at top level", "struct s { u32 a; };\n)\n", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void reportsASyntaxErrorOnTheRightLine(String name, String text, int line) {
        IParseResult result = Huc.parse(text);
        assertTrue(result.hasSyntaxErrors(), name);
        INode first = result.getSyntaxErrors().iterator().next();
        assertEquals(line, first.getStartLine(), () -> name + ": " + first.getSyntaxErrorMessage().getMessage());
        assertFalse(first.getSyntaxErrorMessage().getMessage().isBlank());
    }
}
