package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.ScenarioParams;
import org.hyperupcall.hypervisor.ScenarioSchema;
import org.hyperupcall.hypervisor.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        assertEquals(EngineKind.INTERP, c.engine());
        assertEquals(7, c.seed());
        assertEquals(5.0, c.durationMs());
        assertEquals(10.0, c.param("shootdownsPerMs", 0));
        assertEquals(1024, c.guestMib(), "default");
    }

    @Test
    void aWrittenScenarioFileReadsBackToTheSameConfiguration() {
        for (org.hyperupcall.hypervisor.Scenario s : org.hyperupcall.hypervisor.Scenarios.all()) {
            ScenarioConfig c = org.hyperupcall.hypervisor.Scenarios.defaults(s.name()).withSeed(42).withEngine(EngineKind.INTERP);
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
        "another scenario's parameter | { \"scenario\": \"tracing\", \"params\": { \"pages\": 4 } } | unknown parameter 'pages' for scenario tracing",
        "an unquoted string, which lenient JSON would take | { \"scenario\": tracing } | not valid JSON",
        "text after the object | { \"scenario\": \"tracing\" } x | not valid JSON: more text after the JSON value at line 1 column",
        "a single-quoted name | { 'scenario': \"tracing\" } | not valid JSON",
        "a comment | { \"scenario\": \"tracing\" /* c */ } | not valid JSON",
        "a seed beyond 64 bits | { \"scenario\": \"tracing\", \"seed\": 1e30 } | field 'seed': must be a 64-bit integer, not 1",
        "a description that is not text | { \"scenario\": \"tracing\", \"description\": 5 } | field 'description': must be a string"})
    void aBrokenScenarioFileGetsAnErrorNamingTheFileAndTheField(String name, String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.parse("bad.json", json));
        assertTrue(e.getMessage().startsWith("bad.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aJsonErrorCarriesNoAdviceMeantForJavaProgrammers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioFiles.parse("bad.json", "{ \"scenario\": \"tracing\",, }"));
        assertTrue(e.getMessage().startsWith("bad.json: not valid JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("http") || e.getMessage().contains("JsonReader") || e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aHugeBadValueIsQuotedInAFewWordsNotEchoedInFull() {
        String array = "[" + "1,".repeat(200_000) + "1]";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioFiles.parse("big.json", "{ \"scenario\": \"tracing\", \"vcpus\": " + array + " }"));
        assertTrue(e.getMessage().startsWith("big.json: field 'vcpus': must be a number, not [1,1,1"), e.getMessage());
        assertTrue(e.getMessage().endsWith("… (400003 characters)"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        String name = "x".repeat(100_000);
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> ScenarioFiles.parse("big.json", "{ \"" + name + "\": 1 }"));
        assertTrue(n.getMessage().length() < 300, n.getMessage());
    }

    @Test
    void aFileLargerThanAScenarioFileCanBeIsRefusedWithoutParsingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("huge.json");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(3L << 30); // sparse: 3 GiB that take no disk
        }
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> ScenarioFiles.read(f));
        assertEquals(f + ": larger than 1 MiB, the most huc reads from a scenario file", e.getMessage());
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            java.io.IOException z = assertThrows(java.io.IOException.class, () -> ScenarioFiles.read(zero));
            assertEquals("/dev/zero: larger than 1 MiB, the most huc reads from a scenario file", z.getMessage());
        }
    }

    @Test
    void jsonNestedAMillionDeepIsAnErrorNotACrash() {
        String deep = "{ \"scenario\": \"tracing\", \"params\": " + "[".repeat(1_000_000) + "]".repeat(1_000_000) + " }";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.parse("deep.json", deep));
        assertTrue(e.getMessage().startsWith("deep.json: "), e.getMessage());
    }

    @Test
    void theJsonSchemaStatesEveryFieldAndEveryParameterWithTheRangesTheReaderChecks() {
        com.google.gson.JsonObject schema = com.google.gson.JsonParser.parseString(ScenarioSchema.jsonSchema()).getAsJsonObject();
        com.google.gson.JsonObject props = schema.getAsJsonObject("properties");
        for (ScenarioSchema.Field f : ScenarioSchema.fields()) {
            assertTrue(props.has(f.name()), f.name());
        }
        assertEquals(ScenarioFiles.MAX_GUEST_MIB, props.getAsJsonObject("guest_mib").get("maximum").getAsInt());
        assertEquals(2, props.getAsJsonObject("guest_mib").get("multipleOf").getAsInt());
        assertEquals(0, props.getAsJsonObject("duration_ms").get("exclusiveMinimum").getAsInt());
        String text = schema.toString();
        for (Scenario s : Scenarios.all()) {
            for (ScenarioParams.Param p : ScenarioParams.of(s.name())) {
                assertTrue(text.contains("\"" + p.name() + "\":{\"type\":\"" + (p.integer() ? "integer" : "number") + "\",\"minimum\":"),
                        p.name());
            }
        }
        // what the schema says is what the reader does: the ends of each range pass, one step beyond fails
        for (ScenarioSchema.Field f : List.of(ScenarioSchema.VCPUS, ScenarioSchema.PCPUS, ScenarioSchema.GUEST_MIB)) {
            ScenarioFiles.parse("ok.json", "{ \"scenario\": \"tracing\", \"" + f.name() + "\": " + (long) f.min() + " }");
            ScenarioFiles.parse("ok.json", "{ \"scenario\": \"tracing\", \"" + f.name() + "\": " + (long) f.max() + " }");
            assertThrows(IllegalArgumentException.class,
                    () -> ScenarioFiles.parse("bad.json", "{ \"scenario\": \"tracing\", \"" + f.name() + "\": " + ((long) f.max() + f.multipleOf()) + " }"));
        }
    }

    @Test
    void aNameOrValueWithALineBreakInItIsQuotedOnOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioFiles.parse("nl.json", "{ \"scenario\": \"tracing\", \"params\": { \"drain\\nUs\": 5 } }"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("'drain\\nUs'"), e.getMessage());
    }
}
