package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * The path explorer: abstract interpretation of every path of a program, in the manner of the
 * Linux verifier. States fork at conditional jumps; at jump targets a state is kept as a
 * checkpoint, and a path whose state is covered by a checkpoint already proven safe ends there.
 * Kept states forget what cannot matter (dead registers; the values of registers that never reach
 * a check, {@link Precision}), and are indexed by instruction and by the kinds of their live
 * registers, so the cost of an instruction does not grow with the states stored.
 *
 * <p>Loops: a loop whose counter proves it ends ({@link Loops}, {@link Induction}) is explored
 * once, from an invariant at its head (the entry state with the counter's whole range, widened
 * until every way around the loop comes back inside it); other loops are followed iteration by
 * iteration, and one that comes back to a state it was already in may not terminate. If the
 * invariant is too coarse to prove the loop's body safe, the loop is followed instead.
 *
 * <p>Every path also counts the instructions it runs; a proved loop adds its other iterations, so
 * an accepted program comes with the most instructions one run can execute.
 */
final class Explorer {
    private static final long MAX_LOG_CHARS = 4_000_000;
    /** How many earlier iterations a walked loop's state is compared with. */
    private static final int LOOP_LOOKBACK = 16;
    /** How many times a loop invariant is widened before the loop is walked instead. */
    private static final int MAX_WIDENINGS = 3;
    /** Verified states of the same kinds at one instruction before a new one is joined with them. */
    private static final int JOIN_AFTER = 2;

    /**
     * A state kept at a jump target, and how many paths from it are still being explored. Until a
     * path below it rules out an edge of a jump by a value (or ends on a precise checkpoint), the
     * values of the registers in {@code imprecise} have not mattered, and another state covers it
     * whatever numbers it holds there.
     */
    private static final class Checkpoint {
        final int pc;
        final State state;
        final int imprecise;
        boolean precise;
        final Checkpoint parent;
        /** The nearest ancestor at the same instruction (the previous iteration of a walked loop), or null. */
        final Checkpoint previous;
        final long key;
        /** Instructions run from the entry to here, and the most run at any end of a path from here. */
        final long steps;
        long maxEnd;
        int branches = 1;
        /** Non-null at the head of a loop being proved: the invariant's bookkeeping. */
        Proof proof;

        Checkpoint(int pc, State state, int imprecise, Checkpoint parent, Checkpoint previous, long key, long steps) {
            this.pc = pc;
            this.state = state;
            this.imprecise = imprecise;
            this.parent = parent;
            this.previous = previous;
            this.key = key;
            this.steps = steps;
            this.maxEnd = steps;
        }
    }

    /** A loop being proved from an invariant at its head, and what undoing the attempt needs. */
    private static final class Proof {
        final Loops.Counter counter;
        final Checkpoint invariant;
        final Path entry;
        final int pendingMark;
        final int undoMark;
        final int widenings;
        final long headVisits;

        Proof(Loops.Counter counter, Checkpoint invariant, Path entry, int pendingMark, int undoMark, int widenings, long headVisits) {
            this.counter = counter;
            this.invariant = invariant;
            this.entry = entry;
            this.pendingMark = pendingMark;
            this.undoMark = undoMark;
            this.widenings = widenings;
            this.headVisits = headVisits;
        }
    }

    /**
     * A path waiting to be explored: where, in which state, under which checkpoint, from which
     * instruction, after how many instructions; {@code walkAt} is a loop head to follow rather
     * than prove, {@code invariant} a widened invariant to prove the loop at the path's start with.
     */
    private record Path(int pc, State state, Checkpoint checkpoint, int prev, long steps, int walkAt, State invariant, int widenings,
            Trail trail) {
        Path(int pc, State state, Checkpoint checkpoint, int prev, long steps, Trail trail) {
            this(pc, state, checkpoint, prev, steps, -1, null, 0, trail);
        }
    }

