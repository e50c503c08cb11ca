package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.jit.Jit;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated context-free programs ({@link ContextFreePrograms}) judged three ways: by our verifier
 * (for vm_exit), by a reference run of their one execution ({@link ReferenceRun}), and by the Linux
 * verifier (as socket filters, where bpf(2) is allowed). 10,000 programs by default;
 * {@code -Dhyperupcall.differential.count=1000000} for a long run. What each may differ in is listed
 * in docs/verifier-vs-kernel.md.
 */
class KernelDifferentialTest {
    private static final long CTX = 0x0000_6000_0000_0000L;
    private static final ProgramType TYPE = ProgramType.of(Event.VM_EXIT);
    private static final int COUNT = Integer.getInteger("hyperupcall.differential.count", 10_000);
    private static final long SEED = Long.getLong("hyperupcall.differential.seed", 20261204L);

    private static final List<Program> programs = new ArrayList<>();
    private static final List<String> texts = new ArrayList<>();
    private static final List<Verification> ours = new ArrayList<>();
    private static final List<ReferenceRun.Outcome> runs = new ArrayList<>();

    /**
     * Why the kernel may refuse a program we accept: its message, and the difference between its
     * rules and the hyperupcall ABI's (docs/verifier-vs-kernel.md).
     */
    static final Map<String, String> KERNEL_ONLY_REFUSALS = new LinkedHashMap<>();

    static {
        KERNEL_ONLY_REFUSALS.put("invalid shift", "shifts by the width or more: the ABI masks the count (RFC 9669), the kernel refuses a constant one");
        KERNEL_ONLY_REFUSALS.put("div by zero", "division or modulo by a constant 0: the ABI defines it (RFC 9669: x / 0 = 0, x % 0 = x), the kernel refuses the constant form");
        KERNEL_ONLY_REFUSALS.put("BPF program is too large", "the kernel walks loops iteration by iteration up to 1,000,000 instructions; we prove counted loops");
        KERNEL_ONLY_REFUSALS.put("infinite loop detected", "the kernel gives up on a loop state it cannot tell apart; we prove counted loops");
        KERNEL_ONLY_REFUSALS.put("back-edge", "an old kernel's refusal of every loop");
    }

    /**
     * Refusals on a path that no run takes: when the program's one execution is safe (the reference
     * run) and the kernel refuses for one of these, it followed an edge a value rules out, which our
     * verifier decided (the kernel's 32-bit and jset tracking is coarser there).
     */
    static final Map<String, String> KERNEL_DEAD_PATH_REFUSALS = new LinkedHashMap<>();

    static {
        KERNEL_DEAD_PATH_REFUSALS.put("frame pointer is read only", "a write to r10 on a path no run takes");
        KERNEL_DEAD_PATH_REFUSALS.put("!read_ok", "a read of a register never set on a path no run takes");
        KERNEL_DEAD_PATH_REFUSALS.put("prohibited", "an operation on the context pointer on a path no run takes");
        KERNEL_DEAD_PATH_REFUSALS.put("pointer arithmetic", "arithmetic on a pointer on a path no run takes");
        KERNEL_DEAD_PATH_REFUSALS.put("math between", "arithmetic on the context pointer on a path no run takes");
        KERNEL_DEAD_PATH_REFUSALS.put("invalid size of register spill", "part of a pointer stored on a path no run takes");
        KERNEL_DEAD_PATH_REFUSALS.put("invalid mem access", "a load through a number on a path no run takes");
    }

    @BeforeAll
    static void generateAndVerify() throws Exception {
        for (int i = 0; i < COUNT; i++) {
            String text = ContextFreePrograms.generate(SEED + i);
            Program p = Assembler.assemble("cf" + i + ".s", text);
            texts.add(text);
            programs.add(p);
            ours.add(Verifier.verify(p, TYPE, VerifierOptions.defaults()));
            runs.add(ReferenceRun.run(p, TYPE::returns));
        }
    }

