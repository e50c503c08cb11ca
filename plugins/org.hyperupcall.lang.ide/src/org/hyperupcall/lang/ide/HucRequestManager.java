package org.hyperupcall.lang.ide;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.ide.server.BuildManager.Buildable;
import org.eclipse.xtext.ide.server.concurrent.RequestManager;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.xbase.lib.Functions.Function1;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Xtext's request manager (one queue: writes cancel what runs before them) with a debounced
 * build: {@link #debounce} runs a build when no other edit has come for the given time, the newest
 * edit's build replacing the one waiting. A read request first queues the waiting build, so that
 * every answer is computed on the model of the text the client has; the build of the last edit
 * always runs, so the final text always gets its diagnostics.
 *
 * <p>The queue runs on a thread of its own with a large stack, like the request threads
 * ({@link HucExecutorServiceProvider}): builds, and the initialize that reads every .huc file
 * under the workspace root, parse and check on it, and Xtext's queue thread has the JVM's default
 * stack of 1 MB, which a file of a few thousand nested parentheses overflows.
 */
@Singleton
public class HucRequestManager extends RequestManager {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "huc-debounce");
        t.setDaemon(true);
        return t;
    });

    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "huc-lsp-queue", HucExecutorServiceProvider.STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private java.util.function.Supplier<Buildable> waiting;
    private ScheduledFuture<?> due;

    @Inject
    public HucRequestManager(ExecutorService parallel, OperationCanceledManager operationCanceledManager) {
        super(parallel, operationCanceledManager);
    }

    /**
     * Runs a build (what {@code build} gives, in the request queue) after ms milliseconds unless
     * another debounce comes first, which replaces it. Called when an edit is submitted, before any
     * request that follows it, so that those requests find the build waiting.
     */
    public synchronized void debounce(java.util.function.Supplier<Buildable> build, long ms) {
        if (due != null) {
            due.cancel(false);
        }
        waiting = build;
        due = timer.schedule(() -> fire(build), ms, TimeUnit.MILLISECONDS);
    }

    private synchronized void fire(java.util.function.Supplier<Buildable> build) {
        if (waiting == build) {
            flush();
        }
    }

    /** Queues the waiting build, if any. */
    private void flush() {
        java.util.function.Supplier<Buildable> b = waiting;
        if (b == null) {
            return;
        }
        waiting = null;
        if (due != null) {
            due.cancel(false);
            due = null;
        }
        super.runWrite(b::get, (cancel, buildable) -> buildable.build(cancel));
    }

    /**
     * A read request, after the waiting build. Its answer: the result; or the error the read
     * refused with (a {@link ResponseErrorException}, such as "document not open", passed on as it
     * is instead of being logged as a failure); or, when an edit cancelled the read before it was
     * done (Xtext's writes cancel the reads before them, and wait for them), ContentModified,
     * which tells the client the answer would be stale and to ask again. A client's own
     * cancellation cancels the read.
     */
    @Override
    public synchronized <V> CompletableFuture<V> runRead(Function1<? super CancelIndicator, ? extends V> cancellable) {
        flush();
        CompletableFuture<Object> running = super.runRead(cancel -> {
            READING.set(cancel);
            try {
                return cancellable.apply(cancel);
            } catch (ResponseErrorException e) {
                return new Refused(e);
            } finally {
                READING.remove();
            }
        });
        CompletableFuture<V> answer = new CompletableFuture<>();
        running.whenComplete((v, e) -> {
            if (e == null && v instanceof Refused r) {
                answer.completeExceptionally(r.error());
            } else if (e == null) {
                @SuppressWarnings("unchecked")
                V value = (V) v;
                answer.complete(value);
            } else if (e instanceof java.util.concurrent.CancellationException
                    || e.getCause() instanceof java.util.concurrent.CancellationException) {
                answer.completeExceptionally(new ResponseErrorException(new ResponseError(ResponseErrorCode.ContentModified,
                        "the documents changed before the answer was ready; ask again", null)));
            } else {
                answer.completeExceptionally(e);
            }
        });
        answer.whenComplete((v, e) -> {
            if (answer.isCancelled()) {
                running.cancel(true);
            }
        });
        return answer;
    }

    private static final ThreadLocal<CancelIndicator> READING = new ThreadLocal<>();
    private static final OperationCanceledManager CANCEL = new OperationCanceledManager();

    /**
     * Throws Xtext's cancellation when the read request running on this thread was cancelled (by an
     * edit, or by the client): long loops over a document's tokens call it, so that an edit never
     * waits for them to finish.
     */
    static void checkCanceled() {
        CancelIndicator c = READING.get();
        if (c != null) {
            CANCEL.checkCanceled(c);
        }
    }

    /** A read's refusal, carried as its result so that Xtext does not log it as an error. */
    private record Refused(ResponseErrorException error) {
    }

    /** The requests a write must cancel and wait for: those not done yet. */
    private java.util.List<org.eclipse.xtext.ide.server.concurrent.AbstractRequest<?>> unfinished = new java.util.ArrayList<>();

    /**
     * Keeps the request for the next write to cancel, as Xtext does, but forgets the finished ones:
     * Xtext kept every request, with its answer, until the next write, so that a client asking
     * without editing (an outline, hovers) grew the heap by each answer (2,000 outlines of a
     * 2,000-line file: 10 MB to 515 MB).
     */
    @Override
    protected synchronized void addRequest(org.eclipse.xtext.ide.server.concurrent.AbstractRequest<?> request) {
        unfinished.removeIf(r -> r.get().isDone());
        unfinished.add(request);
    }

    /** Cancels the unfinished requests; done when they all are. */
    @Override
    protected synchronized CompletableFuture<Void> cancel() {
        java.util.List<org.eclipse.xtext.ide.server.concurrent.AbstractRequest<?>> all = unfinished;
        unfinished = new java.util.ArrayList<>();
        CompletableFuture<?>[] done = new CompletableFuture<?>[all.size()];
        for (int i = 0; i < all.size(); i++) {
            all.get(i).cancel();
            done[i] = all.get(i).get();
        }
        return CompletableFuture.allOf(done);
    }

    /** The queue of requests, as Xtext's, on the thread with a large stack. */
    @Override
    protected void submitRequest(org.eclipse.xtext.ide.server.concurrent.AbstractRequest<?> request) {
        queue.submit(request);
    }

    @Override
    public void shutdown() {
        timer.shutdownNow();
        queue.shutdown();
        super.shutdown();
    }
}
