package org.hyperupcall.hypervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestLayout;

/**
 * A VM on a simulated host: N vCPUs time-shared on M physical CPUs by a round-robin host scheduler
 * (a vCPU is running, preempted or halted), guest memory with the guest kernel's state, a clock in
 * cycles advanced by a discrete-event queue, the cost model, and the hyperupcalls registered for
 * its events. It is the {@link Host} of the helpers.
 */
public final class Vm implements Host {
    /** The states of a vCPU. */
    public enum State {
        RUNNING, PREEMPTED, HALTED
    }

    /** Number of HUP_REG_* registers a vCPU has. */

    private record Timed(long at, long seq, Runnable action) {
    }

    private final CostModel cost;
    private final GuestMemory memory;
    private final GuestLayout layout;
    private final Metrics metrics = new Metrics();
    private final java.util.random.RandomGenerator random;
    private final int pcpus;
    private final State[] state;
    private final int[] pcpuOf;
    private final int[] onPcpu;
    private final long[][] regs;
    private final boolean[] flushOnEntry;
    private final ArrayDeque<Integer> runQueue = new ArrayDeque<>();
    private final PriorityQueue<Timed> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Map<Event, Hyperupcall> hyperupcalls = new EnumMap<>(Event.class);
    private final List<IntConsumer> scheduleIn = new ArrayList<>();
    private final List<byte[]> traceStream = new ArrayList<>();
    private final Registry registry;
    private long now;
    private long seq;
    private VmExits.Counters exitCounters;

    public Vm(int vcpus, int pcpus, GuestMemory memory, GuestLayout layout, CostModel cost, EngineKind engine, long seed) {
        if (vcpus < 1 || pcpus < 1 || vcpus > GuestLayout.NR_CPUS) {
            throw new IllegalArgumentException("a VM has 1.." + GuestLayout.NR_CPUS + " vCPUs on at least one physical CPU");
        }
        this.cost = cost;
        this.memory = memory;
        this.layout = layout;
        this.random = new java.util.SplittableRandom(seed);
        this.pcpus = pcpus;
        this.state = new State[vcpus];
        this.pcpuOf = new int[vcpus];
        this.onPcpu = new int[pcpus];
        this.regs = new long[vcpus][Constants.REGISTERS];
        this.flushOnEntry = new boolean[vcpus];
        java.util.Arrays.fill(onPcpu, -1);
        for (int v = 0; v < vcpus; v++) {
            regs[v][Constants.REG_CR0] = Constants.CR0_WP | Constants.CR0_PE;
            if (v < pcpus) {
                state[v] = State.RUNNING;
                pcpuOf[v] = v;
                onPcpu[v] = v;
            } else {
                state[v] = State.PREEMPTED;
                pcpuOf[v] = -1;
                runQueue.add(v);
            }
        }
        this.registry = new Registry(layout, memory, this, engine, Constants.DEFAULT_LOCAL_INSN_LIMIT);
        if (vcpus > pcpus) {
            for (int p = 0; p < pcpus; p++) {
                int cpu = p;
                at(cost.timeSlice() + p * cost.timeSlice() / pcpus, () -> sliceEnd(cpu));
            }
        }
    }

    public CostModel cost() {
        return cost;
    }

    public GuestMemory memory() {
        return memory;
    }

    public GuestLayout layout() {
        return layout;
    }

    public Metrics metrics() {
        return metrics;
    }

    VmExits.Counters exitCounters() {
        VmExits.Counters c = exitCounters;
        if (c == null) {
            c = new VmExits.Counters(metrics);
            exitCounters = c;
        }
        return c;
    }

    /** Processes the next event; false when there is none. */
    public boolean step() {
        Timed t = queue.poll();
        if (t == null) {
            return false;
        }
        now = t.at;
        t.action.run();
        return true;
    }

    public java.util.random.RandomGenerator random() {
        return random;
    }

    public Registry registry() {
        return registry;
    }

    /** The simulated time, in cycles. */
    public long now() {
        return now;
    }

    public int pcpus() {
        return pcpus;
    }

    public State state(int vcpu) {
        return state[vcpu];
    }

    /** Attaches a registered hyperupcall to its event (replacing any earlier one). */
    public void attach(Hyperupcall h) {
        hyperupcalls.put(h.event(), h);
    }

