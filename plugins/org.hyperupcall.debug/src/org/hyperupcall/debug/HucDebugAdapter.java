package org.hyperupcall.debug;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.ContinueResponse;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ExceptionBreakpointsFilter;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArgumentsCategory;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.ScopesResponse;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsResponse;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StackTraceResponse;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminateArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.VariablesResponse;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.hyperupcall.ebpf.vm.ExecutionHook;
import org.hyperupcall.ebpf.vm.VmFault;
import org.hyperupcall.hypervisor.Hyperupcall;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;

/**
 * The Debug Adapter Protocol server of {@code huc dap}: launches a scenario of the bundled simulator
 * with a HUC program, runs its hyperupcalls on the interpreter and stops them at breakpoints (source
 * lines, with conditions), steps by source line, at the entry of each run ("entry" filter) and at
 * faults ("fault" filter, on by default), and shows the program's named variables (from the
 * compiler's variable locations), the eBPF registers, the context's fields and the simulator's state
 * (event, vCPU, simulated time). One thread: the hyperupcall that runs.
 *
 * <p>Launch arguments: {@code program} (a .huc file, required), {@code scenario} (a bundled scenario's
 * name or a scenario file; default: the one whose events the program handles), {@code durationMs},
 * {@code seed}, {@code stopOnEntry}.
 */
public final class HucDebugAdapter implements IDebugProtocolServer {
    static final int THREAD = 1;
    private static final int FRAME = 1;
    private static final int REGISTERS = 1;
    private static final int CONTEXT = 2;
    private static final int SIMULATOR = 3;
    private static final int MEMORY = 4;
    private static final int STACK = 5;
    private static final int LOCALS = 6;
    /** The Locals scope of frame k > 1 (an inlined function's caller) is CALLER_LOCALS + k (below MemoryViews' references). */
    private static final int CALLER_LOCALS = 10;
    private final MemoryViews views = new MemoryViews();

    private IDebugProtocolClient client;
    private final DebugSession session = new DebugSession(this::stopped);
    private Path program;
    /** The entry points the scenario runs, by event. */
    private final Map<org.hyperupcall.abi.Event, CompiledProgram> programs = new LinkedHashMap<>();
    private String functionNames;
    private Scenario scenario;
    private ScenarioConfig config;
    private byte[] object;
    private final Map<Integer, String> pendingConditions = new LinkedHashMap<>();
    private java.lang.Thread runner;
    private volatile boolean stopOnEntryArgument;

    /** Serves DAP on these streams (stdio for {@code huc dap}) until the client goes; the future ends with the connection. */
    public static Future<Void> serve(InputStream in, OutputStream out) {
        HucDebugAdapter adapter = new HucDebugAdapter();
        Launcher<IDebugProtocolClient> launcher = DSPLauncher.createServerLauncher(adapter, in, out);
        adapter.connect(launcher.getRemoteProxy());
        return launcher.startListening();
    }

    public void connect(IDebugProtocolClient c) {
        this.client = c;
    }

