package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Metric;
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
        assertEquals(-1.0, r.withoutValue(Metric.RUNTIME_MS), r::table);
        String findings = String.join("\n", r.findings());
        assertTrue(findings.contains("the guest's work took (not finished within 2 ms) without, (not finished within 2 ms) with the hyperupcall"),
                findings);
        assertTrue(!findings.contains("-1"), findings);
    }

    @Test
    void deferringFlushesMakesShootdownsToPreemptedVcpusFaster() throws Exception {
        ScenarioResult r = run("tlb-shootdown", "tlb_shootdown", Scenarios.defaults("tlb-shootdown"));
        double without = r.withoutValue(Metric.SHOOTDOWN_LATENCY.member("mean"));
        double with = r.withValue(Metric.SHOOTDOWN_LATENCY.member("mean"));
        assertTrue(r.withoutValue(Metric.SHOOTDOWNS) > 50 && r.withValue(Metric.SHOOTDOWNS) > r.withoutValue(Metric.SHOOTDOWNS), r::table);
        assertTrue(with < without / 5, () -> "latency without " + without + ", with " + with + "\n" + r.table());
        assertTrue(r.withValue(Metric.IPIS_PER_SHOOTDOWN) < r.withoutValue(Metric.IPIS_PER_SHOOTDOWN), r::table);
        assertTrue(r.withValue(Metric.EXITS_PER_SHOOTDOWN) < r.withoutValue(Metric.EXITS_PER_SHOOTDOWN), r::table);
        assertTrue(r.withValue(Metric.TARGETS_HANDLED) > 0, r::table);
        assertEquals(0.0, r.withValue(Metric.HYPERUPCALL_FAULTS.at("tlb_shootdown")), r::table);
        assertTrue(r.withValue(Metric.DEFERRED_FLUSHES_DONE) > 0, "deferred flushes happen when the target runs\n" + r.table());
    }

    @Test
    void discardingFreeFramesAvoidsSwapIoAndShortensTheRun() throws Exception {
        ScenarioResult r = run("discard-free", "discard_free",
                Scenarios.defaults("discard-free").withParam("operations", 80_000));
        assertTrue(r.withValue(Metric.HOST_DISCARDED) > 0, r::table);
        assertTrue(r.withValue(Metric.SWAP_IO_PAGES) < r.withoutValue(Metric.SWAP_IO_PAGES) * 0.8, r::table);
        assertTrue(r.withoutValue(Metric.RUNTIME_MS) > 0 && r.withValue(Metric.RUNTIME_MS) > 0, "both runs finish\n" + r.table());
        assertTrue(r.withValue(Metric.RUNTIME_MS) < r.withoutValue(Metric.RUNTIME_MS), r::table);
        assertEquals(0.0, r.withoutValue(Metric.HOST_DISCARDED), r::table);
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
        double exits = r.withValue(Metric.EXITS);
        assertTrue(exits > 1000, r::table);
        assertEquals(exits, r.withValue(Metric.TRACE_RECORDS) + r.withValue(Metric.TRACE_LOST), r::table);
        assertEquals(0.0, r.withoutValue(Metric.TRACE_RECORDS), "no trace without the hyperupcall\n" + r.table());
        assertTrue(r.withValue(Metric.TRACE_CPUID_REDUNDANT) > r.withValue(Metric.TRACE_BY_REASON.at("cpuid")) / 4, r::table);
        String text = (String) r.extra().get("trace.text");
        assertTrue(text.lines().count() > 100 && text.contains("cpuid"), text.lines().limit(5).toList().toString());
        assertTrue(((List<?>) r.extra().get("trace.json")).size() > 100);
    }

    @Test
    void everyInjectedWriteToProtectedKernelMemoryIsCaught() throws Exception {
        ScenarioResult r = run("protection", "protect_kernel", Scenarios.defaults("protection"));
        double injected = r.withValue(Metric.ATTACKS_INJECTED);
        assertTrue(injected >= 20, r::table);
        assertEquals(injected, r.withValue(Metric.ATTACKS_CAUGHT), r::table);
        assertEquals(0.0, r.withValue(Metric.FALSE_ALARMS), r::table);
        assertEquals(0.0, r.withoutValue(Metric.ATTACKS_CAUGHT), r::table);
        assertTrue(r.withValue(Metric.HYPERUPCALL_CYCLES.at("vm_exit")) > 0, r::table);
    }

    @Test
    void bothEnginesGiveTheSameSimulation() throws Exception {
        ScenarioConfig c = Scenarios.defaults("protection").withDuration(3);
        ScenarioResult jit = run("protection", "protect_kernel", c);
        ScenarioResult interp = run("protection", "protect_kernel", c.withEngine(EngineKind.INTERP));
        for (Metric k : List.of(Metric.EXITS, Metric.MAPPINGS, Metric.ATTACKS_CAUGHT, Metric.HYPERUPCALL_RUNS.at("vm_exit"), Metric.CYCLES_EXITS)) {
            assertEquals(jit.withValue(k), interp.withValue(k), k.name());
        }
    }
}
