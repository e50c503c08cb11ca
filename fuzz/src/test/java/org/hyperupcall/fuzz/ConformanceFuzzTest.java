package org.hyperupcall.fuzz;

import java.nio.file.Path;

import org.hyperupcall.ebpf.conformance.ConformanceCase;
import org.hyperupcall.ebpf.conformance.ConformanceRunner;
import org.hyperupcall.ebpf.conformance.MalformedCaseException;
import org.hyperupcall.ebpf.interp.Interpreter;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The bpf_conformance file reader on any text: a file parses or is refused with a
 * {@link MalformedCaseException} naming the line; a parsed file runs to an outcome, never an exception.
 */
class ConformanceFuzzTest {
    @FuzzTest
    void conformanceFile(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        ConformanceCase c;
        try {
            c = ConformanceCase.parse(Path.of("fuzz.data"), text, text.length() % 2 == 1);
        } catch (MalformedCaseException e) {
            Expect.message(e);
            return;
        }
        ConformanceRunner.run(c, new Interpreter());
    }
}
