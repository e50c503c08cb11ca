package org.hyperupcall.launch.debug;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugException;
import org.hyperupcall.launch.HucLaunch;

/**
 * The Hyperupcall debug model: its identifier (of the debug elements, the breakpoints and their
 * presentation), the breakpoint marker, and how its elements wait for the debug adapter's answers.
 */
public final class HucDebugModel {
    /** The debug model of the elements, the breakpoints and the model presentation. */
    public static final String MODEL_ID = "org.hyperupcall.debug.model";
    /** The marker type of {@link HucLineBreakpoint}s (a line breakpoint marker, persistent). */
    public static final String BREAKPOINT_MARKER = HucLaunch.PLUGIN_ID + ".lineBreakpoint";
    /** The marker attribute of a breakpoint's condition ({@code ctx.target_vcpu == 3 && r0 != 0}). */
    public static final String ATTR_CONDITION = HucLaunch.PLUGIN_ID + ".condition";

    /** How long a request waits for the adapter, which runs in this process: it answers at once or never. */
    private static final long TIMEOUT_SECONDS = 30;

    private HucDebugModel() {
    }

    /** The answer of a request to the adapter, or a DebugException with what failed and the adapter's message. */
    static <T> T await(CompletableFuture<T> request, String what) throws DebugException {
        return await(request, what, TIMEOUT_SECONDS);
    }

    static <T> T await(CompletableFuture<T> request, String what, long seconds) throws DebugException {
        try {
            return request.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failure(cause.getMessage() == null ? what + ": " + cause : cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw failure(what + ": the debug adapter did not answer within " + seconds + " s", e);
        }
    }

    static DebugException failure(String message, Throwable cause) {
        return new DebugException(new Status(IStatus.ERROR, HucLaunch.PLUGIN_ID, DebugException.TARGET_REQUEST_FAILED, message, cause));
    }
}
