package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each source-level rule: the text breaks it, the error carries the rule id, the line and a hint. */
class ValidationTest {
    private static final String PRE = "#include \"hyperupcall.h\"\n";

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("HUC-FUNCPTR", 3, "function pointer variable", "long f(void) {\n  u32 x = 0;\n  long (*fp)(u32);\n  return 0;\n}"),
                Arguments.of("HUC-FUNCPTR", 2, "indirect call", "long f(void) {\n  return (*(long *) 0)(1);\n}"),
                Arguments.of("HUC-ASM", 2, "inline asm", "long f(void) {\n  asm volatile(\"nop\");\n  return 0;\n}"),
                Arguments.of("HUC-FLOAT", 2, "double variable", "long f(void) {\n  double d;\n  return 0;\n}"),
                Arguments.of("HUC-FLOAT", 2, "float literal", "long f(void) {\n  return 1.5;\n}"),
                Arguments.of("HUC-GLOBAL", 1, "mutable global", "u64 counter;\nlong f(void) { return 0; }"),
                Arguments.of("HUC-GLOBAL", 2, "static local", "long f(void) {\n  static u32 calls;\n  return 0;\n}"),
                Arguments.of("HUC-GOTO", 2, "goto", "long f(void) {\n  goto out;\nout:\n  return 0;\n}"),
                Arguments.of("HUC-LOOP", 3, "while loop", "long f(u64 n) {\n  u64 s = 0;\n  while (n--)\n    s++;\n  return s;\n}"),
                Arguments.of("HUC-LOOP", 2, "do loop", "long f(u64 n) {\n  do { n--; } while (n);\n  return n;\n}"),
                Arguments.of("HUC-LOOP", 2, "bound read from the context", "long f(struct hup_page_reclaim_ctx *ctx) {\n  for (u64 i = 0; i < ctx->nr_pages; i++) {}\n  return 0;\n}"),
                Arguments.of("HUC-LOOP", 2, "counter changed in the body", "long f(void) {\n  for (u32 i = 0; i < 10; i++) { i = 0; }\n  return 0;\n}"),
                Arguments.of("HUC-LOOP", 2, "step away from the bound", "long f(void) {\n  for (u32 i = 0; i < 10; i--) {}\n  return 0;\n}"),
                Arguments.of("HUC-RECURSION", 2, "self recursion", "static long f(u32 n) {\n  return n ? f(n - 1) : 0;\n}\n"
                        + "SEC(\"hyperupcall/vm_exit\") long e(struct hup_vm_exit_ctx *c) { return f(3); }"),
                Arguments.of("HUC-CALL", 2, "unknown function", "long f(void) {\n  return printk(\"x\");\n}"),
                Arguments.of("HUC-HELPER-EVENT", 3, "local helper in a global event", "SEC(\"hyperupcall/page_reclaim\")\n"
                        + "long r(struct hup_page_reclaim_ctx *c) {\n  hup_send_vcpu_ipi(0, 2);\n  return HUP_PAGE_IN_USE;\n}"),
                Arguments.of("HUC-SECTION", 1, "unknown event", "SEC(\"hyperupcall/reboot\") long r(void *c) { return 0; }"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("rejected")
    void rejectsWithTheRuleIdOnTheLine(String rule, int line, String name, String text) {
        List<Issue> issues = Huc.validate(PRE + text);
        List<Issue> errors = issues.stream().filter(i -> i.getSeverity() == Severity.ERROR).toList();
        Issue hit = errors.stream().filter(i -> rule.equals(i.getCode())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no " + rule + " among " + errors));
        assertEquals(line + 1, hit.getLineNumber(), () -> name + ": " + hit);
        assertTrue(hit.getMessage().length() > 20, () -> "a message a person can act on: " + hit.getMessage());
    }

    @Test
    void acceptsCountedLoopsAndHelpersOfTheEvent() {
        String text = PRE + """
                #define N 16
                enum { M = 8 };
                static inline u32 sq(u32 x) { return x * x; }
                SEC("hyperupcall/tlb_shootdown")
                long ok(struct hup_tlb_shootdown_ctx *ctx) {
                    u64 s = 0;
                    for (u32 i = 0; i < N; i++) s += sq(i);
                    for (u32 j = M; j > 0; j--) { if (j == ctx->vector) break; }
                    for (u32 k = 0; k < 64 && k < ctx->target_vcpu; k += 2) { s ^= k; }
                    hup_send_vcpu_ipi(ctx->target_vcpu, 2);
                    return s & 1;
                }
                const u32 table[2] = {1, 2};
                """;
        List<Issue> errors = Huc.validate(text).stream().filter(i -> i.getSeverity() == Severity.ERROR).toList();
        assertTrue(errors.isEmpty(), () -> errors.toString());
    }

    @Test
    void acceptsTheExamples() throws Exception {
        java.nio.file.Path repo = java.nio.file.Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
        try (var files = java.nio.file.Files.list(repo.resolve("examples/huc"))) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".huc")).sorted().toList()) {
                List<Issue> errors = Huc.validate(java.nio.file.Files.readString(f)).stream()
                        .filter(i -> i.getSeverity() == Severity.ERROR).toList();
                assertTrue(errors.isEmpty(), () -> f.getFileName() + ": " + errors);
            }
        }
    }
}
