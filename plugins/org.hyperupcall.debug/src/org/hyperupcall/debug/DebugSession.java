package org.hyperupcall.debug;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.ExecutionHook;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.hypervisor.Debugging;
import org.hyperupcall.hypervisor.Hyperupcall;

/**
 * The debugger's side of a run, protocol aside: where to stop (breakpoints by source line, with
 * conditions; stepping by line; the entry of each run; faults), and the state while stopped. The
 * simulator's thread calls {@link #before} for each instruction and blocks here while the program is
 * stopped; the client's thread resumes it ({@link #resume}). One hyperupcall runs at a time.
 */
final class DebugSession implements Debugging {
    /** How the program goes on after a stop. */
    enum Mode {
        /** To the next breakpoint (or fault). */
        CONTINUE,
        /** Step over: to the next instruction of another source line, in this run, not inside a function inlined there. */
        NEXT_LINE,
        /** Step in: to the next instruction of another source line, in this run, an inlined function's body included. */
        STEP_IN,
        /** Step out: out of the inlined function (to the next line of its caller), or in the entry point to the exit of this run (before its exit instruction). */
        OUT,
    }

    /** Why the program stopped, and what it looks like there. */
    record Stop(String reason, String description, Hyperupcall hyperupcall, int vcpu, long nowNanos, int pc, long[] registers,
            MemoryMap memory, long run) {
        int line() {
            Program p = hyperupcall.program();
            return pc >= 0 && pc < p.size() ? p.sourceLine(pc) : 0;
        }
    }

    /**
     * A breakpoint: its line and, when it has a condition, the condition as each event's entry
     * point reads it (null: none; an event without one never stops there).
     */
    record Breakpoint(int line, Map<org.hyperupcall.abi.Event, Conditions.Condition> conditions) {
        boolean holds(org.hyperupcall.abi.Event event, int pc, long[] registers, MemoryMap memory) {
            if (conditions == null) {
                return true;
            }
            Conditions.Condition c = conditions.get(event);
            return c != null && c.holds(pc, registers, memory);
        }
    }

    private final Consumer<Stop> onStop;
    private final Object lock = new Object();
    private Map<Integer, Breakpoint> breakpoints = Map.of();
    private volatile boolean stopOnEntry;
    private volatile boolean stopOnFirstEntry;
    private volatile boolean stopOnFault = true;
    private volatile boolean terminated;
    /** A client asked to pause: the next instruction a hyperupcall runs stops. */
    private volatile boolean pauseRequested;

    // the run in progress (simulator thread)
    private Hyperupcall current;
    private int currentVcpu;
    private long currentNow;
    private long runs;
    private long[] lastRegisters;
    private int lastPc = -1;
    private MemoryMap lastMemory;
    private Mode mode = Mode.CONTINUE;
    private int stepFromLine = -1;
    /** The inline depth the step started at (0: the entry point's body). */
    private int stepDepth;
    /** How many inlined calls deep an instruction of an event's hyperupcall is. */
    private volatile java.util.function.ToIntBiFunction<org.hyperupcall.abi.Event, Integer> inlineDepth = (event, pc) -> 0;
    private long stepRun = -1;
    private boolean pendingEntryStop;
    /** The events whose hyperupcall has run ("first" stops at the first run of each kind). */
    private final java.util.Set<org.hyperupcall.abi.Event> eventsRun = java.util.EnumSet.noneOf(org.hyperupcall.abi.Event.class);

    // while stopped
    private Stop stopped;
    private boolean resumed;

    DebugSession(Consumer<Stop> onStop) {
        this.onStop = onStop;
    }

    /** Sets the breakpoints (replacing them), by line. */
    void setBreakpoints(Map<Integer, Breakpoint> byLine) {
        synchronized (lock) {
            breakpoints = Map.copyOf(byLine);
        }
    }

    /** The source lines that have instructions. */
    static TreeSet<Integer> codeLines(Program program) {
        TreeSet<Integer> lines = new TreeSet<>();
        for (int pc = 0; pc < program.size(); pc++) {
            if (program.sourceLine(pc) > 0) {
                lines.add(program.sourceLine(pc));
            }
        }
        return lines;
    }

    /** Where the inlined functions are: how many inlined calls deep an instruction of an event's hyperupcall is. */
    void inlineDepth(java.util.function.ToIntBiFunction<org.hyperupcall.abi.Event, Integer> depth) {
        inlineDepth = depth;
    }

