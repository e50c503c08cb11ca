package org.hyperupcall.fuzz;

import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.ScenarioFiles.ScenarioFileException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Scenario files on any text: a file is read into a configuration, or refused with a
 * {@link ScenarioFileException} of one line naming the file; nothing else escapes.
 */
class ScenarioFuzzTest {
    @FuzzTest
    void scenarioFile(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            ScenarioFiles.parse("fuzz.json", text);
        } catch (ScenarioFileException e) {
            Expect.message(e);
            if (!e.getMessage().startsWith("fuzz.json: ")) {
                throw new AssertionError("the error does not name the file: " + e.getMessage());
            }
        }
    }
}
