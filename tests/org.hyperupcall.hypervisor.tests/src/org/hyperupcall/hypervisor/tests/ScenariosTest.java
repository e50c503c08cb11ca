package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.hypervisor.Scenarios;
import org.junit.jupiter.api.Test;

/** The paper's four use cases: each example runs its scenario and shows the effect, in the direction and of a sane size. */
class ScenariosTest {
    private static ScenarioResult run(String scenario, String example, ScenarioConfig config) throws Exception {
        Scenario s = Scenarios.byName(scenario).orElseThrow();
        ScenarioResult r = s.run(config, example + ".o", RegistrationTest.example(example + ".huc"));
        assertTrue(r.refusals().isEmpty(), () -> r.refusals().toString());
        assertNotNull(r.with(), r::table);
        return r;
    }

    @Test
    void workThatDoesNotFinishWithinTheDurationIsSaidInWordsNotPrintedAsANegativeTime() throws Exception {
        ScenarioResult r = run("discard-free", "discard_free", Scenarios.defaults("discard-free").withDuration(2));
        assertEquals(-1.0, r.withoutValue("runtime_ms"), r::table);
        String findings = String.join("\n", r.findings());
        assertTrue(findings.contains("the guest's work took (not finished within 2 ms) without, (not finished within 2 ms) with the hyperupcall"),
                findings);
        assertTrue(!findings.contains("-1"), findings);
    }

    @Test
    void deferringFlushesMakesShootdownsToPreemptedVcpusFaster() throws Exception {
        ScenarioResult r = run("tlb-shootdown", "tlb_shootdown", Scenarios.defaults("tlb-shootdown"));
        double without = r.withoutValue("shootdown.latency_cycles.mean");
        double with = r.withValue("shootdown.latency_cycles.mean");
        assertTrue(r.withoutValue("shootdowns") > 50 && r.withValue("shootdowns") > r.withoutValue("shootdowns"), r::table);
        assertTrue(with < without / 5, () -> "latency without " + without + ", with " + with + "\n" + r.table());
        assertTrue(r.withValue("ipis_per_shootdown") < r.withoutValue("ipis_per_shootdown"), r::table);
        assertTrue(r.withValue("exits_per_shootdown") < r.withoutValue("exits_per_shootdown"), r::table);
        assertTrue(r.withValue("targets.handled_by_hyperupcall") > 0, r::table);
        assertEquals(0.0, r.withValue("hyperupcall.tlb_shootdown.faults"), r::table);
        assertTrue(r.withValue("tlb.deferred_flushes_done") > 0, "deferred flushes happen when the target runs\n" + r.table());
    }

    @Test
    void discardingFreeFramesAvoidsSwapIoAndShortensTheRun() throws Exception {
        ScenarioResult r = run("discard-free", "discard_free",
                Scenarios.defaults("discard-free").withParam("operations", 80_000));
        assertTrue(r.withValue("host.discarded") > 0, r::table);
        assertTrue(r.withValue("swap_io_pages") < r.withoutValue("swap_io_pages") * 0.8, r::table);
        assertTrue(r.withoutValue("runtime_ms") > 0 && r.withValue("runtime_ms") > 0, "both runs finish\n" + r.table());
        assertTrue(r.withValue("runtime_ms") < r.withoutValue("runtime_ms"), r::table);
        assertEquals(0.0, r.withoutValue("host.discarded"), r::table);
    }

    @Test
    void acrossMemoryPressuresDiscardingNeverCostsMoreAndSavesOnceReclaimReachesFreeFrames() throws Exception {
        ScenarioResult r = run("discard-free", "discard_free",
                Scenarios.defaults("discard-free").withParam("operations", 60_000).withParam("sweep", 1));
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Number>> sweep = (List<java.util.Map<String, Number>>) r.extra().get("sweep");
        assertEquals(4, sweep.size(), r::table);
        for (java.util.Map<String, Number> row : sweep) {
            double without = row.get("runtime_ms.without").doubleValue();
            double with = row.get("runtime_ms.with").doubleValue();
            assertTrue(with <= without * 1.01, () -> "at most the hyperupcalls' own cost more: " + row);
            assertTrue(row.get("swap_io_pages.with").doubleValue() <= row.get("swap_io_pages.without").doubleValue(), row::toString);
            if (row.get("pressure").doubleValue() >= 0.4) {
                assertTrue(with < without * 0.95, () -> "at least 5% faster: " + row + "\n" + r.table());
            }
        }
    }

    @Test
    void everyVmExitIsTracedAndTheTraceShowsRedundantCpuidExits() throws Exception {
        ScenarioResult r = run("tracing", "trace_exits", Scenarios.defaults("tracing").withDuration(5));
        double exits = r.withValue("exits");
        assertTrue(exits > 1000, r::table);
        assertEquals(exits, r.withValue("trace.records") + r.withValue("trace.lost"), r::table);
        assertEquals(0.0, r.withoutValue("trace.records"), "no trace without the hyperupcall\n" + r.table());
        assertTrue(r.withValue("trace.cpuid_redundant") > r.withValue("trace.cpuid") / 4, r::table);
        String text = (String) r.extra().get("trace.text");
        assertTrue(text.lines().count() > 100 && text.contains("cpuid"), text.lines().limit(5).toList().toString());
        assertTrue(((List<?>) r.extra().get("trace.json")).size() > 100);
    }

    @Test
    void everyInjectedWriteToProtectedKernelMemoryIsCaught() throws Exception {
        ScenarioResult r = run("protection", "protect_kernel", Scenarios.defaults("protection"));
        double injected = r.withValue("attacks.injected");
        assertTrue(injected >= 20, r::table);
        assertEquals(injected, r.withValue("attacks.caught"), r::table);
        assertEquals(0.0, r.withValue("false_alarms"), r::table);
        assertEquals(0.0, r.withoutValue("attacks.caught"), r::table);
        assertTrue(r.withValue("hyperupcall.vm_exit.cycles_per_run") > 0, r::table);
    }

    @Test
    void bothEnginesGiveTheSameSimulation() throws Exception {
        ScenarioConfig c = Scenarios.defaults("protection").withDuration(3);
        ScenarioResult jit = run("protection", "protect_kernel", c);
        ScenarioResult interp = run("protection", "protect_kernel", c.withEngine(EngineKind.INTERP));
        for (String k : List.of("exits", "mappings", "attacks.caught", "hyperupcall.vm_exit.runs", "cycles.exits")) {
            assertEquals(jit.withValue(k), interp.withValue(k), k);
        }
    }
}
