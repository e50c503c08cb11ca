package org.hyperupcall.fuzz;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The HUC front end (preprocessor, parser, rules, compiler) on any text: it answers with an
 * object or with diagnostics of one line each, never an exception and never an internal error.
 */
class FrontEndFuzzTest {
    private static final String PRELUDE = "#include \"hyperupcall.h\"\n";

    @FuzzTest
    void frontEnd(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Compilation c = Compiler.compile("fuzz.huc", text.startsWith("#") ? text : PRELUDE + text);
        for (SourceDiagnostic d : c.diagnostics()) {
            if (d.rule().equals(HucRule.INTERNAL.id())) {
                throw new AssertionError("an internal error: " + d.format());
            }
            if (d.message().contains("\n") || d.message().contains("Exception")) {
                throw new AssertionError("a diagnostic that is not one line for a user: " + d.format());
            }
        }
        if (c.ok() && c.elf() == null) {
            throw new AssertionError("compiled without errors and without an object");
        }
    }
}
