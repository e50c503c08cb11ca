package org.hyperupcall.hypervisor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Event;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.verifier.MemoryRange;

/**
 * A registered, verified and prepared hyperupcall. The hypervisor fills its context
 * ({@link #context()}) and {@link #invoke}s it on its event; the program reads and writes the
 * registered guest memory in place. A fault never escapes: it is counted, described with the
 * instruction and source line, and the caller falls back to the event's default handling.
 */
public final class Hyperupcall {
    /** Where the context is mapped in the program's address space (r1 points here). */
    public static final long CONTEXT_BASE = 0x0000_1000_0000_0000L;

    /**
     * One invocation: r0, or the fault (null when none) with the instruction and source line it
     * happened at (-1 and 0 when none); instructions executed; real time of the run (-1 when not timed).
     */
    public record Outcome(long r0, String fault, long instructions, long nanos, int faultInsn, int faultLine) {
        /** An invocation that did not fault. */
        public Outcome(long r0, String fault, long instructions, long nanos) {
            this(r0, fault, instructions, nanos, -1, 0);
        }

        public boolean ok() {
            return fault == null;
        }
    }

    private final Event event;
    private final String object;
    private final String sourceFile;
    private final Program program;
    private final EngineKind engine;
    private final List<MemoryRange> ranges;
    private final Executable executable;
    private final MemoryMap memory;
    private final byte[] contextBytes;
    private final ByteBuffer context;
    private int currentVcpu;
    /** The debugger that watches each run, or null (see {@link Debugging}). */
    private final Debugging debugging;
    private final Host host;
    /** The verifier's proof: the most instructions one invocation can run, and the budget it runs under. */
    private final long provenInstructions;
    private final long budget;

    private long invocations;
    private long faults;
    private long instructions;
    private long timed;
    private final long[] samples = new long[4096];
    /** One invocation in this many is timed. */
    static final int TIMING_EVERY = 16;
    private String lastFault;

    Hyperupcall(Event event, String object, String sourceFile, Program program, EngineKind engine, GuestMemory guest,
            List<MemoryRange> ranges, Host host, ExecOptions options, long provenInstructions, Debugging debugging)
            throws InvalidProgramException {
        this.debugging = debugging;
        this.host = host;
        this.event = event;
        this.provenInstructions = provenInstructions;
        this.budget = options.budget();
        this.object = object;
        this.sourceFile = sourceFile;
        this.program = program;
        this.engine = engine;
        this.ranges = List.copyOf(ranges);
        this.contextBytes = new byte[event.context().size()];
        this.context = ByteBuffer.wrap(contextBytes).order(ByteOrder.LITTLE_ENDIAN);
        this.memory = new MemoryMap().add(new Region("ctx", CONTEXT_BASE, contextBytes, false));
        for (MemoryRange r : ranges) {
            for (Region region : guest.regions(r.name(), r.base(), r.size(), r.writable())) {
                memory.add(region);
            }
        }
        this.executable = debugging == null ? engine.create().prepare(program, HypervisorHelpers.table(host, () -> currentVcpu), options)
                : EngineKind.INTERP.create().prepare(program, HypervisorHelpers.table(host, () -> currentVcpu), options.withHook(debugging));
    }

    public Event event() {
        return event;
    }

    public String object() {
        return object;
    }

    public Program program() {
        return program;
    }

    public EngineKind engine() {
        return engine;
    }

    public List<MemoryRange> memory() {
        return ranges;
    }

    /** The context the next invocation sees (little-endian, the event's layout); fill it, then invoke. */
    public ByteBuffer context() {
        return context;
    }

    /** Runs the program on the context for a vCPU (the current vCPU of local helpers). */
    public Outcome invoke(int vcpu) {
        currentVcpu = vcpu;
        if (debugging != null) {
            return debugged(vcpu);
        }
        ExecResult r;
        long took = -1;
        if ((invocations & (TIMING_EVERY - 1)) == 0) {
            // Real time is measured on one invocation in TIMING_EVERY: the clock costs as much as a short program.
            long start = System.nanoTime();
            r = executable.run(memory, CONTEXT_BASE, 0);
            took = System.nanoTime() - start;
            if (timed < samples.length) {
                samples[(int) timed] = took;
            }
            timed++;
        } else {
            r = executable.run(memory, CONTEXT_BASE, 0);
        }
        invocations++;
        instructions += r.instructions();
        if (r.isOk()) {
            return new Outcome(r.r0(), null, r.instructions(), took);
        }
        return faulted(r, took);
    }

    /** A run under the debugger: no timing, the debugger told before and after. */
    private Outcome debugged(int vcpu) {
        debugging.invoking(this, vcpu, host.nowNanos());
        ExecResult r = executable.run(memory, CONTEXT_BASE, 0);
        invocations++;
        instructions += r.instructions();
        Outcome o = r.isOk() ? new Outcome(r.r0(), null, r.instructions(), -1) : faulted(r, -1);
        debugging.returned(this, o);
        return o;
    }

    private Outcome faulted(ExecResult r, long took) {
        faults++;
        int pc = r.fault().pc();
        int line = pc >= 0 && pc < program.size() ? program.sourceLine(pc) : 0;
        lastFault = (sourceFile != null && line > 0 ? sourceFile + ":" + line + ": " : "") + "insn " + pc + ": "
                + r.fault().kind().description() + ": " + r.fault().message();
        return new Outcome(0, lastFault, r.instructions(), took, pc, line);
    }

    /** The memory the program sees: its context, its registered regions (and, while it runs, its stack). */
    public MemoryMap memoryMap() {
        return memory;
    }

    /** The source file of the program (from its line info), or null. */
    public String sourceFile() {
        return sourceFile;
    }

    public long invocations() {
        return invocations;
    }

    public long faults() {
        return faults;
    }

    /** Instructions executed over all invocations. */
    public long instructions() {
        return instructions;
    }

    /**
     * Median real time of one run, in ns, over the first 4096 timed invocations: unlike the mean,
     * it is not dominated by the first runs, before the JVM has compiled the JIT's class.
     */
    public double medianNanos() {
        int n = (int) Math.min(timed, samples.length);
        if (n == 0) {
            return 0;
        }
        long[] s = java.util.Arrays.copyOf(samples, n);
        java.util.Arrays.sort(s);
        return s[n / 2];
    }

    /** The last fault, "file:line: insn N: kind: message", or null. */
    public String lastFault() {
        return lastFault;
    }

    /** The most instructions one invocation can run, as the verifier proved it (loops included). */
    public long provenInstructions() {
        return provenInstructions;
    }

    /** A line for reports. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(event.id() + " program of " + object + " (" + program.size() + " instructions, at most " + provenInstructions
                + " run per event of a budget of " + budget + ", " + engine + ")");
        parts.add(invocations + " runs");
        if (faults > 0) {
            parts.add(faults + " faults, last: " + lastFault);
        }
        return String.join(", ", parts);
    }
}
