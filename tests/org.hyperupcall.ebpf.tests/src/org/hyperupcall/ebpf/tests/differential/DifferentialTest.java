package org.hyperupcall.ebpf.tests.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;

import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.tests.Engines;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.FaultKind;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.junit.jupiter.api.Test;

/**
 * Random programs give the same r0, memory, fault and instruction count on every engine. 10,000
 * programs by default; set the system property {@code hyperupcall.differential.count} for a larger
 * run (e.g. {@code ./build/mvn verify -Dhyperupcall.differential.count=1000000}).
 */
class DifferentialTest {
    private static final long MEM = 0x0000_1000_0000_0000L;
    private static final HelperTable HELPERS = HelperTable.builder()
            .add(1, "mix", (r1, r2, r3, r4, r5, m) -> (r1 * 31 + r2) ^ (r3 << 7) ^ (r4 >>> 3) ^ r5)
            .build();

    private record Run(ExecResult result, byte[] mem, byte[] stack) {
    }

    private static Run run(Engine engine, Program program, ExecOptions options, byte[] block) throws InvalidProgramException {
        byte[] mem = block.clone();
        MemoryMap memory = new MemoryMap().add(new Region("mem", MEM, mem, true));
        ExecResult result = engine.prepare(program, HELPERS, options).run(memory, MEM, mem.length);
        return new Run(result, mem, memory.stack().data().clone());
    }

    @Test
    void randomProgramsBehaveTheSameOnEveryEngine() throws Exception {
        int count = Integer.getInteger("hyperupcall.differential.count", 10_000);
        long seed0 = Long.getLong("hyperupcall.differential.seed", 20261125L);
        List<Engine> engines = Engines.all();
        Random random = new Random(seed0);
        int faults = 0;
        int budgetStops = 0;
        long instructions = 0;
        for (int k = 0; k < count; k++) {
            long seed = seed0 + k;
            Program program = RandomPrograms.generate(seed, k % 10 == 0);
            byte[] block = new byte[RandomPrograms.MEM_SIZE];
            random.nextBytes(block);
            Run reference = null;
            for (int o = 0; o < 2; o++) {
                ExecOptions options = o == 0 ? ExecOptions.defaults() : ExecOptions.defaults().withBudget(1 + random.nextInt(
                        (int) Math.max(1, Math.min(Integer.MAX_VALUE, reference.result().instructions()))));
                Run first = null;
                for (Engine engine : engines) {
                    Run r;
                    try {
                        r = run(engine, program, options, block);
                    } catch (InvalidProgramException e) {
                        fail("seed " + seed + ": the generator made a program the loader refuses: " + e.describe() + "\n"
                                + Disassembler.assembly(program));
                        return;
                    }
                    if (first == null) {
                        first = r;
                        continue;
                    }
                    String where = "seed " + seed + ", budget " + options.budget() + ", " + engines.get(0).name() + " vs " + engine.name()
                            + "\n" + Disassembler.assembly(program);
                    assertEquals(first.result(), r.result(), where);
                    assertArrayEquals(first.mem(), r.mem(), "memory block differs: " + where);
                    assertArrayEquals(first.stack(), r.stack(), "stack differs: " + where);
                }
                if (o == 0) {
                    reference = first;
                    instructions += first.result().instructions();
                    if (!first.result().isOk()) {
                        faults++;
                        ExecResult faulted = first.result();
                        assertEquals(FaultKind.OUT_OF_BOUNDS, faulted.fault().kind(),
                                () -> "seed " + seed + ": only the deliberate wild access may fault: " + faulted);
                    }
                } else if (!first.result().isOk() && first.result().fault().kind() == FaultKind.BUDGET_EXCEEDED) {
                    budgetStops++;
                }
            }
        }
        assertTrue(faults > 0 && faults < count / 10 + 1, "wild accesses fault (" + faults + " of " + count + ")");
        assertTrue(budgetStops > count / 4, "short budgets stop programs (" + budgetStops + " of " + count + ")");
        assertTrue(instructions > count * 20L, "programs do real work (" + instructions + " instructions in all)");
    }

    @Test
    void theGeneratorIsDeterministic() {
        assertEquals(RandomPrograms.generate(99, true), RandomPrograms.generate(99, true));
        assertTrue(!RandomPrograms.generate(99, true).equals(RandomPrograms.generate(100, true)));
    }
}
