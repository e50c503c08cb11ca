package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.hyperupcall.abi.Event;
import org.hyperupcall.hypervisor.Hyperupcall;
import org.hyperupcall.hypervisor.Registry;
import org.hyperupcall.hypervisor.Vm;
import org.junit.jupiter.api.Test;

/**
 * Resources held over time: a guest that registers and unregisters a JIT-compiled hyperupcall
 * again and again leaves no compiled code behind: 10,000 cycles ({@code -Dhyperupcall.registerCycles=N}),
 * the figures of docs/reliability.md.
 */
class ResourceLimitsTest {
    @Test
    void registeringAndUnregisteringAJitCompiledHyperupcallThousandsOfTimesDoesNotGrowMetaspace() throws Exception {
        int cycles = Integer.getInteger("hyperupcall.registerCycles", 10_000);
        byte[] object = RegistrationTest.example("discard_free.huc");
        Vm vm = RegistrationTest.vm();
        long before = 0;
        long unloadedBefore = 0;
        for (int i = 1; i <= cycles; i++) {
            Registry.Registration r = vm.registry().register(Event.PAGE_RECLAIM, "discard_free.o", object,
                    List.of(RegistrationTest.range("mem_map")));
            assertTrue(r.accepted(), () -> r.refusal().format());
            Hyperupcall h = r.hyperupcall();
            vm.attach(h);
            h.invoke(0);
            assertTrue(vm.detach(h), "detach by the handle");
            assertFalse(vm.detach(h), "a second detach finds nothing");
            if (i == cycles / 10) {
                before = metaspaceAfterGc();
                unloadedBefore = ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount();
            }
        }
        long after = metaspaceAfterGc();
        long growth = after - before;
        long unloaded = ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount() - unloadedBefore;
        System.out.printf("register/unregister: %d cycles; metaspace after %d cycles %.1f MB, after %d %.1f MB (%+.1f MB); %d classes "
                + "unloaded in between%n", cycles, cycles / 10, before / 1e6, cycles, after / 1e6, (after - before) / 1e6, unloaded);
        // each compiled program is a class of some kilobytes: kept, 90% of the cycles would add megabytes
        assertTrue(growth < 4_000_000, () -> String.format("metaspace grew by %.1f MB over %d cycles", growth / 1e6, cycles - cycles / 10));
    }

    private static long metaspaceAfterGc() throws InterruptedException {
        for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

}
