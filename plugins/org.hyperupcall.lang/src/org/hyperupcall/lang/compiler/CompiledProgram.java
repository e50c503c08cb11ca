package org.hyperupcall.lang.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;

/**
 * The program of one entry point, for its event; with ways to check it with the verifier and to
 * run it on an engine over a context, using only JDK and ABI types (so that clients need not
 * depend on the eBPF bundle).
 */
public final class CompiledProgram {
    /** Where {@link #run} maps the context (r1 points here). */
    public static final long CONTEXT_BASE = 0x1000_0000L;

    private final String file;
    private final String function;
    private final Event event;
    private final Program program;
    private final Map<Integer, String> externs;
    private final List<VariableLocation> variables;
    private final int[] sites;
    private final List<InlineSite> inlineSites;

    CompiledProgram(String file, String function, Event event, Program program, Map<Integer, String> externs,
            List<VariableLocation> variables, int[] sites, List<InlineSite> inlineSites) {
        this.file = file;
        this.function = function;
        this.event = event;
        this.program = program;
        this.externs = Map.copyOf(externs);
        this.variables = List.copyOf(variables);
        this.sites = sites.clone();
        this.inlineSites = List.copyOf(inlineSites);
    }

    /** A frame a debugger shows: a function and the source line it is at (for an inlined function's caller, the line of the call). */
    public record Frame(String function, int line) {
    }

    /**
     * The frames at instruction slot {@code pc}, innermost first: the inlined functions the slot's
     * code belongs to, each at its line (the innermost at the slot's line, a caller at the line of
     * its call), then the entry point.
     */
    public List<Frame> inlineStack(int pc) {
        List<Frame> out = new ArrayList<>();
        int line = pc >= 0 && pc < program.size() ? program.sourceLine(pc) : 0;
        int site = pc >= 0 && pc < sites.length ? sites[pc] : -1;
        while (site >= 0) {
            InlineSite s = inlineSites.get(site);
            out.add(new Frame(s.function(), line));
            line = s.callLine();
            site = s.parent();
        }
        out.add(new Frame(function, line));
        return out;
    }

    /** How many inlined calls deep instruction slot {@code pc} is (0: the entry point's own body). */
    public int inlineDepth(int pc) {
        int depth = 0;
        for (int site = pc >= 0 && pc < sites.length ? sites[pc] : -1; site >= 0; site = inlineSites.get(site).parent()) {
            depth++;
        }
        return depth;
    }

    /** Where each named variable of the source is in the program, in the order they are declared (inlined functions' included). */
    public List<VariableLocation> variables() {
        return variables;
    }

    /**
     * The variables a debugger shows before instruction slot {@code pc} runs: those whose scope holds
     * the slot's source line, one per name, the innermost (latest declared) where names shadow one
     * another; of copies with the same scope (a function inlined twice), the one available there.
     */
    public List<VariableLocation> variablesAt(int pc) {
        return variablesAt(pc, pc >= 0 && pc < program.size() ? program.sourceLine(pc) : 0);
    }

    /**
     * The variables in scope at {@code line} (a frame's: for the caller of an inlined function, the
     * line of the call), as {@link #variablesAt(int)} chooses them, before slot {@code pc} runs.
     */
    public List<VariableLocation> variablesAt(int pc, int line) {
        Map<String, VariableLocation> byName = new java.util.LinkedHashMap<>();
        for (VariableLocation v : variables) {
            if (!v.inScope(line)) {
                continue;
            }
            VariableLocation seen = byName.get(v.name());
            boolean inner = seen == null || v.firstLine() > seen.firstLine()
                    || v.firstLine() == seen.firstLine() && v.lastLine() < seen.lastLine();
            boolean sameScope = seen != null && v.firstLine() == seen.firstLine() && v.lastLine() == seen.lastLine();
            if (inner || sameScope && !seen.availableAt(pc) && v.availableAt(pc)) {
                byName.put(v.name(), v);
            }
        }
        return List.copyOf(byName.values());
    }

    /** The lddw slots that load the address of an extern variable, with its symbol (the ELF relocations). */
    public Map<Integer, String> externs() {
        return externs;
    }

    /** The symbols of the extern variables the program uses. */
    public java.util.Set<String> externSymbols() {
        return new java.util.TreeSet<>(externs.values());
    }

