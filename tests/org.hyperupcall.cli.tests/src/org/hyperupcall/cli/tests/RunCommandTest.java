package org.hyperupcall.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * huc run and huc scenarios: each example on its scenario (short simulated durations), the JSON
 * output, the trace files, and the errors (a scenario file's field, an unknown scenario, a refused
 * registration).
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private static String example(String name) {
        return ExamplesCommandTest.example(name).toString();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "tlb_shootdown.huc,  tlb-shootdown, --duration-ms=20, registered: tlb_shootdown:",
        "discard_free.huc,   discard-free,  --param=operations=40000, registered: page_reclaim:",
        "trace_exits.huc,    tracing,       --duration-ms=5, registered: vm_exit:",
        "protect_kernel.huc, protection,    --duration-ms=5, registered: page_mapping:"})
    void eachExampleRunsOnItsScenarioAndPrintsTheTableAndFindings(String example, String scenario, String option, String registered) {
        Huc run = Huc.run("run", example(example), "--scenario", scenario, option);
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("scenario " + scenario + ": "), run::toString);
        assertTrue(run.out().contains(registered), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("metric +without +with +ratio")), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("* ")), "findings: " + run);
        assertFalse(run.out().contains("refused:"), run::toString);
        assertEquals("", run.err(), "nothing on stderr when it is not a terminal");
    }

    @Test
    void anObjectFileRunsAsIsAndTheCommandLineOverridesTheScenario() {
        Path o = dir.resolve("trace_exits.o");
        assertEquals(0, Huc.run("compile", "-q", example("trace_exits.huc"), "-o", o.toString()).status());
        Huc run = Huc.run("run", o.toString(), "--scenario", "tracing", "--duration-ms", "2", "--engine", "interp", "--seed", "7");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("scenario tracing: 4 vCPUs on 2 physical CPUs, 2.0 ms simulated, engine interp, seed 7"),
                run::toString);
    }

    @Test
    void jsonOutputIsOneObjectWithConfigWithoutWithFindingsAndTheTrace() {
        Huc run = Huc.run("run", example("trace_exits.huc"), "--scenario", "tracing", "--duration-ms", "2", "--json",
                "--param", "keepRecords=50");
        assertEquals(0, run.status(), run::toString);
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("tracing", o.getAsJsonObject("config").get("scenario").getAsString());
        assertEquals(50, o.getAsJsonObject("config").getAsJsonObject("params").get("keepRecords").getAsInt());
        assertTrue(o.getAsJsonObject("without").get("exits").getAsLong() > 0, run::toString);
        assertTrue(o.getAsJsonObject("with").get("trace.records").getAsLong() > 0, run::toString);
        assertEquals(1, o.getAsJsonArray("registrations").size());
        assertEquals(0, o.getAsJsonArray("refusals").size());
        assertFalse(o.getAsJsonArray("findings").isEmpty());
        assertEquals(50, o.getAsJsonArray("trace").size());
    }

    @Test
    void traceWritesTextOrAJsonArrayOfRecordsByTheFilesExtension() throws Exception {
        Path txt = dir.resolve("exits.txt");
        Path json = dir.resolve("exits.json");
        for (Path p : List.of(txt, json)) {
            Huc run = Huc.run("run", example("trace_exits.huc"), "--scenario", "tracing", "--duration-ms", "2", "--trace", p.toString());
            assertEquals(0, run.status(), run::toString);
        }
        List<String> lines = Files.readAllLines(txt);
        assertTrue(lines.get(0).startsWith("#") && lines.size() > 10, lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("cpuid")), lines::toString);
        JsonArray records = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        assertEquals(lines.size() - 1, records.size());
        assertTrue(records.get(0).getAsJsonObject().size() > 3, records.get(0)::toString);
    }

    @Test
    void traceOfAScenarioWithoutATraceIsAnError() {
        Huc run = Huc.run("run", example("protect_kernel.huc"), "--scenario", "protection", "--duration-ms", "1", "--trace",
                dir.resolve("t.txt").toString());
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().contains("produces no trace"), run::toString);
        assertFalse(Files.exists(dir.resolve("t.txt")));
    }

    @Test
    void aScenarioFileSetsTheConfigurationAndTheCommandLineOverridesIt() throws Exception {
        Path f = dir.resolve("small.json");
        Files.writeString(f, "{ \"scenario\": \"tlb-shootdown\", \"vcpus\": 4, \"pcpus\": 1, \"duration_ms\": 2, \"seed\": 3 }");
        Huc run = Huc.run("run", example("tlb_shootdown.huc"), "--scenario", f.toString(), "--seed", "9");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("scenario tlb-shootdown: 4 vCPUs on 1 physical CPUs, 2.0 ms simulated, engine jit, seed 9"),
                run::toString);
    }

    @Test
    void aScenarioFileWithABadFieldExitsWithOneNamingTheFileAndField() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{ \"scenario\": \"tracing\", \"vcpus\": 100 }");
        Huc run = Huc.run("run", example("trace_exits.huc"), "--scenario", f.toString());
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().contains(f + ": field 'vcpus'"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void guestMemoryAboveWhatTheSimulatorHoldsIsAOneLineErrorAndTheSchemaStatesTheRealRange() throws Exception {
        Path f = dir.resolve("big.json");
        Files.writeString(f, "{ \"scenario\": \"tracing\", \"guest_mib\": 2048, \"duration_ms\": 1 }");
        Huc run = Huc.run("run", example("trace_exits.huc"), "--scenario", f.toString());
        assertEquals(1, run.status(), run::toString);
        assertEquals("huc: " + f + ": field 'guest_mib': must be an integer from 128 to 1024, a multiple of 2 (MiB; the simulated guest's mem_map"
                + " describes at most 1024), not 2048\n", run.err().replace("\r", ""), run::toString);
        assertEquals("", run.out());
        Huc schema = Huc.run("scenarios", "--schema");
        assertTrue(schema.out().lines().anyMatch(l -> l.contains("\"guest_mib\": 1024,")
                && l.endsWith("an integer from 128 to 1024, a multiple of 2; guest memory in MiB")), schema::toString);
        assertFalse(schema.out().contains("65536"), schema::toString);
    }

    @Test
    void aParameterOutOfItsRangeOrUnknownIsRefusedNamingTheParameterAndTheRange() throws Exception {
        Huc zero = Huc.run("run", example("trace_exits.huc"), "--scenario", "tracing", "--param", "drainUs=0");
        assertEquals(2, zero.status(), zero::toString);
        assertTrue(zero.err().contains("--param drainUs=0: parameter 'drainUs' of scenario tracing: must be a number from 1 to 1000000,"
                + " not 0"), zero::toString);
        Huc typo = Huc.run("run", example("trace_exits.huc"), "--scenario", "tracing", "--param", "drainus=5");
        assertEquals(2, typo.status(), typo::toString);
        assertTrue(typo.err().contains("unknown parameter 'drainus' for scenario tracing (parameters: exitsPerMs, drainUs, keepRecords,"
                + " repeatPercent)"), typo::toString);
        Path f = dir.resolve("many.json");
        Files.writeString(f, "{ \"scenario\": \"protection\", \"params\": { \"injections\": 1e9 } }");
        Huc many = Huc.run("run", example("protect_kernel.huc"), "--scenario", f.toString());
        assertEquals(1, many.status(), many::toString);
        assertEquals("huc: " + f + ": field 'params.injections': parameter 'injections' of scenario protection: must be an integer from 0 to"
                + " 100000, not 1000000000\n", many.err().replace("\r", ""), many::toString);
        Huc schema = Huc.run("scenarios", "--schema");
        assertTrue(schema.out().lines().anyMatch(l -> l.contains("drainUs") && l.contains("100") && l.contains("1..1000000")), schema::toString);
        assertTrue(schema.out().lines().anyMatch(l -> l.contains("injections") && l.contains("0..100000")), schema::toString);
    }

    @Test
    void anEndlessOrHugeScenarioFileIsRefusedInOneLineWithoutReadingIt() throws Exception {
        Path huge = dir.resolve("huge.json");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            raf.setLength(3L << 30); // sparse
        }
        for (Path f : List.of(huge, Path.of("/dev/zero"))) {
            Huc run = Huc.run("run", example("trace_exits.huc"), "--scenario", f.toString());
            assertEquals(1, run.status(), run::toString);
            assertEquals("huc: " + f + ": larger than 1 MiB, the most huc reads from a scenario file\n", run.err().replace("\r", ""),
                    run::toString);
        }
    }

    @Test
    void theJsonSchemaOfScenarioFilesIsTheOneTheVsCodeExtensionShips() throws Exception {
        Huc schema = Huc.run("scenarios", "--json-schema");
        assertEquals(0, schema.status(), schema::toString);
        Path shipped = ExamplesCommandTest.example("x").getParent().getParent().getParent().resolve("vscode/schemas/scenario.schema.json");
        assertEquals(Files.readString(shipped), schema.out().replace("\r", ""),
                "regenerate it: ./huc scenarios --json-schema > vscode/schemas/scenario.schema.json");
    }

    @Test
    void anUnknownScenarioNameIsAUsageErrorListingTheScenarios() {
        Huc run = Huc.run("run", example("trace_exits.huc"), "--scenario", "no-such-scenario");
        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains("unknown scenario 'no-such-scenario' (scenarios: tlb-shootdown, discard-free, tracing, protection"),
                run::toString);
    }

    @Test
    void aProgramTheRegistrationRefusesExitsWithOneNamingTheRuleAndSourceLine() throws Exception {
        Path src = dir.resolve("nope.huc");
        Files.writeString(src, """
                #include "hyperupcall.h"

                extern const u64 nope;

                SEC("hyperupcall/vm_exit")
                int trace(struct hup_vm_exit_ctx *ctx)
                {
                    return nope == 1;
                }
                """);
        Huc run = Huc.run("run", src.toString(), "--scenario", "tracing", "--duration-ms", "1");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().contains(src + ":8:5: error: registration for vm_exit refused: extern 'nope' is not in the guest's "
                + "symbol map (insn "), run::toString);
        assertTrue(run.err().contains("[HUR-SYMBOL]") && run.err().contains("return nope == 1;"), run::toString);
        assertTrue(run.out().contains("refused: "), run::toString);
    }

    @Test
    void aFileThatDoesNotCompileExitsWithOneAndClangStyleErrors() throws Exception {
        Path src = dir.resolve("broken.huc");
        Files.writeString(src, "SEC(\"hyperupcall/vm_exit\")\nint f(struct hup_vm_exit_ctx *ctx) { return undefined_name; }\n");
        Huc run = Huc.run("run", src.toString(), "--scenario", "tracing");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().startsWith(src + ":2:"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void scenariosListsTheFourWithTheirExamplesAndTheSchemaDescribesScenarioFiles() {
        Huc list = Huc.run("scenarios");
        assertEquals(0, list.status(), list::toString);
        for (String s : List.of("tlb-shootdown", "discard-free", "tracing", "protection")) {
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(s + " ") && l.contains("[examples/huc/")), list::toString);
        }
        assertTrue(list.out().contains("huc scenarios --schema"), list::toString);
        Huc schema = Huc.run("scenarios", "--schema");
        assertEquals(0, schema.status(), schema::toString);
        for (String field : List.of("\"scenario\"", "\"vcpus\"", "\"pcpus\"", "\"guest_mib\"", "\"engine\"", "\"seed\"", "\"duration_ms\"",
                "\"params\"", "operations", "keepRecords")) {
            assertTrue(schema.out().contains(field), field + " in " + schema);
        }
    }
}
