package org.hyperupcall.ui;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.hyperupcall.lang.ide.HucLanguageServer;

/**
 * The HUC language server of {@code huc lsp}, run in-process for the Eclipse editors: the editor
 * is its client, through LSP4J's Java interfaces instead of JSON-RPC. So the editor shows the same
 * diagnostics (rule ids, the compiler's and the verifier's verdicts), completion, hover and
 * definitions as VS Code does, from the same code. Documents are identified by their file URI.
 */
public final class HucLanguageSession {
    /** How long a request from the UI waits for the server before giving up (and showing nothing). */
    public static final long TIMEOUT_MS = 5_000;
    private LanguageServerImpl server;
    private final Map<String, List<Consumer<PublishDiagnosticsParams>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, PublishDiagnosticsParams> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    /** The text the server has of each open document. */
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    private HucLanguageSession() {
    }

    /** Starts a server over the workspace rooted at {@code rootUri}. */
    public static HucLanguageSession start(String rootUri) {
        HucLanguageSession session = new HucLanguageSession();
        // the server may publish while it starts (the workspace's files): the session takes them already
        session.server = HucLanguageServer.inProcess(rootUri, null, session::published).server();
        return session;
    }

    /** The key of a document: file URIs compare by path (file:/x and file:///x are the same file). */
    public static String key(String uri) {
        try {
            java.net.URI u = java.net.URI.create(uri);
            if ("file".equals(u.getScheme()) && u.getPath() != null) {
                return "file://" + java.nio.file.Path.of(u.getPath()).normalize();
            }
            return u.normalize().toString();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    /**
     * Makes the server's copy of the document this text: opens it the first time, then sends the
     * whole new text when it changed (full synchronisation; the server cancels builds a newer
     * edit makes stale). Every request for a document calls this first, so the answer is about
     * the text the user sees.
     */
    public synchronized void sync(String uri, String text) {
        String k = key(uri);
        String had = texts.put(k, text);
        AtomicInteger v = versions.computeIfAbsent(k, x -> new AtomicInteger());
        if (had == null) {
            server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "huc", v.incrementAndGet(), text)));
        } else if (!had.equals(text)) {
            server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, v.incrementAndGet()), List.of(new TextDocumentContentChangeEvent(text))));
        }
    }

    /** Whether the document is open (requests are only made for open documents). */
    public boolean isOpen(String uri) {
        return texts.containsKey(key(uri));
    }

    /**
     * Tells the server that files changed on disk (created, changed, deleted): HUC files and headers
     * that are not open, so its copies follow the workspace (a deleted project's files leave it).
     */
    public void filesChanged(List<org.eclipse.lsp4j.FileEvent> events) {
        if (!events.isEmpty()) {
            server.getWorkspaceService().didChangeWatchedFiles(new org.eclipse.lsp4j.DidChangeWatchedFilesParams(events));
        }
    }

    public synchronized void close(String uri) {
        if (texts.remove(key(uri)) != null) {
            server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        }
    }

    /** Called with every diagnostics report of the document (on the server's thread), and at once with the last one. */
    public void addDiagnosticsListener(String uri, Consumer<PublishDiagnosticsParams> listener) {
        listeners.computeIfAbsent(key(uri), k -> new CopyOnWriteArrayList<>()).add(listener);
        PublishDiagnosticsParams last = latest.get(key(uri));
        if (last != null) {
            listener.accept(last);
        }
    }

    public void removeDiagnosticsListener(String uri, Consumer<PublishDiagnosticsParams> listener) {
        List<Consumer<PublishDiagnosticsParams>> l = listeners.get(key(uri));
        if (l != null) {
            l.remove(listener);
        }
    }

    public List<CompletionItem> completion(String uri, Position at) {
        if (!isOpen(uri)) {
            return List.of(); // closed meanwhile: the server would read it from disk, beside its own copy
        }
        Either<List<CompletionItem>, org.eclipse.lsp4j.CompletionList> r = get(
                () -> server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri), at)));
        if (r == null) {
            return List.of();
        }
        return r.isLeft() ? r.getLeft() : r.getRight().getItems();
    }

    public Hover hover(String uri, Position at) {
        if (!isOpen(uri)) {
            return null; // closed meanwhile: the server would read it from disk, beside its own copy
        }
        return get(() -> server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), at)));
    }

    public List<? extends Location> definition(String uri, Position at) {
        if (!isOpen(uri)) {
            return List.of(); // closed meanwhile: the server would read it from disk, beside its own copy
        }
        var r = get(() -> server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(uri), at)));
        if (r == null) {
            return List.of();
        }
        return r.isLeft() ? r.getLeft() : r.getRight().stream()
                .map(l -> new Location(l.getTargetUri(), l.getTargetSelectionRange())).toList();
    }

    /** The document's symbols (the outline); null when the server gave no answer (a newer edit made the request stale). */
    public List<DocumentSymbol> symbols(String uri) {
        if (!isOpen(uri)) {
            return null; // closed meanwhile: the server would read it from disk, beside its own copy
        }
        List<Either<SymbolInformation, DocumentSymbol>> r = get(
                () -> server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))));
        return r == null ? null : r.stream().filter(Either::isRight).map(Either::getRight).toList();
    }

    /** The document's folding ranges; null when the server gave no answer. */
    public List<org.eclipse.lsp4j.FoldingRange> foldingRanges(String uri) {
        if (!isOpen(uri)) {
            return null;
        }
        return get(() -> server.getTextDocumentService().foldingRange(
                new org.eclipse.lsp4j.FoldingRangeRequestParams(new TextDocumentIdentifier(uri))));
    }

    /** The inlay hints of a range: each entry point's instruction count against its limit. */
    public List<org.eclipse.lsp4j.InlayHint> inlayHints(String uri, Position from, Position to) {
        if (!isOpen(uri)) {
            return List.of(); // closed meanwhile: the server would read it from disk, beside its own copy
        }
        List<org.eclipse.lsp4j.InlayHint> r = get(() -> server.getTextDocumentService().inlayHint(
                new org.eclipse.lsp4j.InlayHintParams(new TextDocumentIdentifier(uri), new Range(from, to))));
        return r == null ? List.of() : r;
    }

    /**
     * Renames the symbol at a position: the edits of every file it occurs in, or the server's reason
     * for refusing (a helper, a keyword, a name that collides...) as a {@link RenameRefused}.
     */
    public org.eclipse.lsp4j.WorkspaceEdit rename(String uri, Position at, String newName) throws RenameRefused {
        if (!isOpen(uri)) {
            throw new RenameRefused("the document is not open");
        }
        CompletableFuture<org.eclipse.lsp4j.WorkspaceEdit> f = server.getTextDocumentService()
                .rename(new org.eclipse.lsp4j.RenameParams(new TextDocumentIdentifier(uri), at, newName));
        try {
            org.eclipse.lsp4j.WorkspaceEdit e = f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new RenameRefused("there is nothing to rename here");
            }
            return e;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.eclipse.lsp4j.jsonrpc.ResponseErrorException r) {
                throw new RenameRefused(r.getResponseError().getMessage());
            }
            throw new RenameRefused(String.valueOf(cause));
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.CancellationException e) {
            f.cancel(true);
            throw new RenameRefused("the language server did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenameRefused("interrupted");
        }
    }

    /** Why the server refused a rename, in its words. */
    public static final class RenameRefused extends Exception {
        private static final long serialVersionUID = 1L;

        public RenameRefused(String message) {
            super(message);
        }
    }

    public List<CodeAction> codeActions(String uri, Range range, List<Diagnostic> diagnostics) {
        if (!isOpen(uri)) {
            return List.of(); // closed meanwhile: the server would read it from disk, beside its own copy
        }
        List<Either<Command, CodeAction>> r = get(() -> server.getTextDocumentService().codeAction(
                new CodeActionParams(new TextDocumentIdentifier(uri), range, new CodeActionContext(diagnostics))));
        return r == null ? List.of() : r.stream().filter(Either::isRight).map(Either::getRight).toList();
    }

    /**
     * The code lenses of a document: over each entry point "verifier log", and over the line an
     * entry point is rejected at the path to the failure and "run it".
     */
    public List<org.eclipse.lsp4j.CodeLens> codeLenses(String uri) {
        if (!isOpen(uri)) {
            return List.of(); // closed meanwhile: the server would read it from disk, beside its own copy
        }
        List<? extends org.eclipse.lsp4j.CodeLens> r = get(() -> server.getTextDocumentService()
                .codeLens(new org.eclipse.lsp4j.CodeLensParams(new TextDocumentIdentifier(uri))));
        return r == null ? List.of() : List.copyOf(r);
    }

    /** How long a command a user started (a lens, a quick fix) may take: "run it" boots a simulated guest. */
    public static final long COMMAND_TIMEOUT_MS = 60_000;

    /** Runs one of the server's commands (a code lens's or a code action's); its answer (a map with "text" or "error"), or null. */
    public Object execute(Command c) {
        CompletableFuture<Object> f = server.getWorkspaceService().executeCommand(
                new org.eclipse.lsp4j.ExecuteCommandParams(c.getCommand(), c.getArguments()));
        try {
            return f.get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.CancellationException e) {
            f.cancel(true);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            HucUi.log("the HUC language server failed the command " + c.getCommand(), e);
            return null;
        }
    }

    public List<? extends TextEdit> format(String uri) {
        if (!isOpen(uri)) {
            return List.of(); // closed meanwhile: the server would read it from disk, beside its own copy
        }
        List<? extends TextEdit> r = get(() -> server.getTextDocumentService().formatting(
                new DocumentFormattingParams(new TextDocumentIdentifier(uri), new FormattingOptions(4, true))));
        return r == null ? List.of() : r;
    }

    /**
     * The answer to a request, or null. A request that an edit overtook (the server answers
     * ContentModified, "ask again", as LSP has it) is asked again, up to three times in all: the
     * editor's reconciler and a request the user made can race on the same keystroke.
     */
    private static <T> T get(java.util.function.Supplier<CompletableFuture<T>> request) {
        for (int attempt = 1;; attempt++) {
            CompletableFuture<T> f = request.get();
            try {
                return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (java.util.concurrent.TimeoutException e) {
                f.cancel(true);
                return null;
            } catch (java.util.concurrent.CancellationException e) {
                return null; // a newer edit made the request stale
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.eclipse.lsp4j.jsonrpc.ResponseErrorException r
                        && r.getResponseError().getCode() == org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode.ContentModified.getValue()) {
                    if (attempt < 3) {
                        continue;
                    }
                    return null;
                }
                HucUi.log("the HUC language server failed a request", e);
                return null;
            }
        }
    }

    public void shutdown() {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the workbench is going down: nothing more to report to
        }
    }

    /** A diagnostics report of the server (on its thread): kept, and passed to the document's listeners. */
    private void published(PublishDiagnosticsParams p) {
        String k = key(p.getUri());
        latest.put(k, p);
        for (Consumer<PublishDiagnosticsParams> l : listeners.getOrDefault(k, List.of())) {
            try {
                l.accept(p);
            } catch (RuntimeException e) {
                HucUi.log("a diagnostics listener failed", e);
            }
        }
    }
}