    /** The program with every extern address filled in (what a loader does with the ELF relocations). */
    public CompiledProgram link(Map<String, Long> addresses) {
        org.hyperupcall.ebpf.isa.Instruction[] slots = program.slots();
        for (Map.Entry<Integer, String> x : externs.entrySet()) {
            Long a = addresses.get(x.getValue());
            if (a == null) {
                throw new IllegalArgumentException("no address for extern " + x.getValue());
            }
            int i = x.getKey();
            long v = program.imm64(i) + a;
            slots[i] = new org.hyperupcall.ebpf.isa.Instruction(slots[i].opcode(), slots[i].dst(), 0, 0, (int) v);
            slots[i + 1] = new org.hyperupcall.ebpf.isa.Instruction(0, 0, 0, 0, (int) (v >>> 32));
        }
        int[] lines = sourceLines();
        Program linked = new Program(program.name(), slots, program.labels(), lines);
        return new CompiledProgram(file, function, event, linked, Map.of(), variables, sites, inlineSites);
    }

    public String function() {
        return function;
    }

    public Event event() {
        return event;
    }

    public Program program() {
        return program;
    }

    /** Instruction slots. */
    public int size() {
        return program.size();
    }

    /** The HUC line of each slot. */
    public int[] sourceLines() {
        int[] lines = new int[program.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = program.sourceLine(i);
        }
        return lines;
    }

    /** The program as assembly, for reading. */
    public String listing() {
        try {
            return Disassembler.assembly(program);
        } catch (RuntimeException e) {
            return program.toString();
        }
    }

    /**
     * The verifier's errors when the guest of {@code layout} registers this program: its externs
     * linked to the layout's addresses and the ranges of those symbols registered (what
     * {@code huc verify} and the simulator do). An extern the layout lacks is reported at line 0.
     */
    public List<SourceDiagnostic> verifyIn(org.hyperupcall.abi.GuestLayout layout) {
        return verifyIn(layout, java.time.Duration.ZERO);
    }

    /**
     * {@link #verifyIn(org.hyperupcall.abi.GuestLayout)} that gives up after {@code budget} (zero:
     * never) with HUV-COMPLEXITY at the entry point, for editors, which verify on every keystroke.
     */
    public List<SourceDiagnostic> verifyIn(org.hyperupcall.abi.GuestLayout layout, java.time.Duration budget) {
        Kept<List<SourceDiagnostic>> known = verdict;
        if (known != null && known.layout() == layout) {
            return known.value();
        }
        java.util.Optional<String> missing = externSymbols().stream().filter(x -> layout.symbol(x).isEmpty()).findFirst();
        if (missing.isPresent()) {
            return List.of(new SourceDiagnostic(file, 0, 0, true, "extern '" + missing.get() + "' is not in the guest's symbol map",
                    org.hyperupcall.abi.RegistrationRule.SYMBOL.id()));
        }
        List<SourceDiagnostic> found = sourceDiagnostics(verification(layout, false, false, budget));
        if (found.stream().noneMatch(d -> org.hyperupcall.verifier.Rule.COMPLEXITY.id().equals(d.rule()))) {
            verdict = new Kept<>(layout, found); // the program does not change: its verdict in a guest does not either
        }
        return found;
    }

    /** A result kept for the guest layout it was computed in. */
    private record Kept<T>(org.hyperupcall.abi.GuestLayout layout, T value) {
    }

    /** The last {@link #verifyIn} that was not cut short, and the last complete {@link #insight}. */
    private volatile Kept<List<SourceDiagnostic>> verdict;
    private volatile Kept<VerifierInsight> insight;

    /**
     * The verifier's whole verdict when the guest of {@code layout} registers this program, with
     * the abstract state at each instruction it follows when {@code log} is set (what
     * {@code huc verify --log} prints). Externs the layout lacks stay unlinked (and are rejected).
     */
    public Verification verification(org.hyperupcall.abi.GuestLayout layout, boolean log) {
        return verification(layout, log, false, java.time.Duration.ZERO);
    }

    /**
     * What the verifier knows of this program by line when the guest of {@code layout} registers it
     * (the states after each instruction, the path to a rejection), verified once within
     * {@code budget} (zero: no limit) and kept; a verification that ran out of time is tried again
     * next time.
     */
    public VerifierInsight insight(org.hyperupcall.abi.GuestLayout layout, java.time.Duration budget) {
        Kept<VerifierInsight> known = insight;
        if (known != null && known.layout() == layout) {
            return known.value();
        }
        VerifierInsight fresh = new VerifierInsight(this, verification(layout, false, true, budget));
        if (!fresh.incomplete()) {
            insight = new Kept<>(layout, fresh);
        }
        return fresh;
    }

    /** The verifier's log of this program as the guest of {@code layout} registers it, its verdict, and its errors at HUC lines. */
    public record VerifierLog(boolean accepted, String text, List<SourceDiagnostic> diagnostics) {
    }

    /** What the editors' "verifier log" shows: every instruction the verifier followed with its abstract state, then the verdict. */
    public VerifierLog verifierLog(org.hyperupcall.abi.GuestLayout layout) {
        Verification v = verification(layout, true);
        String verdict = v.accepted() ? "accepted: at most " + v.maxExecuted() + " instructions run per event\n"
                : "rejected: " + v.diagnostics().get(0).message() + " [" + v.diagnostics().get(0).rule().id() + "]\n";
        return new VerifierLog(v.accepted(), v.log() + verdict, sourceDiagnostics(v));
    }

