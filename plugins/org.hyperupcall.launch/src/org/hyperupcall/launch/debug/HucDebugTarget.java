package org.hyperupcall.launch.debug;

import java.io.Closeable;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.resources.IMarkerDelta;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.core.IBreakpointManagerListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrievalExtension;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArgumentsCategory;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminateArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.hyperupcall.debug.HucDebugAdapter;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.HucProcess;

/**
 * A Hyperupcall debug session as Eclipse sees it: the debug adapter of {@code huc dap}
 * ({@link HucDebugAdapter}) runs in this process on a pair of pipes, and this target is its DAP
 * client. One thread, the hyperupcall; the breakpoints of the program's file are sent at the start
 * and again whenever one is added, removed or changed; faults stop the run ("fault" filter); the
 * adapter's output goes to the launch's process (its console); the memory view reads the stopped
 * program's memory through DAP {@code readMemory}.
 */
public final class HucDebugTarget extends HucDebugElement
        implements IDebugTarget, IBreakpointManagerListener, IMemoryBlockRetrievalExtension {
    /** What the memory view shows of a block at first (it reads further as it scrolls). */
    static final int BLOCK_LENGTH = 1024;

    private final ILaunch launch;
    private final HucProcess process;
    private final Path program;
    private final HucThread thread;
    /** The pipes' ends: the two that write, then the two that read. */
    private final List<Closeable> channels = new ArrayList<>();
    /** The adapter's and the client's listening, which end with their input. */
    private final List<Future<Void>> listening = new ArrayList<>();
    /** The breakpoints by the line the adapter placed them on (a line without code moves to the next line with code). */
    private final Map<Integer, HucLineBreakpoint> placed = new ConcurrentHashMap<>();
    /** Breakpoints the adapter refused, with the reason, each reported once on the console. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private IDebugProtocolServer server;
    private volatile String threadName = "hyperupcall";
    private volatile int exitCode = HucLaunch.EXIT_OK;
    private volatile boolean terminated;

    private HucDebugTarget(ILaunch launch, HucProcess process, Path program) {
        super(null);
        this.launch = launch;
        this.process = process;
        this.program = program;
        this.thread = new HucThread(this);
    }

    /**
     * Starts the adapter, launches the program under it with these DAP launch arguments
     * ({@code program}, {@code scenario}, {@code durationMs}, {@code seed}), adds the target to the
     * launch, sends the file's breakpoints and the "fault" filter, and lets the run go. A launch the
     * adapter refuses throws with its message and leaves nothing in the launch.
     */
    public static HucDebugTarget start(ILaunch launch, HucProcess process, Path program, Map<String, Object> arguments) throws CoreException {
        HucDebugTarget t = new HucDebugTarget(launch, process, program);
        try {
            t.connect();
            InitializeRequestArguments init = new InitializeRequestArguments();
            init.setClientID("eclipse");
            init.setClientName("Eclipse");
            init.setAdapterID("hyperupcall");
            init.setLinesStartAt1(true);
            init.setColumnsStartAt1(true);
            init.setPathFormat("path");
            HucDebugModel.await(t.server.initialize(init), "initialize");
            HucDebugModel.await(t.server.launch(arguments), "launch", 120);
            t.threadName = HucDebugModel.await(t.server.threads(), "threads").getThreads()[0].getName();
        } catch (CoreException | IOException | RuntimeException e) {
            t.closeChannels();
            throw e instanceof CoreException c ? c : HucDebugModel.failure("cannot start the debug adapter: " + e, e);
        }
        launch.addDebugTarget(t);
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.addBreakpointListener(t);
        manager.addBreakpointManagerListener(t);
        t.fireCreationEvent();
        t.thread.fireCreationEvent();
        try {
            HucDebugModel.await(t.sendBreakpoints(), "setBreakpoints");
            SetExceptionBreakpointsArguments filters = new SetExceptionBreakpointsArguments();
            filters.setFilters(new String[] {"fault"});
            HucDebugModel.await(t.server.setExceptionBreakpoints(filters), "setExceptionBreakpoints");
            HucDebugModel.await(t.server.configurationDone(new ConfigurationDoneArguments()), "configurationDone");
        } catch (DebugException e) {
            t.terminate();
            launch.removeDebugTarget(t);
            throw e;
        }
        return t;
    }

    private void connect() throws IOException {
        // NIO pipes: java.io's piped streams fail once a thread that wrote to them ends (the adapter writes from several)
        Pipe toAdapter = Pipe.open();
        Pipe toClient = Pipe.open();
        channels.addAll(List.of(toAdapter.sink(), toClient.sink(), toAdapter.source(), toClient.source()));
        listening.add(HucDebugAdapter.serve(Channels.newInputStream(toAdapter.source()), Channels.newOutputStream(toClient.sink())));
        Launcher<IDebugProtocolServer> client = DSPLauncher.createClientLauncher(new Client(), Channels.newInputStream(toClient.source()),
                Channels.newOutputStream(toAdapter.sink()));
        listening.add(client.startListening());
        server = client.getRemoteProxy();
    }

    /**
     * Closes the pipes, off the connection's thread: first the ends that write, so that each side reads
     * the end of its stream and stops listening, then the ends that read.
     */
    private void closeChannels() {
        CompletableFuture.runAsync(() -> {
            close(channels.subList(0, 2));
            listening.forEach(f -> {
                try {
                    f.get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // stopped listening some other way, or not yet: the read ends close anyway
                }
            });
            close(channels.subList(2, channels.size()));
        });
    }

    private static void close(List<Closeable> toClose) {
        for (Closeable c : toClose) {
            try {
                c.close();
            } catch (IOException e) {
                // closing: nothing more to do
            }
        }
    }

    /** The adapter, for this session's elements. */
    IDebugProtocolServer server() {
        return server;
    }

    /** The HUC file the session debugs (absolute), as the adapter names it in stack frames. */
    public Path program() {
        return program;
    }

    String threadName() {
        return threadName;
    }

    // ---------------------------------------------------------------- the adapter's events

    /** The adapter's events: stops, output, the end of the run. Called on the connection's thread: never waits for an answer. */
    private final class Client implements IDebugProtocolClient {
        @Override
        public void stopped(StoppedEventArguments args) {
            if (!terminated) {
                thread.stopped(args);
            }
        }

        @Override
        public void output(OutputEventArguments args) {
            if (args.getOutput() == null) {
                return;
            }
            if (args.getCategory() == OutputEventArgumentsCategory.STDERR) {
                process.printError(args.getOutput());
            } else if (args.getCategory() != OutputEventArgumentsCategory.TELEMETRY) {
                process.print(args.getOutput());
            }
        }

        @Override
        public void exited(ExitedEventArguments args) {
            exitCode = args.getExitCode();
        }

        @Override
        public void terminated(TerminatedEventArguments args) {
            ended(exitCode);
            closeChannels();
        }
    }

    /** The session is over: the thread and the target terminate, the process ends with this exit value. */
    private void ended(int exit) {
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
        }
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.removeBreakpointListener(this);
        manager.removeBreakpointManagerListener(this);
        thread.ended();
        fireTerminateEvent();
        process.finish(exit);
    }

    // ---------------------------------------------------------------- breakpoints

    /** Sends the enabled breakpoints of the program's file (none while the manager skips all breakpoints). */
    CompletableFuture<Void> sendBreakpoints() {
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        List<HucLineBreakpoint> breakpoints = new ArrayList<>();
        List<SourceBreakpoint> lines = new ArrayList<>();
        for (IBreakpoint b : manager.isEnabled() ? manager.getBreakpoints(HucDebugModel.MODEL_ID) : new IBreakpoint[0]) {
            try {
                if (b instanceof HucLineBreakpoint h && supportsBreakpoint(h) && h.isEnabled() && h.getLineNumber() > 0) {
                    SourceBreakpoint s = new SourceBreakpoint();
                    s.setLine(h.getLineNumber());
                    s.setCondition(h.getCondition().isBlank() ? null : h.getCondition());
                    lines.add(s);
                    breakpoints.add(h);
                }
            } catch (CoreException e) {
                // its marker is gone: the breakpoint is being removed
            }
        }
        SetBreakpointsArguments args = new SetBreakpointsArguments();
        Source source = new Source();
        source.setPath(program.toString());
        source.setName(program.getFileName().toString());
        args.setSource(source);
        args.setBreakpoints(lines.toArray(SourceBreakpoint[]::new));
        return server.setBreakpoints(args).thenAccept(r -> {
            placed.clear();
            org.eclipse.lsp4j.debug.Breakpoint[] answers = r.getBreakpoints();
            for (int i = 0; i < answers.length && i < breakpoints.size(); i++) {
                org.eclipse.lsp4j.debug.Breakpoint a = answers[i];
                if (a.isVerified()) {
                    placed.put(a.getLine(), breakpoints.get(i));
                } else if (reported.add(lines.get(i).getLine() + ": " + a.getMessage())) {
                    process.printError(program.getFileName() + ":" + lines.get(i).getLine() + ": breakpoint not placed: " + a.getMessage() + "\n");
                }
            }
        });
    }

    /** The breakpoint the adapter placed on this line, if any. */
    HucLineBreakpoint breakpointAt(int line) {
        return placed.get(line);
    }

    private void breakpointsChanged(IBreakpoint breakpoint) {
        if (!terminated && supportsBreakpoint(breakpoint)) {
            sendBreakpoints().exceptionally(e -> {
                Platform.getLog(HucDebugTarget.class).log(new Status(IStatus.WARNING, HucLaunch.PLUGIN_ID, "cannot send the breakpoints", e));
                return null;
            });
        }
    }

    @Override
    public void breakpointAdded(IBreakpoint breakpoint) {
        breakpointsChanged(breakpoint);
    }

    @Override
    public void breakpointRemoved(IBreakpoint breakpoint, IMarkerDelta delta) {
        breakpointsChanged(breakpoint);
    }

    @Override
    public void breakpointChanged(IBreakpoint breakpoint, IMarkerDelta delta) {
        breakpointsChanged(breakpoint);
    }

    @Override
    public void breakpointManagerEnablementChanged(boolean enabled) {
        if (!terminated) {
            sendBreakpoints();
        }
    }

    /** Line breakpoints of this model in the program's file. */
    @Override
    public boolean supportsBreakpoint(IBreakpoint breakpoint) {
        if (!(breakpoint instanceof HucLineBreakpoint) || breakpoint.getMarker() == null) {
            return false;
        }
        IPath location = breakpoint.getMarker().getResource().getLocation();
        return location != null && Path.of(location.toOSString()).toAbsolutePath().normalize().equals(program);
    }

    // ---------------------------------------------------------------- the target

    @Override
    public HucDebugTarget getDebugTarget() {
        return this;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IProcess getProcess() {
        return process;
    }

    @Override
    public IThread[] getThreads() {
        return terminated ? new IThread[0] : new IThread[] {thread};
    }

    @Override
    public boolean hasThreads() {
        return !terminated;
    }

    @Override
    public String getName() {
        return program.getFileName() + " [Hyperupcall debugger]";
    }

    @Override
    public boolean canTerminate() {
        return !terminated;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    /** Ends the session at once (the adapter stops the run at its next instruction); the process exits with 130. */
    @Override
    public void terminate() {
        if (terminated) {
            return;
        }
        // ended first: the adapter's exited and terminated events for the run it stops may come back before
        // this thread goes on, and the process ends with 130 either way
        ended(HucLaunch.EXIT_TERMINATED);
        server.terminate(new TerminateArguments());
        // the pipes close when the adapter's terminated event arrives, after its run has stopped
    }

    @Override
    public boolean canSuspend() {
        return thread.canSuspend();
    }

    /** Pauses: the program stops before the next instruction a hyperupcall runs. */
    @Override
    public void suspend() throws DebugException {
        thread.suspend();
    }

    @Override
    public boolean canResume() {
        return thread.canResume();
    }

    @Override
    public boolean isSuspended() {
        return thread.isSuspended();
    }

    @Override
    public void resume() throws DebugException {
        thread.resume();
    }

    @Override
    public boolean canDisconnect() {
        return false;
    }

    @Override
    public void disconnect() {
        terminate();
    }

    @Override
    public boolean isDisconnected() {
        return false;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public boolean supportsStorageRetrieval() {
        return true;
    }

    @Override
    public IMemoryBlock getMemoryBlock(long startAddress, long length) {
        return new HucMemoryBlock(this, "0x" + Long.toHexString(startAddress), new BigInteger(Long.toUnsignedString(startAddress)), length);
    }

    /**
     * A block of the program's memory at an address ({@code 0x…}), at a registered range or another
     * variable with a memory reference ({@code cpu_tlbstate}), or at the value of a register or
     * context field ({@code r10}, {@code ctx.flush_start}) where the program is stopped.
     */
    @Override
    public IMemoryBlockExtension getExtendedMemoryBlock(String expression, Object context) throws DebugException {
        String e = expression.strip();
        BigInteger address = HucMemoryBlock.literal(e);
        if (address == null) {
            if (!(thread.getTopStackFrame() instanceof HucStackFrame top)) {
                throw HucDebugModel.failure("'" + e + "': the program is running: give an address (0x1000)", null);
            }
            address = top.address(e);
        }
        return new HucMemoryBlock(this, e, address, BLOCK_LENGTH);
    }
}