    @Test
    void everyProgramWeAcceptIsSafeAndRunsTheSameOnBothEngines() throws Exception {
        int accepted = 0;
        for (int i = 0; i < COUNT; i++) {
            if (!ours.get(i).accepted()) {
                continue;
            }
            accepted++;
            ReferenceRun.Outcome run = runs.get(i);
            if (!run.safe()) {
                fail("accepted an unsafe program: " + run.unsafe() + " at insn " + run.insn() + "\n" + texts.get(i));
            }
            if (run.steps() > ours.get(i).maxExecuted()) {
                fail("ran " + run.steps() + " instructions, more than the proved " + ours.get(i).maxExecuted() + "\n" + texts.get(i));
            }
            for (Engine engine : List.of(new Interpreter(), new Jit())) {
                MemoryMap memory = new MemoryMap().add(new Region("ctx", CTX, new byte[Event.VM_EXIT.context().size()], false));
                ExecResult r = engine.prepare(programs.get(i), SoundnessTest.HELPERS, ExecOptions.defaults().withVerified()).run(memory, CTX, 0, 0, 0, 0);
                assertTrue(r.isOk(), () -> engine.name() + " faulted on an accepted program: " + r);
                assertEquals(run.r0(), r.r0(), () -> engine.name() + " and the reference run disagree on r0");
            }
        }
        System.out.printf("differential: %d programs, %d accepted by us, all safe and equal on both engines%n", COUNT, accepted);
        assertTrue(accepted > COUNT / 10, "the generator makes too few acceptable programs: " + accepted);
    }

    @Test
    void falseAlarmsStayBelowOnePercentOfSafePrograms() {
        int safe = 0;
        Map<String, Integer> alarms = new TreeMap<>();
        String example = null;
        for (int i = 0; i < COUNT; i++) {
            if (!runs.get(i).safe()) {
                continue;
            }
            safe++;
            Verification v = ours.get(i);
            if (!v.accepted()) {
                alarms.merge(v.diagnostics().get(0).rule().id(), 1, Integer::sum);
                if (example == null) {
                    example = v.diagnostics().get(0).format("cf.s") + "\n" + texts.get(i);
                }
            }
        }
        int total = alarms.values().stream().mapToInt(Integer::intValue).sum();
        double rate = safe == 0 ? 0 : (double) total / safe;
        double max = Double.parseDouble(System.getProperty("hyperupcall.falseAlarms.max", "0.01"));
        System.out.printf("false alarms: %d of %d safe programs (%.2f%%) %s%n", total, safe, 100 * rate, alarms);
        assertTrue(safe > COUNT / 10, "too few safe programs to measure: " + safe);
        String first = example;
        assertTrue(rate < max, () -> String.format("%.2f%% of safe programs rejected (%s); the first:%n%s", 100 * rate, alarms, first));
    }

    @Test
    void theLinuxVerifierRefusesWhatWeAcceptOnlyForADocumentedReason() throws Exception {
        String why = KernelVerifier.unavailable();
        Assumptions.assumeTrue(why == null, () -> "skipped: the Linux verifier cannot be asked here: " + why);
        List<KernelVerifier.Verdict> kernel = KernelVerifier.verify(programs, 1);
        Map<String, Integer> table = new TreeMap<>();
        Map<String, Integer> explained = new TreeMap<>();
        List<String> unexplained = new ArrayList<>();
        Map<String, Integer> oursOnly = new TreeMap<>();
        for (int i = 0; i < COUNT; i++) {
            boolean us = ours.get(i).accepted();
            KernelVerifier.Verdict k = kernel.get(i);
            table.merge((us ? "ours accept" : "ours reject") + ", kernel " + (k.accepted() ? "accepts" : "rejects"), 1, Integer::sum);
            if (!us && k.accepted()) {
                oursOnly.merge(ours.get(i).diagnostics().get(0).rule().id() + (runs.get(i).safe() ? " (safe run)" : " (unsafe run)"), 1,
                        Integer::sum);
            }
            if (us && !k.accepted()) {
                String reason = KERNEL_ONLY_REFUSALS.keySet().stream().filter(k.message()::contains).findFirst().orElse(null);
                if (reason == null && runs.get(i).safe()) {
                    reason = KERNEL_DEAD_PATH_REFUSALS.keySet().stream().filter(k.message()::contains).findFirst().orElse(null);
                }
                if (reason == null) {
                    unexplained.add("kernel: " + k.message() + "\n" + texts.get(i));
                } else {
                    explained.merge(reason, 1, Integer::sum);
                }
            }
        }
        System.out.printf("kernel differential: %d programs: %s; kernel-only refusals by reason: %s; our refusals the kernel accepts: %s%n",
                COUNT, table, explained, oursOnly);
        if (!unexplained.isEmpty()) {
            System.out.println("unexplained kernel messages: " + unexplained.stream().map(u -> u.substring(0, u.indexOf('\n'))).distinct().toList());
            fail(unexplained.size() + " programs we accept and the kernel refuses for no documented reason; the first:\n"
                    + unexplained.get(0));
        }
    }
}
