package org.hyperupcall.launch.debug;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.StackFrame;

/**
 * Where the hyperupcall is stopped: its source line and file, and as variables the adapter's scopes
 * (whatever it returns: registers, context, simulator, guest memory, stack frame, locals), each
 * expanding into the scope's variables.
 */
public final class HucStackFrame extends HucDebugElement implements IStackFrame {
    /** A value as the adapter shows a 64-bit number: decimal, then its hexadecimal in parentheses. */
    private static final Pattern HEX = Pattern.compile("\\(0x([0-9a-fA-F]+)\\)");
    private static final Pattern DECIMAL = Pattern.compile("^(-?[0-9]+)\\b");

    private final HucThread thread;
    private final StackFrame frame;
    private HucVariable[] scopes;

    HucStackFrame(HucThread thread, StackFrame frame) {
        super(thread.target());
        this.thread = thread;
        this.frame = frame;
    }

    /** The absolute path of the frame's HUC file, or null. */
    public String sourcePath() {
        return frame.getSource() == null ? null : frame.getSource().getPath();
    }

    int id() {
        return frame.getId();
    }

    @Override
    public IThread getThread() {
        return thread;
    }

    /** The scopes, asked of the adapter once. */
    @Override
    public synchronized IVariable[] getVariables() throws DebugException {
        if (scopes == null) {
            ScopesArguments args = new ScopesArguments();
            args.setFrameId(frame.getId());
            scopes = Arrays.stream(HucDebugModel.await(target().server().scopes(args), "scopes").getScopes())
                    .map(s -> new HucVariable(target(), s.getName(), "", null, s.getVariablesReference(), null)).toArray(HucVariable[]::new);
        }
        return scopes.clone();
    }

    @Override
    public boolean hasVariables() {
        return true;
    }

    @Override
    public int getLineNumber() {
        return frame.getLine();
    }

    @Override
    public int getCharStart() {
        return -1;
    }

    @Override
    public int getCharEnd() {
        return -1;
    }

    /** The adapter's name: the entry point, its event, the vCPU and the instruction ({@code defer_flush [tlb_shootdown, vCPU 3, insn 12]}). */
    @Override
    public String getName() {
        return frame.getName();
    }

    @Override
    public IRegisterGroup[] getRegisterGroups() {
        return new IRegisterGroup[0];
    }

    @Override
    public boolean hasRegisterGroups() {
        return false;
    }

    /**
     * The address an expression of the memory view names here: a variable of a scope with a memory
     * reference (a registered range, {@code cpu_tlbstate}), else the value of a register or a context
     * field ({@code r10}, {@code ctx.flush_start}).
     */
    BigInteger address(String expression) throws DebugException {
        for (IVariable scope : getVariables()) {
            for (IVariable v : scope.getValue().getVariables()) {
                if (v.getName().equals(expression) && v instanceof HucVariable h && h.memoryReference() != null) {
                    BigInteger a = HucMemoryBlock.literal(h.memoryReference());
                    if (a != null) {
                        return a;
                    }
                }
            }
        }
        EvaluateArguments args = new EvaluateArguments();
        args.setExpression(expression);
        args.setFrameId(frame.getId());
        args.setContext("watch");
        String value;
        try {
            value = HucDebugModel.await(target().server().evaluate(args), "evaluate").getResult();
        } catch (DebugException e) {
            throw HucDebugModel.failure("'" + expression + "': not an address (0x1000), a registered range (such as cpu_tlbstate), "
                    + "a register or a field of the context", e);
        }
        Matcher hex = HEX.matcher(value);
        if (hex.find()) {
            return new BigInteger(hex.group(1), 16);
        }
        Matcher dec = DECIMAL.matcher(value);
        if (dec.find()) {
            BigInteger v = new BigInteger(dec.group(1));
            return v.signum() < 0 ? v.add(BigInteger.ONE.shiftLeft(64)) : v;
        }
        throw HucDebugModel.failure("'" + expression + "' is " + value + ", not an address", null);
    }

    // ---------------------------------------------------------------- what the thread does

    @Override
    public boolean canStepInto() {
        return thread.canStepInto();
    }

    @Override
    public boolean canStepOver() {
        return thread.canStepOver();
    }

    @Override
    public boolean canStepReturn() {
        return thread.canStepReturn();
    }

    @Override
    public boolean isStepping() {
        return thread.isStepping();
    }

    @Override
    public void stepInto() throws DebugException {
        thread.stepInto();
    }

    @Override
    public void stepOver() throws DebugException {
        thread.stepOver();
    }

    @Override
    public void stepReturn() throws DebugException {
        thread.stepReturn();
    }

    @Override
    public boolean canResume() {
        return thread.canResume();
    }

    @Override
    public boolean canSuspend() {
        return false;
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
    public void suspend() throws DebugException {
        thread.suspend();
    }

    @Override
    public boolean canTerminate() {
        return thread.canTerminate();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public void terminate() {
        thread.terminate();
    }
}