    /**
     * Unregisters a hyperupcall by its handle (the one {@link Registry#register} returned): its
     * event runs no program from now on, and its compiled code can be collected. False when another
     * hyperupcall (or none) is attached to the event.
     */
    public boolean detach(Hyperupcall h) {
        return hyperupcalls.remove(h.event(), h);
    }

    public Hyperupcall hyperupcall(Event e) {
        return hyperupcalls.get(e);
    }

    /** Runs action at simulated time t (cycles). */
    public void at(long t, Runnable action) {
        queue.add(new Timed(Math.max(t, now), seq++, action));
    }

    /** Runs action after delay cycles. */
    public void after(long delay, Runnable action) {
        at(now + delay, action);
    }

    /** Called with the vCPU each time the host scheduler puts a vCPU on a physical CPU. */
    public void onScheduleIn(IntConsumer listener) {
        scheduleIn.add(listener);
    }

    /** Processes events until the queue is empty or the clock passes {@code until}. */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Timed t = queue.poll();
            now = t.at;
            t.action.run();
        }
        now = Math.max(now, until);
    }

    private void sliceEnd(int pcpu) {
        int current = onPcpu[pcpu];
        Integer next = runQueue.poll();
        if (next != null) {
            if (current >= 0) {
                state[current] = State.PREEMPTED;
                pcpuOf[current] = -1;
                runQueue.add(current);
                metrics.increment(Metric.HOST_PREEMPTIONS);
            }
            place(next, pcpu);
        }
        after(cost.timeSlice(), () -> sliceEnd(pcpu));
    }

    private void place(int vcpu, int pcpu) {
        state[vcpu] = State.RUNNING;
        pcpuOf[vcpu] = pcpu;
        onPcpu[pcpu] = vcpu;
        metrics.increment(Metric.HOST_SCHEDULE_INS);
        if (flushOnEntry[vcpu]) {
            flushOnEntry[vcpu] = false;
            metrics.increment(Metric.TLB_FLUSHES_ON_ENTRY);
            metrics.add(Metric.CYCLES_TLB_FLUSH, cost.tlbFlush());
        }
        for (IntConsumer l : scheduleIn) {
            l.accept(vcpu);
        }
    }

    /** Halts a vCPU (HLT, or stopped by the hypervisor): it leaves its physical CPU. */
    public void halt(int vcpu) {
        if (state[vcpu] == State.RUNNING) {
            onPcpu[pcpuOf[vcpu]] = -1;
            int p = pcpuOf[vcpu];
            pcpuOf[vcpu] = -1;
            state[vcpu] = State.HALTED;
            Integer next = runQueue.poll();
            if (next != null) {
                place(next, p);
            }
        } else {
            runQueue.remove(vcpu);
            state[vcpu] = State.HALTED;
        }
    }

    /** Makes a halted vCPU runnable again (on an idle physical CPU at once, else in the run queue). */
    public void resume(int vcpu) {
        if (state[vcpu] != State.HALTED) {
            return;
        }
        for (int p = 0; p < pcpus; p++) {
            if (onPcpu[p] < 0) {
                place(vcpu, p);
                return;
            }
        }
        state[vcpu] = State.PREEMPTED;
        runQueue.add(vcpu);
    }

    // ------------------------------------------------------------------ Host

    @Override
    public int vcpus() {
        return state.length;
    }

    @Override
    public long nowNanos() {
        return (long) cost.nanos(now);
    }

    @Override
    public boolean isRunning(int vcpu) {
        return vcpu >= 0 && vcpu < state.length && state[vcpu] == State.RUNNING;
    }

    @Override
    public long register(int vcpu, int reg) {
        return reg >= 0 && reg < Constants.REGISTERS ? regs[vcpu][reg] : -1;
    }

    @Override
    public boolean setRegister(int vcpu, int reg, long value) {
        if (reg < 0 || reg >= Constants.REGISTERS || vcpu < 0 || vcpu >= state.length) {
            return false;
        }
        regs[vcpu][reg] = value;
        return true;
    }

    @Override
    public void sendIpi(int vcpu, int vector) {
        metrics.increment(Metric.IPIS_FROM_HYPERUPCALLS);
    }

    @Override
    public void flushTlb(int vcpu) {
        flushOnEntry[vcpu] = true;
        metrics.increment(Metric.TLB_FLUSHES_DEFERRED);
    }

    @Override
    public void trace(byte[] record) {
        traceStream.add(record);
    }

    /** Records appended with hup_trace. */
    public List<byte[]> traceStream() {
        return traceStream;
    }
}
