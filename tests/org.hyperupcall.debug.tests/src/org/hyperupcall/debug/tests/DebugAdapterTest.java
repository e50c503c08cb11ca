package org.hyperupcall.debug.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.hyperupcall.debug.HucDebugAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The debug adapter as a DAP client sees it: LSP4J's client talks to {@link HucDebugAdapter} over pipes,
 * message by message (initialize, launch, breakpoints, configurationDone, stopped events, stack
 * trace, scopes, variables, next, stepOut, continue, disconnect), on the TLB shootdown example.
 */
class DebugAdapterTest {
    private static final Path REPO = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
    private static final Path TLB = REPO.resolve("examples/huc/tlb_shootdown.huc");
    /** The line of tlb_shootdown.huc that merges with a deferred flush: "if (ts->pending_flush_end != 0) {". */
    private static final int MERGE_LINE = line(TLB, "if (ts->pending_flush_end != 0)");

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private IDebugProtocolServer server;

    @BeforeEach
    void connect() throws IOException {
        // NIO pipes: java.io's piped streams fail once a thread that wrote to them ends (the adapter writes from several)
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        HucDebugAdapter.serve(Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
        InputStream clientIn = Channels.newInputStream(toClient.source());
        OutputStream clientOut = Channels.newOutputStream(toServer.sink());
        IDebugProtocolClient client = new IDebugProtocolClient() {
            @Override
            public void initialized() {
                events.add("initialized");
            }

            @Override
            public void stopped(StoppedEventArguments args) {
                events.add(args);
            }

            @Override
            public void terminated(TerminatedEventArguments args) {
                events.add(args);
            }
        };
        Launcher<IDebugProtocolServer> launcher = DSPLauncher.createClientLauncher(client, clientIn, clientOut);
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    @AfterEach
    void disconnect() throws Exception {
        server.disconnect(new DisconnectArguments()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void stopsAtABreakpointShowsRegistersContextAndSimulatorThenStepsAndContinuesToTheNextEvent() throws Exception {
        Capabilities caps = server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        assertTrue(caps.getSupportsConditionalBreakpoints());
        assertTrue(Arrays.stream(caps.getExceptionBreakpointFilters()).anyMatch(f -> f.getFilter().equals("fault")));
        launch(TLB, "tlb-shootdown");
        Breakpoint[] placed = setBreakpoint(MERGE_LINE, null);
        assertTrue(placed[0].isVerified(), () -> String.valueOf(placed[0].getMessage()));
        assertEquals(MERGE_LINE, placed[0].getLine());
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);

        StoppedEventArguments stop = nextStop();
        assertEquals("breakpoint", stop.getReason());
        StackFrame top = topFrame();
        assertEquals(MERGE_LINE, top.getLine());
        assertEquals(TLB.toString(), top.getSource().getPath());
        assertTrue(top.getName().startsWith("defer_flush [tlb_shootdown, vCPU "), top.getName());
        assertEquals(List.of("Locals", "Registers", "Context (struct hup_tlb_shootdown_ctx)", "Simulator", "Guest memory (registered)",
                "Stack frame"), Arrays.stream(server.scopes(scopes()).get(10, TimeUnit.SECONDS).getScopes()).map(Scope::getName).toList());
        Map<String, String> registers = variables(1);
        assertEquals(11, registers.size(), registers::toString);
        Map<String, String> context = variables(2);
        assertTrue(context.containsKey("target_vcpu") && context.containsKey("flush_start"), context::toString);
        Map<String, String> simulator = variables(3);
        assertEquals("tlb_shootdown", simulator.get("event"));
        assertEquals(context.get("target_vcpu"), simulator.get("vcpu"), "the run is for the target vCPU");
        assertEquals("1", simulator.get("run"));

        // registered guest memory, typed by the ABI: cpu_tlbstate is a struct tlb_state per CPU
        Variable tlbstate = Arrays.stream(raw(4)).filter(v -> v.getName().equals("cpu_tlbstate")).findFirst().orElseThrow();
        assertEquals("struct tlb_state[64]", tlbstate.getType());
        Variable[] cpus = raw(tlbstate.getVariablesReference());
        assertEquals("[0]", cpus[0].getName());
        Variable target = cpus[Integer.parseInt(context.get("target_vcpu"))];
        Map<String, String> state = new java.util.LinkedHashMap<>();
        for (Variable v : raw(target.getVariablesReference())) {
            state.put(v.getName(), v.getValue());
        }
        assertTrue(state.containsKey("pending_flush_end") && state.containsKey("is_lazy"), state::toString);
        assertEquals(32, raw(5).length, "the 512-byte stack frame in rows of 16 bytes");
        // the memory view reads what the variable's memory reference points to: the target CPU's tlb_state
        org.eclipse.lsp4j.debug.ReadMemoryArguments read = new org.eclipse.lsp4j.debug.ReadMemoryArguments();
        read.setMemoryReference(tlbstate.getMemoryReference());
        read.setOffset(Integer.parseInt(context.get("target_vcpu")) * 4096);
        read.setCount(48);
        org.eclipse.lsp4j.debug.ReadMemoryResponse bytes = server.readMemory(read).get(10, TimeUnit.SECONDS);
        assertEquals(48, java.util.Base64.getDecoder().decode(bytes.getData()).length);
        assertEquals(0, bytes.getUnreadableBytes());

        NextArguments next = new NextArguments();
        next.setThreadId(1);
        server.next(next).get(10, TimeUnit.SECONDS);
        assertEquals("step", nextStop().getReason());
        int after = topFrame().getLine();
        assertTrue(after > MERGE_LINE, "next goes on to a later line: " + after);

        StepOutArguments out = new StepOutArguments();
        out.setThreadId(1);
        server.stepOut(out).get(10, TimeUnit.SECONDS);
        StoppedEventArguments exit = nextStop();
        assertTrue(exit.getDescription().contains("exit of the run"), exit.getDescription());
        assertEquals("1", variables(1).get("r0"), "HUP_HANDLED in r0 at the exit");

        ContinueArguments cont = new ContinueArguments();
        cont.setThreadId(1);
        server.continue_(cont).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason());
        assertEquals("2", variables(3).get("run"), "the next event's run");
    }

    @Test
    void theLocalsScopeShowsTheSourcesVariablesWithTheirCTypesAndAPointerExpandsToItsStructure() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        setBreakpoint(MERGE_LINE, null);
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason());
        Scope locals = server.scopes(scopes()).get(10, TimeUnit.SECONDS).getScopes()[0];
        assertEquals("locals", locals.getPresentationHint());
        Map<String, Variable> vars = new java.util.LinkedHashMap<>();
        for (Variable v : raw(locals.getVariablesReference())) {
            vars.put(v.getName(), v);
        }
        assertEquals(List.of("ctx", "cpu", "ts"), List.copyOf(vars.keySet()), "the variables in scope, in declaration order");
        String target = variables(2).get("target_vcpu");
        assertEquals(target, vars.get("cpu").getValue(), "cpu holds the context's target vCPU");
        assertEquals("u32", vars.get("cpu").getType());
        assertEquals("0x100000000000", vars.get("ctx").getValue(), "ctx points to the context (the simulator maps it at 0x100000000000)");
        assertEquals("struct tlb_state *", vars.get("ts").getType());
        long cpuTlbstate = Long.parseUnsignedLong(Arrays.stream(raw(4)).filter(v -> v.getName().equals("cpu_tlbstate")).findFirst().orElseThrow()
                .getMemoryReference().substring(2), 16);
        assertEquals("0x" + Long.toHexString(cpuTlbstate + Long.parseLong(target) * 4096), vars.get("ts").getValue(),
                "ts is cpu_tlbstate + cpu * HUP_PERCPU_STRIDE");
        Variable pointee = raw(vars.get("ts").getVariablesReference())[0];
        assertEquals("*ts", pointee.getName());
        Map<String, String> members = variables(pointee.getVariablesReference());
        assertTrue(members.containsKey("pending_flush_end") && members.containsKey("is_lazy"), members::toString);
        assertEquals("0", members.get("is_lazy"), "the breakpoint is past the lazy-mode return");

        org.eclipse.lsp4j.debug.EvaluateArguments eval = new org.eclipse.lsp4j.debug.EvaluateArguments();
        eval.setExpression("cpu");
        eval.setFrameId(1);
        assertEquals(target, server.evaluate(eval).get(10, TimeUnit.SECONDS).getResult(), "hovering cpu in the editor shows its value");
    }