    private Verification verification(org.hyperupcall.abi.GuestLayout layout, boolean log, boolean states, java.time.Duration budget) {
        java.util.Map<String, Long> addresses = new java.util.HashMap<>();
        List<MemoryRange> ranges = new ArrayList<>();
        for (String x : externSymbols()) {
            layout.symbol(x).ifPresent(s -> {
                addresses.put(x, s.address());
                ranges.add(new MemoryRange(x, s.address(), s.size(), s.writable()));
            });
        }
        CompiledProgram linked = externs.isEmpty() || addresses.size() < externSymbols().size() ? this : link(addresses);
        return Verifier.verify(linked.program, ProgramType.of(event),
                VerifierOptions.defaults().withRegions(ranges).withLog(log).withTimeBudget(budget).withStates(states));
    }

    /** The verifier's errors for the entry point's event, at HUC lines; empty when it accepts the program. */
    public List<SourceDiagnostic> verify() {
        return verify(List.of());
    }

    /** The verifier's errors, with these guest memory ranges registered (for programs that use externs, once linked). */
    public List<SourceDiagnostic> verify(List<GuestMemory> memory) {
        return verifyWith(memory.stream().map(m -> new MemoryRange(m.name(), m.base(), m.data().length, m.writable())).toList());
    }

    /** The verifier's errors for the entry point's event with these ranges registered, at source lines. */
    private List<SourceDiagnostic> verifyWith(List<MemoryRange> ranges) {
        return sourceDiagnostics(Verifier.verify(program, ProgramType.of(event), VerifierOptions.defaults().withRegions(ranges)));
    }

    private List<SourceDiagnostic> sourceDiagnostics(Verification v) {
        List<SourceDiagnostic> out = new ArrayList<>();
        for (Diagnostic d : v.diagnostics()) {
            List<SourceDiagnostic.Related> related = d.related().stream().map(r -> new SourceDiagnostic.Related(file, r.line(), r.message()))
                    .toList();
            out.add(new SourceDiagnostic(file, d.line(), 0, true, d.message() + (d.insn() >= 0 ? " (insn " + d.insn() + ")" : ""),
                    d.rule().id(), related));
        }
        return out;
    }

    /**
     * Runs the program on engine {@code engine} with {@code context} mapped
     * read-only at {@link #CONTEXT_BASE} and r1 pointing to it; {@code helpers} implements ABI
     * helpers by name, each given r1-r5.
     */
    public RunResult run(EngineKind engine, byte[] context, Map<String, ToLongFunction<long[]>> helpers) {
        return run(engine, context, helpers, List.of());
    }

    /** Runs the program with guest memory mapped too (the arrays are shared: the program's writes show in them). */
    public RunResult run(EngineKind engine, byte[] context, Map<String, ToLongFunction<long[]>> helpers, List<GuestMemory> guest) {
        return run(engine, context, helpers, guest, null);
    }

    /**
     * Runs the program with guest memory mapped, {@code hook} (if not null) seeing each instruction
     * before it runs: the interpreter only, as a debugger runs a program.
     */
    public RunResult run(EngineKind engine, byte[] context, Map<String, ToLongFunction<long[]>> helpers, List<GuestMemory> guest,
            org.hyperupcall.ebpf.vm.ExecutionHook hook) {
        HelperTable.Builder table = HelperTable.builder();
        for (Map.Entry<String, ToLongFunction<long[]>> h : helpers.entrySet()) {
            HelperSpec spec = Helpers.byName(h.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("no ABI helper " + h.getKey()));
            ToLongFunction<long[]> f = h.getValue();
            table.add(spec.id(), spec.name(), (r1, r2, r3, r4, r5, memory) -> f.applyAsLong(new long[] {r1, r2, r3, r4, r5}));
        }
        MemoryMap memory = new MemoryMap().add(new Region("ctx", CONTEXT_BASE, context.clone(), false));
        for (GuestMemory m : guest) {
            memory.add(new Region(m.name(), m.base(), m.data(), m.writable()));
        }
        ExecResult r;
        try {
            ExecOptions options = hook == null ? ExecOptions.defaults() : ExecOptions.defaults().withHook(hook);
            r = engine.create().prepare(program, table.build(), options).run(memory, CONTEXT_BASE, 0);
        } catch (InvalidProgramException e) {
            return new RunResult(0, "invalid program: " + e.getMessage(), 0);
        }
        return new RunResult(r.r0(), r.isOk() ? null : String.valueOf(r.fault()), r.instructions());
    }
}
