package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.hyperupcall.abi.Event;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.RunResult;
import org.junit.jupiter.api.Test;

/**
 * Constant expressions where C needs a constant (case labels, array sizes, enum values, array
 * designators) and where the compiler folds one on its own (the offset of {@code *(p + k)}, whether
 * a loop's condition holds on entry) have the value C gives them: C's types, as in the code
 * generated for the same expression, and names as code generation reads them (a local shadows an
 * enumerator and is no constant). Each expected value is what clang computes.
 */
class ConstantExpressionTest {
    private static final String ENTRY = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n";

    @Test
    void aCaseLabelFoldsWithCsUnsignedArithmetic() {
        // (-1u) / 2 is 0xffffffff / 2 = 2147483647, not -1 / 2 = 0.
        assertReturns(1, "u32 k = ctx->vcpu + 2147483644;\nswitch (k) {\ncase (-1u) / 2: return 1;\ncase 0: return 2;\n}\nreturn 3;");
    }

    @Test
    void aCaseLabelDividesASignedValueByAnUnsignedOneAsUnsigned() {
        // -8 / 2u converts -8 to unsigned: 4294967288 / 2 = 2147483644, not -4.
        assertReturns(1, "u32 k = ctx->vcpu + 2147483641;\nswitch (k) {\ncase -8 / 2u: return 1;\n}\nreturn 0;");
    }

    @Test
    void aCaseLabelIsTruncatedByItsCast() {
        // (u8) 300 is 44.
        assertReturns(1, "u32 k = ctx->vcpu + 41;\nswitch (k) {\ncase (u8) 300: return 1;\ncase 300: return 2;\n}\nreturn 0;");
    }

    @Test
    void anArraySizeShiftsAnUnsignedValueLogically() {
        // -1u >> 28 is 15, not -1 (which is no array size).
        assertReturns(15, "u8 a[-1u >> 28];\nreturn sizeof a;");
    }

    @Test
    void anArraySizeTakesTheRemainderOfAnUnsignedValue() {
        // -1u % 10 is 4294967295 % 10 = 5.
        assertReturns(5, "u8 a[-1u % 10];\nreturn sizeof a;");
    }

    @Test
    void anArraySizeShiftsAnUnsignedLongLogically() {
        // -1ul >> 60 is 15.
        assertReturns(15, "u8 a[-1ul >> 60];\nreturn sizeof a;");
    }

    @Test
    void anArraySizeComparesUnsignedValuesAsUnsigned() {
        // -1u > 0 holds: 0xffffffff is above 0.
        assertReturns(2, "u8 a[1 + (-1u > 0)];\nreturn sizeof a;");
    }

    @Test
    void anEnumValueWrapsAroundAtThirtyTwoBitsWhenUnsigned() {
        // 0xffffffffu + 1 is an unsigned int: 0.
        assertReturns(0, "enum { E = 0xffffffffu + 1 };\n", "return E;");
    }

    @Test
    void anEnumValueOfMinusOneUnsignedIsPositive() {
        // -1u is 4294967295 (the enumerator has type long, as it does not fit an int).
        assertReturns(4294967295L, "enum { E = -1u };\n", "return E;");
    }

    @Test
    void anEnumValueIsTruncatedByItsCast() {
        assertReturns(45, "enum { E = (u8) 300, F };\n", "return F;");
    }

    @Test
    void aDesignatorDividesAnUnsignedLongAsUnsigned() {
        // -1ul / 0x4000000000000000 is 3, not 0.
        assertReturns(7, "u32 a[4] = { [-1ul / 0x4000000000000000ul] = 7 };\nreturn a[3];");
    }

    @Test
    void aDesignatorBeyondTheRangeOfAnIntIsPastTheEndRatherThanWrappedAround() {
        // 0x100000001 is no element of u32[4] (as an int it would have been element 1).
        Compilation c = Compiler.compile("c.huc", ENTRY + "u32 a[4] = { [0x100000001] = 7 };\nreturn a[1];\n}\n");
        assertTrue(!c.ok() && c.diagnostics().get(0).message().contains("initializer element 4294967297 is past the end"),
                () -> c.diagnostics().stream().map(SourceDiagnostic::format).toList().toString());
    }

    @Test
    void aDefineUsedAsACaseLabelHasTheValueItHasInCode() {
        assertReturns(1, "#define HALF ((-1u) >> 1)\n", "u32 k = HALF;\nswitch (k) {\ncase HALF: return k == HALF;\n}\nreturn 0;");
    }

    @Test
    void aConstantPointerOffsetUsesCsArithmetic() {
        // p + -1u / 0x40000000 is p + 3.
        assertReturns(40, "u64 a[4] = { 10, 20, 30, 40 };\nu64 *p = a;\np += ctx->vcpu - 3;\nreturn *(p + -1u / 0x40000000);");
    }