    private final Program program;
    private final Platform platform;
    private final VerifierOptions options;
    private final int n;
    private final boolean[] prunePoint;
    private final int[] live;
    private final int[] demanded;
    private final Loops loops;
    private final Transfer transfer;
    private final MemoryChecks memory;
    private final HelperChecks helpers;
    /** Verified checkpoints per instruction, by key. */
    private final List<Map<Long, List<Checkpoint>>> done;
    /** Checkpoints added to {@link #done} in order, to take back those of a failed loop proof. */
    private final List<Checkpoint> undo = new ArrayList<>();
    private final ArrayList<Path> pending = new ArrayList<>();
    private final Deque<Proof> proving = new ArrayDeque<>();
    private final StringBuilder log;
    private final long deadline;
    private long processed;
    /** What {@link #maxSteps} holds from this value up: terminating, but after a number of steps the proof does not count. */
    static final long UNKNOWN_STEPS = Long.MAX_VALUE / 4;
    private long maxSteps;
    private Diagnostic proofFailure;
    private boolean outOfTime;
    /** What the states were, when asked for ({@link VerifierOptions#states}); null otherwise. */
    private final StateRecorder recorder;
    /** The jumps of the path being explored (kept only with the recorder), and those of the path {@link #proofFailure} came from. */
    private Trail trail;
    private Trail proofFailureTrail;
    private Trail rejectedTrail;