    /** Whether a step ends at this instruction: the first of another source line, at a depth the step stops at. */
    private boolean stepping(int pc, int line, boolean lineStart) {
        if (stepRun != runs || line <= 0 || !lineStart || mode == Mode.CONTINUE) {
            return false;
        }
        int depth = inlineDepth.applyAsInt(current.event(), pc);
        return switch (mode) {
            case STEP_IN -> line != stepFromLine;
            case NEXT_LINE -> depth < stepDepth || depth == stepDepth && line != stepFromLine;
            case OUT -> depth < stepDepth;
            default -> false;
        };
    }

    /**
     * Pauses the program: it stops before the next instruction a hyperupcall runs (between runs the
     * simulator goes on to the next event that runs one).
     */
    void pause() {
        synchronized (lock) {
            if (stopped != null && !resumed) {
                return; // already stopped: nothing to pause
            }
            pauseRequested = true;
        }
    }

    void stopOnEntry(boolean on) {
        stopOnEntry = on;
    }

    /** Stops at the first instruction of the first run only ("break on the first event"). */
    void stopOnFirstEntry(boolean on) {
        stopOnFirstEntry = on;
    }

    void stopOnFault(boolean on) {
        stopOnFault = on;
    }

    @Override
    public void invoking(Hyperupcall hyperupcall, int vcpu, long nowNanos) {
        current = hyperupcall;
        currentVcpu = vcpu;
        currentNow = nowNanos;
        runs++;
        lastPc = -1;
        boolean firstOfItsKind = eventsRun.add(hyperupcall.event());
        pendingEntryStop = stopOnEntry || stopOnFirstEntry && firstOfItsKind || mode != Mode.CONTINUE && stepRun != runs;
    }

    @Override
    public void before(int pc, long[] registers, int depth, MemoryMap memory) {
        if (terminated) {
            throw new ExecutionHook.Stop("the debugger disconnected");
        }
        Program p = current.program();
        int line = p.sourceLine(pc);
        boolean lineStart = lastPc < 0 || p.sourceLine(lastPc) != line || pc != lastPc + 1;
        lastPc = pc;
        lastRegisters = registers;
        lastMemory = memory;
        String reason = null;
        String description = null;
        if (pauseRequested) {
            pauseRequested = false;
            reason = "pause";
            description = "paused at the next instruction of a hyperupcall (the " + current.event().id() + " hyperupcall, run " + runs + ")";
        } else if (pendingEntryStop) {
            pendingEntryStop = false;
            reason = mode == Mode.CONTINUE ? "entry" : "step";
            description = "entry of the " + current.event().id() + " hyperupcall (run " + runs + ")";
        } else if (stepping(pc, line, lineStart)) {
            reason = "step";
        } else if (mode == Mode.OUT && stepRun == runs && stepDepth == 0 && depth == 0 && p.get(pc).opcode() == Op.EXIT) {
            reason = "step";
            description = "exit of the run: r0 is the return value";
        } else if (lineStart && line > 0) {
            Breakpoint b;
            synchronized (lock) {
                b = breakpoints.get(line);
            }
            if (b != null && b.holds(current.event(), pc, registers, memory)) {
                reason = "breakpoint";
            }
        }
        if (reason != null) {
            stop(new Stop(reason, description, current, currentVcpu, currentNow, pc, registers, memory, runs));
        }
    }

    @Override
    public void returned(Hyperupcall hyperupcall, Hyperupcall.Outcome outcome) {
        if (outcome.fault() != null && stopOnFault && !terminated) {
            // stopped at the faulting instruction, with the registers as they were when it ran
            stop(new Stop("exception", outcome.fault(), hyperupcall, currentVcpu, currentNow, lastPc, lastRegisters, lastMemory, runs));
        }
    }

    /** Blocks the simulator's thread until the client resumes or disconnects. */
    private void stop(Stop s) {
        synchronized (lock) {
            stopped = s;
            resumed = false;
        }
        onStop.accept(s);
        synchronized (lock) {
            while (!resumed && !terminated) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    terminated = true;
                }
            }
            stopped = null;
        }
        if (terminated) {
            throw new ExecutionHook.Stop("the debugger disconnected");
        }
    }

    /** Where the program is stopped, or null while it runs. */
    Stop stopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** Lets the stopped program go on. */
    void resume(Mode how) {
        synchronized (lock) {
            Stop s = stopped;
            mode = how;
            stepFromLine = s == null ? -1 : s.line();
            stepRun = s == null ? -1 : s.run();
            stepDepth = s == null ? 0 : inlineDepth.applyAsInt(s.hyperupcall().event(), s.pc());
            resumed = true;
            lock.notifyAll();
        }
    }

    /** Ends the run at its next instruction (or now, if it is stopped). */
    void terminate() {
        synchronized (lock) {
            terminated = true;
            lock.notifyAll();
        }
    }

    boolean terminated() {
        return terminated;
    }
}