    @Test
    void aLoopWhoseCounterIsTruncatedOnEntryIsTestedBeforeItsFirstIteration() {
        // u8 i = 256 starts at 0, which is not above 10: the body never runs.
        assertReturns(0, "u32 c = 0;\nfor (u8 i = 256; i > 10; i--)\n  c++;\nreturn c;");
    }

    @Test
    void aLocalShadowsAnEnumeratorInAConstantPointerOffset() {
        // K is the local (2) in *(p + K), not the enumerator (1).
        assertReturns(30, "enum { K = 1 };\n", "u64 a[4] = { 10, 20, 30, 40 };\nu64 *p = a;\nu32 K = ctx->vcpu - 1;\nreturn *(p + K);");
    }

    @Test
    void aLoopBoundNamingALocalThatShadowsAnEnumeratorIsNotTheEnumerator() {
        // N is the local (0): the body never runs, though the enumerator N (10) is above 0.
        assertReturns(0, "enum { N = 10 };\n", "u32 N = ctx->vcpu - 3;\nu32 c = 0;\nfor (u32 i = 0; i < N; i++)\n  c++;\nreturn c;");
    }

    @Test
    void aCaseLabelNamingALocalIsNoConstantEvenWhenAnEnumeratorHasItsName() {
        assertRefused("a case label must be a constant expression", "enum { K = 1 };\n",
                "u32 K = ctx->vcpu;\nswitch (ctx->vcpu) {\ncase K: return 1;\n}\nreturn 0;");
    }

    @Test
    void anArraySizeMayTakeTheSizeOfAType() {
        assertReturns(org.hyperupcall.abi.GuestStructs.PAGE.size() * 2L, "u8 a[sizeof(struct page) * 2];\nreturn sizeof a;");
    }

    @Test
    void anArraySizeMayUseTheConditionalOperatorAndTrue() {
        // true ? 3 : 5 is 3, an int; false || 1 is 1.
        assertReturns(4, "u8 a[(true ? 3 : 5) + (false || 1)];\nreturn sizeof a;");
    }

    @Test
    void aCaseLabelMayTakeTheSizeOfALocal() {
        // sizeof x is 8: vcpu (3) + 5 matches it.
        assertReturns(1, "u64 x = ctx->tsc;\nswitch (ctx->vcpu + 5) {\ncase sizeof x: return 1;\n}\nreturn 0;");
    }

    @Test
    void anEnumValueMayUseTheConditionalOperatorOfSizes() {
        assertReturns(8, "enum { W = sizeof(u64) > sizeof(u32) ? sizeof(u64) : sizeof(u32) };\n", "u8 a[W];\nreturn sizeof a;");
    }

    @Test
    void anArraySizeNamingALocalThatShadowsAnEnumeratorIsRefusedAsCRefusesIt() {
        assertRefused("an array dimension must be a constant expression", "enum { K = 4 };\n", "u32 K = ctx->vcpu;\nu8 a[K];\nreturn sizeof a;");
    }

    /** Compiles declarations and an entry point with body, and checks that the first error says what is expected. */
    private static void assertRefused(String expected, String declarations, String body) {
        String src = ENTRY.replace("SEC(", declarations + "SEC(") + body + "\n}\n";
        Compilation c = Compiler.compile("c.huc", src);
        assertTrue(!c.ok() && c.diagnostics().get(0).message().contains(expected),
                () -> c.diagnostics().stream().map(SourceDiagnostic::format).toList().toString());
    }

    private static void assertReturns(long expected, String body) {
        assertReturns(expected, "", body);
    }

    /** Compiles declarations and an entry point of vm_exit with body, runs it on both engines (vcpu 3) and checks r0. */
    private static void assertReturns(long expected, String declarations, String body) {
        String src = ENTRY.replace("SEC(", declarations + "SEC(") + body + "\n}\n";
        Compilation c = Compiler.compile("c.huc", src);
        assertTrue(c.ok(), () -> c.diagnostics().stream().map(SourceDiagnostic::format).toList() + "\n" + src);
        CompiledProgram p = c.programs().get(0);
        byte[] context = ByteBuffer.allocate(Event.VM_EXIT.context().size()).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 3).array();
        for (EngineKind engine : EngineKind.values()) {
            RunResult r = p.run(engine, context, Map.of());
            assertTrue(r.ok(), () -> engine + ": " + r.fault() + "\n" + p.listing());
            assertEquals(expected, r.r0(), () -> engine + " computed " + r.r0() + "\n" + src + "\n" + p.listing());
        }
    }
}
