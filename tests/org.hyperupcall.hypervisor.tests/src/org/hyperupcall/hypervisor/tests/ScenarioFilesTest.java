package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.ScenarioParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenario files: the fields, their defaults, and errors that name the file and the field. */
class ScenarioFilesTest {
    @Test
    void aScenarioFileOverridesTheBundledDefaults() {
        ScenarioConfig c = ScenarioFiles.parse("s.json", """
                { "scenario": "tlb-shootdown", "vcpus": 12, "pcpus": 3, "engine": "interp", "seed": 7,
                  "duration_ms": 5, "params": { "shootdownsPerMs": 10 } }
                """);
        assertEquals("tlb-shootdown", c.scenario());
        assertEquals(12, c.vcpus());
        assertEquals(3, c.pcpus());
        assertEquals("interp", c.engine());
        assertEquals(7, c.seed());
        assertEquals(5.0, c.durationMs());
        assertEquals(10.0, c.param("shootdownsPerMs", 0));
        assertEquals(1024, c.guestMib(), "default");
    }

    @Test
    void aWrittenScenarioFileReadsBackToTheSameConfiguration() {
        for (org.hyperupcall.hypervisor.Scenario s : org.hyperupcall.hypervisor.Scenarios.all()) {
            ScenarioConfig c = org.hyperupcall.hypervisor.Scenarios.defaults(s.name()).withSeed(42).withEngine("interp");
            String text = ScenarioFiles.write(c, "the " + s.name() + " scenario");
            assertTrue(text.contains("\"description\": \"the " + s.name() + " scenario\""), text);
            assertEquals(c, ScenarioFiles.parse(s.name() + ".json", text));
        }
    }

    @Test
    void everyScenarioRunsWithTheLeastAndTheMostGuestMemoryAScenarioFileAccepts() {
        for (org.hyperupcall.hypervisor.Scenario s : org.hyperupcall.hypervisor.Scenarios.all()) {
            for (int mib : new int[] {ScenarioFiles.MIN_GUEST_MIB, ScenarioFiles.MAX_GUEST_MIB}) {
                ScenarioConfig c = ScenarioFiles.parse(s.name() + ".json", "{ \"scenario\": \"" + s.name() + "\", \"vcpus\": 64, \"pcpus\": 64, "
                        + "\"guest_mib\": " + mib + ", \"duration_ms\": 0.5 }");
                assertEquals(mib, c.guestMib());
                assertTrue(s.run(c, null, null) != null, s.name() + " with " + mib + " MiB");
            }
        }
        assertEquals(128, ScenarioFiles.MIN_GUEST_MIB);
        assertEquals(1024, ScenarioFiles.MAX_GUEST_MIB);
    }

    @Test
    void everyScenarioRunsWithEachParameterAtBothEndsOfItsRange() {
        for (org.hyperupcall.hypervisor.Scenario s : org.hyperupcall.hypervisor.Scenarios.all()) {
            assertTrue(!ScenarioParams.of(s.name()).isEmpty(), s.name());
            for (ScenarioParams.Param p : ScenarioParams.of(s.name())) {
                for (double v : new double[] {p.min(), p.max()}) {
                    String json = "{ \"scenario\": \"" + s.name() + "\", \"duration_ms\": 0.2, \"params\": { \"" + p.name() + "\": " + v + " } }";
                    ScenarioConfig c = ScenarioFiles.parse(s.name() + ".json", json);
                    assertTrue(s.run(c, null, null) != null, json);
                }
            }
        }
    }

    @Test
    void aConfigurationThatBypassesTheFileIsCheckedWhenItRuns() {
        ScenarioConfig c = org.hyperupcall.hypervisor.Scenarios.defaults("tracing").withParam("drainUs", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> org.hyperupcall.hypervisor.Scenarios.byName("tracing").orElseThrow().run(c, null, null));
        assertEquals("scenario tracing: parameter 'drainUs' of scenario tracing: must be a number from 1 to 1000000, not 0", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a field of the wrong type | { \"scenario\": \"tracing\", \"vcpus\": \"four\" } | field 'vcpus'",
        "a number out of range | { \"scenario\": \"tracing\", \"vcpus\": 65 } | field 'vcpus': must be an integer from 1 to 64",
        "an unknown field | { \"scenario\": \"tracing\", \"vpcus\": 4 } | unknown field 'vpcus'",
        "no scenario | { \"vcpus\": 4 } | field 'scenario' is missing",
        "an unknown scenario | { \"scenario\": \"nope\" } | no scenario 'nope'",
        "an unknown engine | { \"scenario\": \"tracing\", \"engine\": \"fast\" } | field 'engine'",
        "a parameter that is not a number | { \"scenario\": \"tracing\", \"params\": { \"drainUs\": \"x\" } } | field 'params.drainUs'",
        "broken JSON | { \"scenario\": \"tracing\", | not valid JSON",
        "not an object | [1, 2] | a scenario file is a JSON object",
        "a zero duration | { \"scenario\": \"tracing\", \"duration_ms\": 0 } | field 'duration_ms'",
        "more guest memory than mem_map describes | { \"scenario\": \"tracing\", \"guest_mib\": 2048 } | field 'guest_mib': must be an integer from 128 to 1024",
        "the largest guest memory once documented | { \"scenario\": \"tracing\", \"guest_mib\": 65536 } | field 'guest_mib': must be an integer from 128 to 1024",
        "less guest memory than the kernel takes | { \"scenario\": \"tracing\", \"guest_mib\": 64 } | field 'guest_mib': must be an integer from 128 to 1024",
        "a zero drain interval that would never let time pass | { \"scenario\": \"tracing\", \"params\": { \"drainUs\": 0 } } | bad.json: field 'params.drainUs': parameter 'drainUs' of scenario tracing: must be a number from 1 to 1000000, not 0",
        "a billion injections | { \"scenario\": \"protection\", \"params\": { \"injections\": 1e9 } } | parameter 'injections' of scenario protection: must be an integer from 0 to 100000, not 1000000000",
        "a fractional count | { \"scenario\": \"protection\", \"params\": { \"injections\": 2.5 } } | must be an integer from 0 to 100000, not 2.5",
        "a negative percentage | { \"scenario\": \"tlb-shootdown\", \"params\": { \"lazyPercent\": -5 } } | parameter 'lazyPercent' of scenario tlb-shootdown: must be an integer from 0 to 100, not -5",
        "a misspelt parameter | { \"scenario\": \"tracing\", \"params\": { \"drainus\": 50 } } | unknown parameter 'drainus' for scenario tracing (parameters: exitsPerMs, drainUs, keepRecords, repeatPercent)",
        "another scenario's parameter | { \"scenario\": \"tracing\", \"params\": { \"pages\": 4 } } | unknown parameter 'pages' for scenario tracing"})
    void aBrokenScenarioFileGetsAnErrorNamingTheFileAndTheField(String name, String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.parse("bad.json", json));
        assertTrue(e.getMessage().startsWith("bad.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