    @Test
    void aConditionOnALocalVariableStopsOnlyWhereItHolds() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        Breakpoint[] placed = setBreakpoint(MERGE_LINE, "cpu == 3 && ctx->flush_end != 0");
        assertTrue(placed[0].isVerified(), () -> String.valueOf(placed[0].getMessage()));
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason());
        assertEquals("3", variables(2).get("target_vcpu"));
        assertEquals("3", variables(6).get("cpu"));
    }

    @Test
    void aConditionOnAnUnknownVariableIsRefusedOnItsBreakpoint() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        Breakpoint[] placed = setBreakpoint(MERGE_LINE, "cpus == 3");
        assertFalse(placed[0].isVerified());
        assertTrue(placed[0].getMessage().contains("'cpus' is not a variable of defer_flush"), placed[0].getMessage());
    }

    @Test
    void aFileWithTwoEntryPointsStopsInEachWithItsOwnContextAndLocals() throws Exception {
        Path protect = REPO.resolve("examples/huc/protect_kernel.huc");
        int mapping = line(protect, "if ((ctx->access & HUP_ACCESS_WRITE)");
        int exit = line(protect, "return (cr0 & CR0_WP)");
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(protect, "protection");
        Breakpoint[] placed = setBreakpoints(protect, Map.of(mapping, "", exit, "ctx->exit_reason != 0 && cr0 != 0"));
        assertTrue(Arrays.stream(placed).allMatch(Breakpoint::isVerified), () -> Arrays.toString(placed));
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        Map<String, String> seen = new java.util.TreeMap<>();
        for (int i = 0; i < 40 && seen.size() < 2; i++) {
            assertEquals("breakpoint", nextStop().getReason());
            StackFrame top = topFrame();
            List<String> scopes = Arrays.stream(server.scopes(scopes()).get(10, TimeUnit.SECONDS).getScopes()).map(Scope::getName).toList();
            Map<String, String> locals = variables(6);
            if (top.getLine() == mapping) {
                assertTrue(top.getName().startsWith("protect_mapping [page_mapping"), top.getName());
                assertEquals("Context (struct hup_page_mapping_ctx)", scopes.get(2));
                assertEquals(List.of("ctx"), List.copyOf(locals.keySet()));
            } else {
                assertEquals(exit, top.getLine());
                assertTrue(top.getName().startsWith("check_write_protect [vm_exit"), top.getName());
                assertEquals("Context (struct hup_vm_exit_ctx)", scopes.get(2));
                assertTrue(locals.get("cr0").matches("[1-9][0-9]*( \\(0x[0-9a-f]+\\))?"), locals::toString);
            }
            seen.put(top.getName().substring(0, top.getName().indexOf(' ')), locals.toString());
            ContinueArguments cont = new ContinueArguments();
            cont.setThreadId(1);
            server.continue_(cont).get(10, TimeUnit.SECONDS);
        }
        assertEquals(java.util.Set.of("check_write_protect", "protect_mapping"), seen.keySet(), seen::toString);
    }

    @Test
    void pauseStopsTheRunningProgramAtTheNextInstructionAHyperupcallRuns() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown", 2_000);
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        org.eclipse.lsp4j.debug.PauseArguments pause = new org.eclipse.lsp4j.debug.PauseArguments();
        pause.setThreadId(1);
        server.pause(pause).get(10, TimeUnit.SECONDS);
        StoppedEventArguments stop = nextStop();
        assertEquals("pause", stop.getReason());
        StackFrame top = topFrame();
        assertTrue(top.getName().startsWith("defer_flush [tlb_shootdown, vCPU "), top.getName());
        assertTrue(top.getLine() >= line(TLB, "u32 cpu = ctx->target_vcpu;"), "a line of the entry point: " + top.getLine());
        ContinueArguments cont = new ContinueArguments();
        cont.setThreadId(1);
        server.continue_(cont).get(10, TimeUnit.SECONDS);
        server.pause(pause).get(10, TimeUnit.SECONDS);
        assertEquals("pause", nextStop().getReason(), "and again after continuing");
    }

    @Test
    void aConditionalBreakpointStopsOnlyWhereItsConditionHolds() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        setBreakpoint(MERGE_LINE, "ctx.target_vcpu == 3 && r10 != 0");
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason());
        assertEquals("3", variables(2).get("target_vcpu"));
    }

    @Test
    void theFirstEventFilterStopsAtTheFirstInstructionOfTheFirstRunOnly() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments filters = new org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments();
        filters.setFilters(new String[] {"fault", "first"});
        server.setExceptionBreakpoints(filters).get(10, TimeUnit.SECONDS);
        setBreakpoint(MERGE_LINE, null);
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        StoppedEventArguments entry = nextStop();
        assertEquals("entry", entry.getReason());
        assertEquals("1", variables(3).get("run"));
        assertEquals("0", variables(3).get("insn"), "at the first instruction");
        ContinueArguments cont = new ContinueArguments();
        cont.setThreadId(1);
        server.continue_(cont).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason(), "then the breakpoint, not the next run's entry");
        assertEquals("1", variables(3).get("run"));
    }

    @Test
    void theFirstEventFilterStopsOnceForEachKindOfEvent() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(REPO.resolve("examples/huc/protect_kernel.huc"), "protection");
        org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments filters = new org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments();
        filters.setFilters(new String[] {"fault", "first"});
        server.setExceptionBreakpoints(filters).get(10, TimeUnit.SECONDS);
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        List<String> kinds = new java.util.ArrayList<>();
        while (true) {
            Object e = kinds.size() > 5 ? null : events.poll(60, TimeUnit.SECONDS);
            assertNotNull(e, "the run ends after its first stops: " + kinds);
            if (e instanceof StoppedEventArguments stop) {
                assertEquals("entry", stop.getReason());
                assertEquals("0", variables(3).get("insn"));
                kinds.add(variables(3).get("event"));
                ContinueArguments cont = new ContinueArguments();
                cont.setThreadId(1);
                server.continue_(cont).get(10, TimeUnit.SECONDS);
            } else if (e instanceof TerminatedEventArguments) {
                break;
            }
        }
        assertEquals(2, kinds.size(), kinds::toString);
        assertEquals(java.util.Set.of("page_mapping", "vm_exit"), java.util.Set.copyOf(kinds));
    }

    @Test
    void aConditionThatIsNotAComparisonIsRefusedOnItsBreakpoint() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        Breakpoint[] placed = setBreakpoint(MERGE_LINE, "ctx.no_such_field == 1");
        assertFalse(placed[0].isVerified());
        assertTrue(placed[0].getMessage().contains("no field 'no_such_field'"), placed[0].getMessage());
    }

    @Test
    void aBreakpointOnALineWithoutCodeMovesToTheNextLineWithCode() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        int comment = line(TLB, "/* Merge with a flush already deferred");
        Breakpoint[] placed = setBreakpoint(comment, null);
        assertTrue(placed[0].isVerified());
        assertEquals(MERGE_LINE, placed[0].getLine());
    }

    @Test
    void launchingAProgramThatDoesNotCompileFailsWithItsErrors() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        Path bad = Files.createTempFile("bad", ".huc");
        Files.writeString(bad, "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *c) { while (1) {} return 0; }\n");
        try {
            launch(bad, null);
            throw new AssertionError("launch succeeded");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().getMessage().contains("HUC-LOOP"), e.getCause().getMessage());
        }
    }

    @Test
    void aHyperupcallThatFaultsStopsAtItsInstructionAndLineWithTheFaultsMessage() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        Path faulty = Files.createTempFile("faulty", ".huc");
        Files.writeString(faulty, """
                #include "hyperupcall.h"
                extern u8 cpu_tlbstate[];
                SEC("hyperupcall/tlb_shootdown")
                long trace_too_much(struct hup_tlb_shootdown_ctx *ctx)
                {
                    u32 n = 70000;
                    hup_trace(cpu_tlbstate, n);
                    return HUP_HANDLED;
                }
                """);
        launch(faulty, "tlb-shootdown");
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        StoppedEventArguments stop = nextStop();
        assertEquals("exception", stop.getReason(), "the fault filter is on by default");
        assertTrue(stop.getDescription().contains("length 70000 is over 65536 bytes"), stop.getDescription());
        StackFrame top = topFrame();
        assertEquals(7, top.getLine(), "the line of the faulting call");
        assertEquals(faulty.toString(), top.getSource().getPath());
        assertTrue(top.getName().startsWith("trace_too_much [tlb_shootdown, vCPU "), top.getName());
        Map<String, String> locals = variables(6);
        assertTrue(locals.containsKey("n"), locals::toString);
    }

    @Test
    void stepInEntersAnInlinedFunctionWithItsFrameStepOverPassesItAndStepOutReturnsToTheCaller() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        Path inlined = Files.createTempFile("inlined", ".huc");
        Files.writeString(inlined, """
                #include "hyperupcall.h"
                static inline u32 twice(u32 v)
                {
                    u32 w = v * 2;
                    return w + 1;
                }
                SEC("hyperupcall/tlb_shootdown")
                long f(struct hup_tlb_shootdown_ctx *ctx)
                {
                    u32 a = twice(ctx->target_vcpu);
                    u32 b = a + 3;
                    return b > 1000 ? HUP_DEFAULT : HUP_HANDLED;
                }
                """);
        launch(inlined, "tlb-shootdown");
        setBreakpoints(inlined, Map.of(10, ""));
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason());
        String target = variables(2).get("target_vcpu");

        StepInArguments in = new StepInArguments();
        in.setThreadId(1);
        server.stepIn(in).get(10, TimeUnit.SECONDS);
        assertEquals("step", nextStop().getReason());
        StackFrame[] frames = frames();
        assertEquals(2, frames.length, "the inlined function's frame over the entry point's");
        assertEquals("twice [inlined]", frames[0].getName());
        assertEquals(4, frames[0].getLine());
        assertTrue(frames[1].getName().startsWith("f [tlb_shootdown"), frames[1].getName());
        assertEquals(10, frames[1].getLine(), "the caller is at the line of the call");
        assertEquals(target, variables(6).get("v"), "the parameter holds the argument");
        ScopesArguments callerScopes = new ScopesArguments();
        callerScopes.setFrameId(frames[1].getId());
        Scope callerLocals = server.scopes(callerScopes).get(10, TimeUnit.SECONDS).getScopes()[0];
        Map<String, String> caller = variables(callerLocals.getVariablesReference());
        assertTrue(caller.containsKey("ctx") && caller.containsKey("a") && !caller.containsKey("v"), caller::toString);

        NextArguments next = new NextArguments();
        next.setThreadId(1);
        server.next(next).get(10, TimeUnit.SECONDS);
        assertEquals("step", nextStop().getReason());
        assertEquals(5, topFrame().getLine(), "step over within the inlined function");
        assertEquals(Long.toString(Long.parseLong(target) * 2), variables(6).get("w"));

        StepOutArguments out = new StepOutArguments();
        out.setThreadId(1);
        server.stepOut(out).get(10, TimeUnit.SECONDS);
        assertEquals("step", nextStop().getReason());
        assertEquals(1, frames().length, "back in the entry point");
        assertTrue(topFrame().getLine() == 10 || topFrame().getLine() == 11, "at the call's line or the next: " + topFrame().getLine());

        ContinueArguments cont = new ContinueArguments();
        cont.setThreadId(1);
        server.continue_(cont).get(10, TimeUnit.SECONDS);
        assertEquals("breakpoint", nextStop().getReason());
        server.next(next).get(10, TimeUnit.SECONDS);
        assertEquals("step", nextStop().getReason());
        assertEquals(11, topFrame().getLine(), "step over passes over the inlined call");
        assertEquals(1, frames().length);
    }

    private StackFrame[] frames() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(1);
        return server.stackTrace(a).get(10, TimeUnit.SECONDS).getStackFrames();
    }

    @Test
    void disconnectingEndsTheRunWithATerminatedEvent() throws Exception {
        server.initialize(initialize()).get(10, TimeUnit.SECONDS);
        launch(TLB, "tlb-shootdown");
        setBreakpoint(MERGE_LINE, null);
        server.configurationDone(new ConfigurationDoneArguments()).get(10, TimeUnit.SECONDS);
        nextStop();
        server.disconnect(new DisconnectArguments()).get(10, TimeUnit.SECONDS);
        assertNotNull(next(TerminatedEventArguments.class), "a terminated event");
    }

    // ---------------------------------------------------------------- the client's side

    private static InitializeRequestArguments initialize() {
        InitializeRequestArguments a = new InitializeRequestArguments();
        a.setAdapterID("hyperupcall");
        a.setLinesStartAt1(true);
        return a;
    }

    private void launch(Path program, String scenario) throws Exception {
        launch(program, scenario, 5);
    }

    private void launch(Path program, String scenario, int durationMs) throws Exception {
        Map<String, Object> args = new HashMap<>();
        args.put("program", program.toString());
        if (scenario != null) {
            args.put("scenario", scenario);
        }
        args.put("durationMs", durationMs);
        server.launch(args).get(60, TimeUnit.SECONDS);
        assertEquals("initialized", next(String.class));
    }

    private Breakpoint[] setBreakpoints(Path file, Map<Integer, String> conditionsByLine) throws Exception {
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        Source s = new Source();
        s.setPath(file.toString());
        a.setSource(s);
        a.setBreakpoints(conditionsByLine.entrySet().stream().map(e -> {
            SourceBreakpoint b = new SourceBreakpoint();
            b.setLine(e.getKey());
            b.setCondition(e.getValue());
            return b;
        }).toArray(SourceBreakpoint[]::new));
        return server.setBreakpoints(a).get(10, TimeUnit.SECONDS).getBreakpoints();
    }

    private Breakpoint[] setBreakpoint(int line, String condition) throws Exception {
        return setBreakpoints(TLB, Map.of(line, condition == null ? "" : condition));
    }

    private StoppedEventArguments nextStop() throws InterruptedException {
        return next(StoppedEventArguments.class);
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        while (true) {
            Object e = events.poll(60, TimeUnit.SECONDS);
            assertNotNull(e, "no " + type.getSimpleName() + " within 60 s");
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    private StackFrame topFrame() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(1);
        return server.stackTrace(a).get(10, TimeUnit.SECONDS).getStackFrames()[0];
    }

    private static ScopesArguments scopes() {
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(1);
        return a;
    }

    private Map<String, String> variables(int reference) throws Exception {
        VariablesArguments a = new VariablesArguments();
        a.setVariablesReference(reference);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Variable v : server.variables(a).get(10, TimeUnit.SECONDS).getVariables()) {
            out.put(v.getName(), v.getValue());
        }
        return out;
    }

    private Variable[] raw(int reference) throws Exception {
        VariablesArguments a = new VariablesArguments();
        a.setVariablesReference(reference);
        return server.variables(a).get(10, TimeUnit.SECONDS).getVariables();
    }

    private static int line(Path file, String text) {
        try {
            var lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(file + " has no line with " + text);
    }
}