    @Override
    public CompletableFuture<Capabilities> initialize(InitializeRequestArguments args) {
        Capabilities c = new Capabilities();
        c.setSupportsConfigurationDoneRequest(true);
        c.setSupportsConditionalBreakpoints(true);
        c.setSupportsTerminateRequest(true);
        c.setSupportsEvaluateForHovers(true);
        c.setSupportsReadMemoryRequest(true);
        ExceptionBreakpointsFilter fault = new ExceptionBreakpointsFilter();
        fault.setFilter("fault");
        fault.setLabel("Faults");
        fault.setDescription("Stop where a hyperupcall faults (its instruction and source line)");
        fault.setDefault_(true);
        ExceptionBreakpointsFilter entryFilter = new ExceptionBreakpointsFilter();
        entryFilter.setFilter("entry");
        entryFilter.setLabel("Every event");
        entryFilter.setDescription("Stop at the first instruction of each run of the hyperupcall");
        entryFilter.setDefault_(false);
        ExceptionBreakpointsFilter first = new ExceptionBreakpointsFilter();
        first.setFilter("first");
        first.setLabel("First event of each kind");
        first.setDescription("Stop at the first instruction of the first run of each event's hyperupcall");
        first.setDefault_(false);
        c.setExceptionBreakpointFilters(new ExceptionBreakpointsFilter[] {fault, first, entryFilter});
        return CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletableFuture<Void> launch(Map<String, Object> args) {
        return CompletableFuture.supplyAsync(() -> {
            Object p = args.get("program");
            if (!(p instanceof String s) || s.isBlank()) {
                throw error("launch: 'program' must name a .huc file");
            }
            program = Path.of(s).toAbsolutePath().normalize();
            String text;
            try {
                text = Files.readString(program, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw error("launch: " + program + ": cannot read: " + e.getMessage());
            }
            Compilation c = Compiler.compile(program.toString(), text);
            if (!c.ok()) {
                throw error(program + " does not compile:\n" + String.join("\n", c.diagnostics().stream()
                        .filter(SourceDiagnostic::error).map(SourceDiagnostic::format).toList()));
            }
            object = c.elf();
            ScenarioConfig base = baseConfig(args.get("scenario"), c);
            scenario = Scenarios.byName(base.scenario()).orElseThrow();
            c.programs().stream().filter(x -> scenario.events().contains(x.event())).forEach(x -> programs.putIfAbsent(x.event(), x));
            if (programs.isEmpty()) {
                throw error(program + " has no entry point for the events of scenario " + scenario.name());
            }
            session.inlineDepth((event, pc) -> programs.containsKey(event) ? programs.get(event).inlineDepth(pc) : 0);
            functionNames = String.join(", ", programs.values().stream().map(CompiledProgram::function).toList());
            if (args.get("durationMs") instanceof Number n) {
                base = base.withDuration(n.doubleValue());
            }
            if (args.get("seed") instanceof Number n) {
                base = base.withSeed(n.longValue());
            }
            config = base;
            stopOnEntryArgument = Boolean.TRUE.equals(args.get("stopOnEntry"));
            session.stopOnEntry(stopOnEntryArgument);
            if (!pendingConditions.isEmpty()) {
                place(pendingConditions);
            }
            client.initialized();
            return null;
        });
    }

    /**
     * The scenario's configuration before the launch's overrides: a scenario file's (read once), a bundled
     * scenario's defaults, or by default those of the first bundled scenario that runs one of the program's events.
     */
    private static ScenarioConfig baseConfig(Object name, Compilation c) {
        if (name instanceof String s && !s.isBlank()) {
            if (s.endsWith(".json") || s.contains("/")) {
                try {
                    return ScenarioFiles.read(Path.of(s));
                } catch (IOException | RuntimeException e) {
                    throw error("launch: scenario " + s + ": " + e.getMessage());
                }
            }
            Scenario named = Scenarios.byName(s).orElseThrow(() -> error("launch: unknown scenario '" + s + "' (scenarios: "
                    + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()) + ")"));
            return Scenarios.defaults(named.name());
        }
        return Scenarios.all().stream().filter(sc -> c.programs().stream().anyMatch(p -> sc.events().contains(p.event()))).findFirst()
                .map(sc -> Scenarios.defaults(sc.name()))
                .orElseThrow(() -> error("launch: no bundled scenario runs the events of this program: name one with 'scenario'"));
    }

    @Override
    public CompletableFuture<SetBreakpointsResponse> setBreakpoints(SetBreakpointsArguments args) {
        Map<Integer, String> lines = new LinkedHashMap<>();
        for (SourceBreakpoint b : args.getBreakpoints() == null ? new SourceBreakpoint[0] : args.getBreakpoints()) {
            lines.put(b.getLine(), b.getCondition());
        }
        SetBreakpointsResponse r = new SetBreakpointsResponse();
        if (programs.isEmpty()) {
            // before launch: kept, placed when the program is compiled
            pendingConditions.clear();
            pendingConditions.putAll(lines);
            r.setBreakpoints(lines.keySet().stream().map(l -> breakpoint(l, false, "placed when the program is launched"))
                    .toArray(org.eclipse.lsp4j.debug.Breakpoint[]::new));
        } else {
            r.setBreakpoints(place(lines).toArray(org.eclipse.lsp4j.debug.Breakpoint[]::new));
        }
        return CompletableFuture.completedFuture(r);
    }

    /**
     * Places breakpoints on the lines with code of the entry points (a line without code moves to
     * the next one with code); a condition is read by each entry point that has code on the line,
     * and refused when none can read it.
     */
    private List<org.eclipse.lsp4j.debug.Breakpoint> place(Map<Integer, String> lines) {
        Map<CompiledProgram, java.util.TreeSet<Integer>> linesOf = new LinkedHashMap<>();
        programs.values().forEach(p -> linesOf.put(p, DebugSession.codeLines(p.program())));
        java.util.TreeSet<Integer> code = new java.util.TreeSet<>();
        linesOf.values().forEach(code::addAll);
        Map<Integer, DebugSession.Breakpoint> placed = new LinkedHashMap<>();
        List<org.eclipse.lsp4j.debug.Breakpoint> out = new ArrayList<>();
        for (Map.Entry<Integer, String> e : lines.entrySet()) {
            Integer at = code.ceiling(e.getKey());
            if (at == null) {
                out.add(breakpoint(e.getKey(), false, "no code on or after this line"));
                continue;
            }
            Map<org.hyperupcall.abi.Event, Conditions.Condition> conditions = null;
            String refused = null;
            if (e.getValue() != null && !e.getValue().isBlank()) {
                conditions = new LinkedHashMap<>();
                for (CompiledProgram p : programs.values()) {
                    if (linesOf.get(p).contains(at)) {
                        try {
                            conditions.put(p.event(), Conditions.parse(e.getValue(), p.event().context(), p));
                        } catch (IllegalArgumentException bad) {
                            refused = refused == null ? bad.getMessage() : refused;
                        }
                    }
                }
            }
            if (conditions != null && conditions.isEmpty()) {
                out.add(breakpoint(e.getKey(), false, refused));
            } else {
                placed.put(at, new DebugSession.Breakpoint(at, conditions));
                out.add(breakpoint(at, true, null));
            }
        }
        session.setBreakpoints(placed);
        return out;
    }

    private org.eclipse.lsp4j.debug.Breakpoint breakpoint(int line, boolean verified, String message) {
        org.eclipse.lsp4j.debug.Breakpoint b = new org.eclipse.lsp4j.debug.Breakpoint();
        b.setLine(line);
        b.setVerified(verified);
        b.setMessage(message);
        b.setSource(source());
        return b;
    }

    @Override
    public CompletableFuture<SetExceptionBreakpointsResponse> setExceptionBreakpoints(SetExceptionBreakpointsArguments args) {
        List<String> filters = args.getFilters() == null ? List.of() : List.of(args.getFilters());
        session.stopOnFault(filters.contains("fault"));
        session.stopOnEntry(filters.contains("entry") || stopOnEntryArgument);
        session.stopOnFirstEntry(filters.contains("first"));
        return CompletableFuture.completedFuture(new SetExceptionBreakpointsResponse());
    }

    @Override
    public CompletableFuture<Void> configurationDone(ConfigurationDoneArguments args) {
        if (scenario == null) {
            return CompletableFuture.failedFuture(error("configurationDone before launch"));
        }
        runner = new java.lang.Thread(this::run, "huc dap: " + scenario.name());
        runner.setDaemon(true);
        runner.start();
        return CompletableFuture.completedFuture(null);
    }

    /** The simulator's thread: the scenario once, with the program's hyperupcalls under the debugger. */
    private void run() {
        int exit = 0;
        try {
            ScenarioResult r = scenario.debug(config, program.toString(), object, session);
            if (!r.refusals().isEmpty()) {
                exit = 1;
                output("stderr", "the hypervisor refused the program: " + r.refusals().get(0).format() + "\n");
            } else {
                output("stdout", r.table());
            }
        } catch (ExecutionHook.Stop stop) {
            exit = 0;
        } catch (RuntimeException e) {
            exit = 1;
            output("stderr", "the simulation failed: " + e + "\n");
        }
        ExitedEventArguments exited = new ExitedEventArguments();
        exited.setExitCode(exit);
        client.exited(exited);
        client.terminated(new TerminatedEventArguments());
    }

    private void output(String category, String text) {
        OutputEventArguments o = new OutputEventArguments();
        o.setCategory(category.equals("stderr") ? OutputEventArgumentsCategory.STDERR : OutputEventArgumentsCategory.STDOUT);
        o.setOutput(text);
        client.output(o);
    }

    private void stopped(DebugSession.Stop s) {
        synchronized (views) {
            views.reset();
        }
        StoppedEventArguments e = new StoppedEventArguments();
        e.setReason(s.reason());
        e.setThreadId(THREAD);
        e.setAllThreadsStopped(true);
        if (s.description() != null) {
            e.setDescription(s.description());
            e.setText(s.description());
        }
        client.stopped(e);
    }

    @Override
    public CompletableFuture<ThreadsResponse> threads() {
        Thread t = new Thread();
        t.setId(THREAD);
        t.setName(scenario == null ? "hyperupcall" : functionNames + " (" + scenario.name() + ")");
        ThreadsResponse r = new ThreadsResponse();
        r.setThreads(new Thread[] {t});
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<StackTraceResponse> stackTrace(StackTraceArguments args) {
        DebugSession.Stop s = session.stopped();
        StackTraceResponse r = new StackTraceResponse();
        if (s == null) {
            r.setStackFrames(new StackFrame[0]);
            r.setTotalFrames(0);
            return CompletableFuture.completedFuture(r);
        }
        // the inlined functions the instruction belongs to, innermost first, then the entry point
        List<CompiledProgram.Frame> stack = entryPoint(s).inlineStack(s.pc());
        StackFrame[] frames = new StackFrame[stack.size()];
        for (int i = 0; i < frames.length; i++) {
            CompiledProgram.Frame frame = stack.get(i);
            StackFrame f = new StackFrame();
            f.setId(FRAME + i);
            boolean entry = i == frames.length - 1;
            f.setName(frame.function() + (entry ? " [" + s.hyperupcall().event().id() + ", vCPU " + s.vcpu() + ", insn " + s.pc() + "]"
                    : " [inlined]"));
            f.setSource(source());
            f.setLine(Math.max(1, frame.line()));
            f.setColumn(1);
            f.setInstructionPointerReference(Integer.toString(s.pc()));
            frames[i] = f;
        }
        r.setStackFrames(frames);
        r.setTotalFrames(frames.length);
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<ScopesResponse> scopes(ScopesArguments args) {
        ScopesResponse r = new ScopesResponse();
        DebugSession.Stop s = session.stopped();
        String context = s == null ? "" : " (struct " + entryPoint(s).event().context().name() + ")";
        int frame = args.getFrameId() <= FRAME ? FRAME : args.getFrameId();
        r.setScopes(new Scope[] {scope("Locals", localsReference(frame), "locals"), scope("Registers", REGISTERS, "registers"),
            scope("Context" + context, CONTEXT, null),
            scope("Simulator", SIMULATOR, null), scope("Guest memory (registered)", MEMORY, null), scope("Stack frame", STACK, null)});
        return CompletableFuture.completedFuture(r);
    }

    /** The Locals scope of a frame (1: the innermost; its caller's are at the line of the call). */
    private static int localsReference(int frame) {
        return frame == FRAME ? LOCALS : CALLER_LOCALS + frame;
    }

    private static Scope scope(String name, int ref, String hint) {
        Scope s = new Scope();
        s.setName(name);
        s.setVariablesReference(ref);
        s.setPresentationHint(hint);
        s.setExpensive(false);
        return s;
    }

    @Override
    public CompletableFuture<VariablesResponse> variables(VariablesArguments args) {
        DebugSession.Stop s = session.stopped();
        List<Variable> vars = new ArrayList<>();
        if (s != null) {
            switch (args.getVariablesReference()) {
                case REGISTERS -> {
                    for (int i = 0; i < s.registers().length; i++) {
                        vars.add(variable("r" + i, value(s.registers()[i]), "u64"));
                    }
                }
                case LOCALS -> add(vars, Locals.at(entryPoint(s), s.pc(), s.registers(), s.memory()));
                case CONTEXT -> add(vars, MemoryViews.fields(s.memory(), Hyperupcall.CONTEXT_BASE, entryPoint(s).event().context()));
                case SIMULATOR -> {
                    vars.add(variable("event", s.hyperupcall().event().id(), "event"));
                    vars.add(variable("vcpu", Integer.toString(s.vcpu()), "int"));
                    vars.add(variable("time_ns", Long.toString(s.nowNanos()), "simulated ns"));
                    vars.add(variable("run", Long.toString(s.run()), "this event's run of the hyperupcall"));
                    vars.add(variable("insn", Integer.toString(s.pc()), "instruction index"));
                }
                case MEMORY -> add(vars, MemoryViews.ranges(s.hyperupcall().memory(), s.memory()));
                case STACK -> {
                    long fp = s.registers()[10];
                    add(vars, MemoryViews.hex(s.memory(), fp - org.hyperupcall.ebpf.isa.Opcodes.STACK_FRAME_SIZE,
                            org.hyperupcall.ebpf.isa.Opcodes.STACK_FRAME_SIZE));
                }
                default -> {
                    int frame = args.getVariablesReference() - CALLER_LOCALS;
                    List<CompiledProgram.Frame> stack = entryPoint(s).inlineStack(s.pc());
                    if (frame > FRAME && frame - FRAME < stack.size()) {
                        add(vars, Locals.at(entryPoint(s), s.pc(), stack.get(frame - FRAME).line(), s.registers(), s.memory()));
                        break;
                    }
                    List<MemoryViews.Var> children;
                    synchronized (views) {
                        children = views.children(args.getVariablesReference());
                    }
                    if (children != null) {
                        add(vars, children);
                    }
                }
            }
        }
        VariablesResponse r = new VariablesResponse();
        r.setVariables(vars.toArray(Variable[]::new));
        return CompletableFuture.completedFuture(r);
    }

    private void add(List<Variable> out, List<MemoryViews.Var> vars) {
        for (MemoryViews.Var v : vars) {
            Variable x = variable(v.name(), v.value(), v.type());
            x.setMemoryReference(v.memoryReference());
            synchronized (views) {
                x.setVariablesReference(views.reference(v));
            }
            out.add(x);
        }
    }

    /** A 64-bit value as a debugger shows it: decimal, and hexadecimal when that says more. */
    static String value(long v) {
        return Locals.format(org.hyperupcall.lang.compiler.CType.S64, v);
    }

    private static Variable variable(String name, String value, String type) {
        Variable v = new Variable();
        v.setName(name);
        v.setValue(value);
        v.setType(type);
        v.setVariablesReference(0);
        return v;
    }

    @Override
    public CompletableFuture<EvaluateResponse> evaluate(EvaluateArguments args) {
        DebugSession.Stop s = session.stopped();
        String e = args.getExpression() == null ? "" : args.getExpression().strip();
        EvaluateResponse r = new EvaluateResponse();
        r.setVariablesReference(0);
        if (s == null) {
            return CompletableFuture.failedFuture(error("the program is running"));
        }
        java.util.Optional<MemoryViews.Var> local = Locals.at(entryPoint(s), s.pc(), s.registers(), s.memory()).stream()
                .filter(v -> v.name().equals(e)).findFirst();
        if (local.isPresent()) {
            // a variable of the program, expandable as in the Locals scope
            MemoryViews.Var v = local.get();
            r.setResult(v.value());
            r.setType(v.type());
            r.setMemoryReference(v.memoryReference());
            synchronized (views) {
                r.setVariablesReference(views.reference(v));
            }
            return CompletableFuture.completedFuture(r);
        }
        try {
            // a register, or a field of the context with or without "ctx." / "ctx->"
            String operand = e.matches("r(10|[0-9])") || e.startsWith("ctx.") || e.startsWith("ctx->") ? e : "ctx." + e;
            r.setResult(value(Conditions.operand(operand, entryPoint(s).event().context(), entryPoint(s)).value(s.pc(), s.registers(), s.memory())));
        } catch (IllegalArgumentException | VmFault | Conditions.Unavailable bad) {
            return CompletableFuture.failedFuture(error("'" + e + "': a variable in scope, a register (r0..r10) or a field of the context"));
        }
        return CompletableFuture.completedFuture(r);
    }

    /** The memory view: bytes of the stopped program's memory (its context, its regions, its stack) at a reference plus an offset. */
    @Override
    public CompletableFuture<org.eclipse.lsp4j.debug.ReadMemoryResponse> readMemory(org.eclipse.lsp4j.debug.ReadMemoryArguments args) {
        DebugSession.Stop s = session.stopped();
        if (s == null) {
            return CompletableFuture.failedFuture(error("the program is running"));
        }
        long base;
        try {
            String ref = args.getMemoryReference();
            base = ref.startsWith("0x") ? Long.parseUnsignedLong(ref.substring(2), 16) : Long.parseLong(ref);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(error("memory reference '" + args.getMemoryReference() + "': an address such as 0x1000"));
        }
        long at = base + (args.getOffset() == null ? 0 : args.getOffset());
        int count = Math.max(0, Math.min(args.getCount(), 1 << 16));
        byte[] data = MemoryViews.readable(s.memory(), at, count);
        org.eclipse.lsp4j.debug.ReadMemoryResponse r = new org.eclipse.lsp4j.debug.ReadMemoryResponse();
        r.setAddress(MemoryViews.address(at));
        r.setData(java.util.Base64.getEncoder().encodeToString(data));
        r.setUnreadableBytes(count - data.length);
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<ContinueResponse> continue_(ContinueArguments args) {
        session.resume(DebugSession.Mode.CONTINUE);
        ContinueResponse r = new ContinueResponse();
        r.setAllThreadsContinued(true);
        return CompletableFuture.completedFuture(r);
    }

    /** Stops before the next instruction a hyperupcall runs (the program runs only within events). */
    @Override
    public CompletableFuture<Void> pause(org.eclipse.lsp4j.debug.PauseArguments args) {
        session.pause();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> next(NextArguments args) {
        session.resume(DebugSession.Mode.NEXT_LINE);
        return CompletableFuture.completedFuture(null);
    }

    /** Into an inlined function is the next line, wherever it is: HUC's calls are inlined. */
    @Override
    public CompletableFuture<Void> stepIn(StepInArguments args) {
        session.resume(DebugSession.Mode.STEP_IN);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> stepOut(StepOutArguments args) {
        session.resume(DebugSession.Mode.OUT);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> disconnect(DisconnectArguments args) {
        session.terminate();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> terminate(TerminateArguments args) {
        session.terminate();
        return CompletableFuture.completedFuture(null);
    }

    /** The entry point that is stopped (the hyperupcall of its event). */
    private CompiledProgram entryPoint(DebugSession.Stop s) {
        return programs.get(s.hyperupcall().event());
    }

    private Source source() {
        Source s = new Source();
        s.setName(program == null ? "" : program.getFileName().toString());
        s.setPath(program == null ? null : program.toString());
        return s;
    }

    private static ResponseErrorException error(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
}
