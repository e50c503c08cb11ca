package org.hyperupcall.launch.debug;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;

/**
 * The one thread of a session: the hyperupcall, on whichever vCPU its event runs. It runs until the
 * adapter says it stopped (a breakpoint, a step's end, a fault, an entry), and its stack frames are
 * asked of the adapter once per stop.
 */
public final class HucThread extends HucDebugElement implements IThread {
    private final Object lock = new Object();
    private boolean suspended;
    private boolean stepping;
    private int threadId = 1;
    private String reason = "";
    private String description;
    /** Counts the stops, so that frames asked for during one stop are never kept for the next. */
    private long stops;
    private HucStackFrame[] frames;

    HucThread(HucDebugTarget target) {
        super(target);
    }

    /** The adapter stopped the run: suspended, with the event's detail (breakpoint and fault: BREAKPOINT, step: STEP_END). */
    void stopped(StoppedEventArguments e) {
        synchronized (lock) {
            suspended = true;
            stepping = false;
            reason = e.getReason() == null ? "" : e.getReason();
            description = e.getDescription();
            threadId = e.getThreadId() == null ? threadId : e.getThreadId();
            stops++;
            frames = null;
        }
        fireSuspendEvent(detail(reason));
    }

    static int detail(String reason) {
        return switch (reason) {
            case "breakpoint", "exception" -> DebugEvent.BREAKPOINT;
            case "step" -> DebugEvent.STEP_END;
            default -> DebugEvent.CLIENT_REQUEST;
        };
    }

    void ended() {
        synchronized (lock) {
            suspended = false;
            stepping = false;
            frames = null;
        }
        fireTerminateEvent();
    }

    /** Why the thread stopped, in the adapter's words: {@code breakpoint}, {@code step}, {@code exception} (a fault), {@code entry}; "" while it runs. */
    public String stopReason() {
        synchronized (lock) {
            return suspended ? reason : "";
        }
    }

    /** What the adapter says of the stop (a fault's message, the exit of a run), or null. */
    public String stopDescription() {
        synchronized (lock) {
            return suspended ? description : null;
        }
    }

    @Override
    public IStackFrame[] getStackFrames() throws DebugException {
        long stop;
        synchronized (lock) {
            if (!suspended) {
                return new IStackFrame[0];
            }
            if (frames != null) {
                return frames.clone();
            }
            stop = stops;
        }
        StackTraceArguments args = new StackTraceArguments();
        args.setThreadId(threadId);
        HucStackFrame[] fetched = Arrays.stream(HucDebugModel.await(target().server().stackTrace(args), "stackTrace").getStackFrames())
                .map(f -> new HucStackFrame(this, f)).toArray(HucStackFrame[]::new);
        synchronized (lock) {
            if (!suspended || stop != stops) {
                return new IStackFrame[0];
            }
            if (frames == null) {
                frames = fetched;
            }
            return frames.clone();
        }
    }

    @Override
    public boolean hasStackFrames() {
        return isSuspended();
    }

    @Override
    public int getPriority() {
        return 0;
    }

    @Override
    public IStackFrame getTopStackFrame() throws DebugException {
        IStackFrame[] f = getStackFrames();
        return f.length == 0 ? null : f[0];
    }

    @Override
    public String getName() {
        return target().threadName();
    }

    /** At a breakpoint: the breakpoint on the line where the thread stopped. */
    @Override
    public IBreakpoint[] getBreakpoints() {
        if (!"breakpoint".equals(stopReason())) {
            return new IBreakpoint[0];
        }
        try {
            IStackFrame top = getTopStackFrame();
            HucLineBreakpoint b = top == null ? null : target().breakpointAt(top.getLineNumber());
            return b == null ? new IBreakpoint[0] : new IBreakpoint[] {b};
        } catch (DebugException e) {
            return new IBreakpoint[0];
        }
    }

    int threadId() {
        synchronized (lock) {
            return threadId;
        }
    }

    // ---------------------------------------------------------------- running and stepping

    /** Marks the thread running with this detail, then asks the adapter to go on. */
    private void go(int detail, Function<IDebugProtocolServer, CompletableFuture<?>> request, String what) throws DebugException {
        synchronized (lock) {
            if (!suspended) {
                return;
            }
            suspended = false;
            stepping = detail != DebugEvent.CLIENT_REQUEST;
            frames = null;
        }
        fireResumeEvent(detail);
        HucDebugModel.await(request.apply(target().server()), what);
    }

    @Override
    public boolean canResume() {
        return isSuspended() && !isTerminated();
    }

    @Override
    public boolean canSuspend() {
        return false;
    }

    @Override
    public boolean isSuspended() {
        synchronized (lock) {
            return suspended;
        }
    }

    @Override
    public void resume() throws DebugException {
        ContinueArguments args = new ContinueArguments();
        args.setThreadId(threadId());
        go(DebugEvent.CLIENT_REQUEST, s -> s.continue_(args), "continue");
    }

    @Override
    public void suspend() throws DebugException {
        target().suspend();
    }

    @Override
    public boolean canStepInto() {
        return canResume();
    }

    @Override
    public boolean canStepOver() {
        return canResume();
    }

    @Override
    public boolean canStepReturn() {
        return canResume();
    }

    @Override
    public boolean isStepping() {
        synchronized (lock) {
            return stepping;
        }
    }

    /** The next source line, which may be in the body of an inlined function (HUC's calls are inlined). */
    @Override
    public void stepInto() throws DebugException {
        StepInArguments args = new StepInArguments();
        args.setThreadId(threadId());
        go(DebugEvent.STEP_INTO, s -> s.stepIn(args), "stepIn");
    }

    /** The next source line of this run. */
    @Override
    public void stepOver() throws DebugException {
        NextArguments args = new NextArguments();
        args.setThreadId(threadId());
        go(DebugEvent.STEP_OVER, s -> s.next(args), "next");
    }

    /** To the end of this run: stops before its exit, the return value in r0. */
    @Override
    public void stepReturn() throws DebugException {
        StepOutArguments args = new StepOutArguments();
        args.setThreadId(threadId());
        go(DebugEvent.STEP_RETURN, s -> s.stepOut(args), "stepOut");
    }

    @Override
    public boolean canTerminate() {
        return target().canTerminate();
    }

    @Override
    public boolean isTerminated() {
        return target().isTerminated();
    }

    @Override
    public void terminate() {
        target().terminate();
    }
}