    Explorer(Program program, Platform platform, VerifierOptions options) {
        this.program = program;
        this.platform = platform;
        this.options = options;
        this.n = program.size();
        this.log = options.log() ? new StringBuilder() : null;
        this.deadline = options.timeBudgetNanos() > 0 ? System.nanoTime() + options.timeBudgetNanos() : 0;
        this.recorder = options.states() ? new StateRecorder(program, platform, options) : null;
        prunePoint = new boolean[n];
        live = Liveness.liveIn(program, platform);
        demanded = Precision.demandedIn(program, platform);
        loops = new Loops(program);
        transfer = new Transfer(program);
        memory = new MemoryChecks(program, platform, options);
        helpers = new HelperChecks(program, platform, memory);
        done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            done.add(null);
        }
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            int t = ProgramChecker.jumpTarget(i, insn);
            if (t >= 0 && t < n) {
                prunePoint[t] = true;
            }
            if (insn.isLddw()) {
                i++;
            }
        }
    }

    long processed() {
        return processed;
    }

    /** The most instructions one run executes, when the program was accepted. */
    long maxSteps() {
        return maxSteps;
    }

    String log() {
        return log == null ? "" : log.toString();
    }

    /** The states kept, or null when they were not asked for. */
    StateRecorder recorder() {
        return recorder;
    }

    /** The jumps of the path that led to the rejection {@link #run} returned (null: none, or states not asked for). */
    Trail rejectedTrail() {
        return rejectedTrail;
    }

    /** Explores every path; the first error, or null when the program is safe. */
    Diagnostic run() {
        pending.add(new Path(0, State.entry(Value.ctx(0, 0)), null, -1, 0, null));
        while (!pending.isEmpty()) {
            Path p = pending.remove(pending.size() - 1);
            try {
                explore(p);
            } catch (Rejection r) {
                Proof proof = proving.peekLast();
                if (outOfTime) {
                    return r.diagnostic;
                }
                if (proof == null || r.diagnostic.rule() == Rule.COMPLEXITY) {
                    // A walk that gave up after a proof failed: the proof's finding says more.
                    boolean proofs = r.diagnostic.rule() == Rule.COMPLEXITY && proofFailure != null;
                    rejectedTrail = proofs ? proofFailureTrail : trail;
                    return proofs ? proofFailure : r.diagnostic;
                }
                // The invariant may be too coarse for the loop's body: take the attempt back and walk the loop.
                if (proofFailure == null) {
                    proofFailure = r.diagnostic;
                    proofFailureTrail = trail;
                }
                abandon(proof);
                Path e = proof.entry;
                pending.add(new Path(e.pc, e.state, e.checkpoint, e.prev, e.steps, e.pc, null, 0, e.trail));
            }
        }
        return null;
    }

    private Rejection error(Rule rule, int pc, String message) {
        return Rejection.at(program, rule, pc, message);
    }

    /** Takes back a loop proof and those inside it: their pending paths and the checkpoints they verified. */
    private void abandon(Proof proof) {
        while (proving.peekLast() != proof) {
            proving.removeLast();
        }
        proving.removeLast();
        while (pending.size() > proof.pendingMark) {
            pending.remove(pending.size() - 1);
        }
        while (undo.size() > proof.undoMark) {
            Checkpoint c = undo.remove(undo.size() - 1);
            done.get(c.pc).get(c.key).remove(c);
        }
    }

    private void explore(Path p) {
        int pc = p.pc;
        State s = p.state;
        Checkpoint cp = p.checkpoint;
        int prev = p.prev;
        long steps = p.steps;
        int walkAt = p.walkAt;
        State invariant = p.invariant;
        trail = p.trail;
        while (true) {
            if (prunePoint[pc]) {
                long key = key(pc, s);
                Checkpoint covering = covering(pc, key, s);
                if (covering != null) {
                    if (covering.precise) {
                        markPrecise(cp); // what covered this path needed exact values: so may its own states
                    }
                    if (log != null) {
                        logLine(pc, "safe: covered by a state already verified");
                    }
                    if (recorder != null) {
                        recorder.covered(pc, s, covering.state, covering.precise ? 0 : covering.imprecise);
                    }
                    end(cp, steps + covering.maxEnd - covering.steps);
                    return;
                }
                Checkpoint nearest = null;
                if (loops.inLoop(pc)) {
                    nearest = cp;
                    while (nearest != null && nearest.pc != pc) {
                        nearest = nearest.parent;
                    }
                }
                if (nearest != null && nearest.proof != null && loops.isBackEdge(prev, pc)) {
                    // Around a loop being proved: inside the invariant, or widen it and start again.
                    Proof proof = nearest.proof;
                    if (s.within(nearest.state)) {
                        if (log != null) {
                            logLine(pc, "safe: inside the loop invariant " + nearest.state);
                        }
                        end(cp, steps);
                        return;
                    }
                    State back = forget(pc, s);
                    back.regs[proof.counter.reg()] = s.regs[proof.counter.reg()];
                    if (proof.counter.boundIsReg()) {
                        back.regs[proof.counter.boundReg()] = s.regs[proof.counter.boundReg()];
                    }
                    State widened = proof.widenings < MAX_WIDENINGS ? State.widen(nearest.state, back, proof.widenings >= 1) : null;
                    abandon(proof);
                    Path e = proof.entry;
                    pending.add(widened == null ? new Path(e.pc, e.state, e.checkpoint, e.prev, e.steps, e.pc, null, 0, e.trail)
                            : new Path(e.pc, e.state, e.checkpoint, e.prev, e.steps, -1, widened, proof.widenings + 1, e.trail));
                    return;
                }
                if (nearest != null) {
                    walkedLoop(pc, s, nearest, prev);
                }
                Loops.Counter counter = nearest == null && walkAt != pc ? loops.counterAt(pc) : null;
                // Entering a loop with a counter: joined with the invariants already proved here, so that
                // the many ways into a loop share few proofs (a walk, if the proof fails, starts from s).
                State entering = counter != null && invariant == null ? joined(pc, key, s) : s;
                Induction induction = counter != null ? Induction.of(counter, entering) : null;
                if (induction == null && entering != s) {
                    entering = s; // the join lost the counter's argument: prove s alone
                    induction = Induction.of(counter, s);
                }
                if (induction != null) {
                    // Prove the loop from an invariant: the entry state with the counter's whole range.
                    State inv = invariant;
                    if (inv == null) {
                        // Explored from values that do not matter forgotten, so that coming back inside it is
                        // enough; the counter and its bound stay exact, for the count of iterations.
                        inv = forget(pc, entering);
                        inv.regs[counter.reg()] = induction.range().withOrigin(entering.regs[counter.reg()].origin);
                        if (counter.boundIsReg()) {
                            inv.regs[counter.boundReg()] = entering.regs[counter.boundReg()];
                        }
                    }
                    Induction bound = Induction.of(counter, inv);
                    long visits = bound != null ? Math.max(bound.headVisits(), induction.headVisits()) : Long.MAX_VALUE;
                    Path entry = new Path(pc, s, cp, prev, steps, trail);
                    markPrecise(cp); // the counter's and the bound's values decide how often the loop runs
                    Checkpoint c = new Checkpoint(pc, inv, 0, cp, null, key(pc, inv), steps);
                    c.proof = new Proof(counter, c, entry, pending.size(), undo.size(), p.widenings, visits);
                    proving.addLast(c.proof);
                    cp = c;
                    s = inv.copy();
                    if (log != null) {
                        logLine(pc, "loop: r" + counter.reg() + " counts to its bound in at most " + visits
                                + " tests; proving the body from " + inv);
                    }
                } else {
                    if (!loops.inLoop(pc)) {
                        s = joined(pc, key, s); // (in a loop, a walk must see each iteration exactly)
                    }
                    cp = new Checkpoint(pc, dead(pc, s), imprecise(pc, s), cp, nearest, key, steps);
                }
                walkAt = -1;
                invariant = null;
            }
            if (++processed > options.maxProcessed()) {
                throw error(Rule.COMPLEXITY, pc, "the verifier gave up after following " + options.maxProcessed()
                        + " instructions along all paths: simplify the program, or give its loops a counter with a constant step");
            }
            if (deadline != 0 && (processed & 255) == 0 && System.nanoTime() > deadline) {
                outOfTime = true;
                throw new Rejection(Diagnostic.at(program, Rule.COMPLEXITY, 0, String.format(
                        "the verifier ran out of its time budget (%d ms) after following %d instructions; the program is not verified",
                        options.timeBudgetNanos() / 1_000_000, processed)));
            }
            steps++;
            if (log != null) {
                logLine(pc, s.toString());
            }
            Instruction insn = program.get(pc);
            int opcode = insn.opcode();
            int next = pc + (insn.isLddw() ? 2 : 1);
            try {
                checkRegisters(pc, insn, s);
                Value address = recorder != null ? addressOf(insn, s) : null;
                switch (cls(opcode)) {
                    case CLS_ALU, CLS_ALU64 -> {
                        transfer.alu(pc, insn, s);
                        if (transfer.movedPointer) {
                            transfer.movedPointer = false;
                            markPrecise(cp); // the offset decides the bounds checks to come
                        }
                    }
                    case CLS_LD -> {
                        if (opcode != LDDW) {
                            throw error(Rule.MEM_BOUNDS, pc, "legacy packet loads (ldabs/ldind) are not available to hyperupcalls");
                        }
                        s.regs[insn.dst()] = Value.constant(program.imm64(pc)).withOrigin(pc);
                    }
                    case CLS_LDX -> s.regs[insn.dst()] = memory.load(pc, insn, s);
                    case CLS_ST, CLS_STX -> memory.store(pc, insn, s);
                    default -> {
                        if (opcode == EXIT) {
                            if (recorder != null) {
                                recorder.after(pc, s); // r0 as it leaves
                            }
                            int ret = exit(pc, s);
                            if (ret < 0) {
                                end(cp, steps);
                                return;
                            }
                            prev = pc;
                            pc = ret;
                            continue;
                        }
                        if (opcode == CALL) {
                            if (insn.src() == CALL_LOCAL) {
                                int target = ProgramChecker.jumpTarget(pc, insn);
                                enter(pc, s);
                                if (recorder != null) {
                                    recorder.after(pc, s);
                                }
                                prev = pc;
                                pc = target;
                                continue;
                            }
                            helpers.call(pc, insn, s);
                            break;
                        }
                        int target = ProgramChecker.jumpTarget(pc, insn);
                        if (opcode == JA || opcode == JA32) {
                            if (recorder != null) {
                                recorder.after(pc, s);
                            }
                            prev = pc;
                            pc = target;
                            continue;
                        }
                        Transfer.Edges edges = transfer.branch(pc, insn, s);
                        if (edges != Transfer.Edges.BOTH && source(opcode) == SRC_K) {
                            markPrecise(cp); // a value chose the path
                        }
                        if (edges == Transfer.Edges.BOTH) {
                            // Follow the fall-through now, the jump later.
                            if (cp != null) {
                                cp.branches++;
                            }
                            Trail taken = recorder != null ? new Trail(pc, true, false, trail) : null;
                            pending.add(new Path(target, transfer.taken, cp, pc, steps, taken));
                        }
                        if (recorder != null) {
                            branch(pc, s, edges);
                        }
                        prev = pc;
                        pc = edges == Transfer.Edges.TAKEN ? target : next;
                        continue;
                    }
                }
                if (recorder != null) {
                    if (address != null) {
                        recorder.access(pc, address);
                    }
                    recorder.after(pc, s);
                }
            } catch (Rejection r) {
                if (recorder != null) {
                    recorder.failed(pc, s, r.diagnostic);
                }
                throw r;
            }
            prev = pc;
            pc = next;
        }
    }

    /** The address register's value of a load or store (before it runs), or null. */
    private static Value addressOf(Instruction insn, State s) {
        int r = StateRecorder.addressRegister(insn);
        return r < 0 ? null : s.regs[r];
    }

    /** Records a conditional jump's edges: the states after it, and the jump on the path's trail. */
    private void branch(int pc, State s, Transfer.Edges edges) {
        recorder.after(pc, s);
        if (edges == Transfer.Edges.BOTH) {
            recorder.after(pc, transfer.taken);
        }
        trail = new Trail(pc, edges == Transfer.Edges.TAKEN, edges != Transfer.Edges.BOTH, trail);
    }

    /** Reads of registers that hold nothing, and writes to the frame pointer, on a path that runs. */
    private void checkRegisters(int pc, Instruction insn, State s) {
        int opcode = insn.opcode();
        int reads = opcode == CALL ? 0 : ProgramChecker.reads(insn); // call arguments are checked by kind
        for (int r = 0; r < 10; r++) {
            if ((reads & (1 << r)) != 0 && s.regs[r].kind == Value.Kind.UNINIT) {
                throw error(Rule.UNINIT_REGISTER, pc, "reads r" + r + " before any value was written to it"
                        + (s.depth() > 0 && r >= 1 && r <= 5 ? " (the caller did not pass it)" : ""));
            }
        }
        if (opcode != CALL && (ProgramChecker.writes(insn) & (1 << FRAME_POINTER)) != 0) {
            throw error(Rule.STRUCTURE, pc, "r10 is the read-only frame pointer and cannot be written");
        }
    }

    /** A walked loop back at a state it was in: it may never end. */
    private void walkedLoop(int pc, State s, Checkpoint nearest, int prev) {
        int looked = 0;
        for (Checkpoint a = nearest; a != null && looked < LOOP_LOOKBACK; a = a.previous, looked++) {
            if (s.within(a.state)) {
                int from = prev;
                String where = from >= 0 ? "back edge from insn " + from + " to insn " + pc : "loop at insn " + pc;
                int line = from >= 0 ? program.sourceLine(from) : 0;
                throw Rejection.at(program, Rule.LOOP, from >= 0 ? from : pc, where + (line > 0 && program.sourceLine(pc) > 0
                        ? " (lines " + program.sourceLine(pc) + "-" + line + ")" : "")
                        + ": the loop may not terminate; the verifier proves termination for loops with a counter that moves by a"
                        + " constant step towards a bound each iteration",
                        from >= 0 ? List.of(Diagnostic.related(program, pc, "the loop's header (insn " + pc + "), where the back edge from insn "
                                + from + " jumps to")) : List.of());
            }
        }
    }

    /**
     * The state to go on with at a jump target where many verified states of the same kinds are
     * already kept: joined with the latest of them (PREVAIL's join at merge points), so that one more
     * exploration covers both, and the states kept per instruction stay few whatever the number of
     * paths. Past twice as many, moving bounds go to their ends. The join covers s, so verifying it
     * verifies s; it may lose what the paths had in common (a correlation of two registers).
     */
    private State joined(int pc, long key, State s) {
        Map<Long, List<Checkpoint>> byKey = done.get(pc);
        List<Checkpoint> list = byKey == null ? null : byKey.get(key);
        if (list == null || list.size() < JOIN_AFTER) {
            return s;
        }
        State j = State.widen(list.get(list.size() - 1).state, s, list.size() >= 2 * JOIN_AFTER);
        if (j == null) {
            return s;
        }
        for (int r = 0; r < 10; r++) {
            if ((live[pc] & (1 << r)) == 0) {
                j.regs[r] = s.regs[r]; // dead: as they were
            }
        }
        if (log != null) {
            logLine(pc, "joined with a state verified here: " + j);
        }
        return j;
    }

    /** The checkpoints of the path so far must be compared exactly: a value decided something below them. */
    private static void markPrecise(Checkpoint cp) {
        while (cp != null && !cp.precise) {
            cp.precise = true;
            cp = cp.parent;
        }
    }

    /** A verified checkpoint at pc whose state covers s, or null. */
    private Checkpoint covering(int pc, long key, State s) {
        Map<Long, List<Checkpoint>> byKey = done.get(pc);
        if (byKey == null) {
            return null;
        }
        List<Checkpoint> list = byKey.get(key);
        if (list == null) {
            return null;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            Checkpoint c = list.get(i);
            if (s.within(c.state, c.precise ? 0 : c.imprecise)) {
                return c;
            }
        }
        return null;
    }

    /** The state as kept at pc: dead registers forgotten. */
    private State dead(int pc, State s) {
        State kept = s.copy();
        for (int r = 0; r < 10; r++) {
            if ((live[pc] & (1 << r)) == 0) {
                kept.regs[r] = Value.UNINIT;
            }
        }
        return kept;
    }

    /** Live registers holding numbers whose values no check after pc reads (see {@link Precision}). */
    private int imprecise(int pc, State s) {
        int mask = live[pc] & ~demanded[pc] & 0x3ff;
        for (int r = 0; r < 10; r++) {
            if ((mask & (1 << r)) != 0 && !s.regs[r].isScalar()) {
                mask &= ~(1 << r);
            }
        }
        return mask;
    }

    /** The state as kept at pc: dead registers forgotten, and the values of those whose value cannot matter. */
    private State forget(int pc, State s) {
        State kept = dead(pc, s);
        int imprecise = imprecise(pc, s);
        for (int r = 0; r < 10; r++) {
            if ((imprecise & (1 << r)) != 0) {
                kept.regs[r] = Value.UNKNOWN;
            }
        }
        return kept;
    }

    /** A cheap key that states covering each other share: the kinds of the live registers and the frames. */
    private long key(int pc, State s) {
        long h = s.frames.length;
        int l = live[pc];
        for (int r = 0; r < 10; r++) {
            if ((l & (1 << r)) != 0) {
                Value v = s.regs[r];
                h = h * 31 + v.kind.ordinal() * 16 + v.frame;
            }
        }
        for (State.Frame f : s.frames) {
            h = h * 31 + f.returnPc;
        }
        return h;
    }

    /** A path ended after {@code endSteps} instructions: its checkpoints whose paths have all ended are verified. */
    private void end(Checkpoint cp, long endSteps) {
        if (cp == null) {
            maxSteps = Math.max(maxSteps, endSteps);
            return;
        }
        cp.maxEnd = Math.max(cp.maxEnd, endSteps);
        while (cp != null) {
            if (--cp.branches > 0) {
                return;
            }
            if (cp.proof != null) {
                // The loop is proved: its other iterations each run at most one more body.
                Proof proof = cp.proof;
                proving.remove(proof);
                long iteration = proof.counter.bodyLength() >= 0 ? proof.counter.bodyLength() : cp.maxEnd - cp.steps;
                long more = proof.headVisits == Long.MAX_VALUE ? UNKNOWN_STEPS : multiply(proof.headVisits - 1, iteration);
                cp.maxEnd = saturatedAdd(cp.maxEnd, more);
            }
            Map<Long, List<Checkpoint>> byKey = done.get(cp.pc);
            if (byKey == null) {
                byKey = new HashMap<>();
                done.set(cp.pc, byKey);
            }
            byKey.computeIfAbsent(cp.key, k -> new ArrayList<>(2)).add(cp);
            undo.add(cp);
            Checkpoint parent = cp.parent;
            if (parent == null) {
                maxSteps = Math.max(maxSteps, cp.maxEnd);
            } else {
                parent.maxEnd = Math.max(parent.maxEnd, cp.maxEnd);
            }
            cp = parent;
        }
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return UNKNOWN_STEPS;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? UNKNOWN_STEPS : r;
    }

    private void logLine(int pc, String text) {
        if (log.length() < MAX_LOG_CHARS) {
            log.append(String.format("%5d: %-44s ; %s%n", pc, Disassembler.instruction(program, pc, Disassembler.Syntax.LLVM), text));
        }
    }

    // ---- calls and exits ----

    private void enter(int pc, State s) {
        if (s.depth() + 1 >= MAX_CALL_DEPTH) {
            throw error(Rule.CALL_DEPTH, pc, "calls nest more than " + MAX_CALL_DEPTH + " frames deep");
        }
        State.Frame f = new State.Frame();
        f.callerSaved = new Value[] {s.regs[6], s.regs[7], s.regs[8], s.regs[9]};
        f.returnPc = pc + 1;
        State.Frame[] frames = java.util.Arrays.copyOf(s.frames, s.frames.length + 1);
        frames[frames.length - 1] = f;
        s.frames = frames;
        s.regs[0] = Value.UNINIT;
        for (int r = 6; r <= 9; r++) {
            s.regs[r] = Value.UNINIT;
        }
        s.regs[10] = Value.stack(s.depth(), 0, 0);
    }

    /** Handles exit: the slot to continue at after a callee returns, or -1 when the program ends. */
    private int exit(int pc, State s) {
        Value r0 = s.regs[0];
        if (r0.kind == Value.Kind.UNINIT) {
            throw error(Rule.UNINIT_REGISTER, pc, "exit with r0 never set");
        }
        if (s.depth() > 0) {
            if (r0.kind == Value.Kind.STACK && r0.frame == s.depth()) {
                throw error(Rule.POINTER_LEAK, pc, "returns a pointer to its own stack frame, which ends with the call");
            }
            State.Frame f = s.top();
            s.frames = java.util.Arrays.copyOf(s.frames, s.frames.length - 1);
            for (int r = 1; r <= 5; r++) {
                s.regs[r] = Value.UNINIT;
            }
            for (int r = 6; r <= 9; r++) {
                s.regs[r] = f.callerSaved[r - 6];
            }
            s.regs[10] = Value.stack(s.depth(), 0, 0);
            return f.returnPc;
        }
        if (!r0.isScalar()) {
            throw error(Rule.RETURN, pc, "returns a pointer (" + r0 + "); " + platform.returnCodes());
        }
        if (Long.compareUnsigned(r0.umax - r0.umin, 64) > 0) {
            throw error(Rule.RETURN, pc, "r0 may be " + r0 + " at exit; " + platform.returnCodes());
        }
        for (long v = r0.umin;; v++) {
            if (!platform.returns(v)) {
                throw error(Rule.RETURN, pc, "r0 may be " + v + (r0.isConstant() ? "" : " (r0 is " + r0 + ")") + " at exit; "
                        + platform.returnCodes());
            }
            if (v == r0.umax) {
                break;
            }
        }
        return -1;
    }
}
