package org.hyperupcall.lang.tests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.xtext.ide.server.LanguageServerImpl;

import com.google.gson.JsonObject;

/**
 * A language server driven in-process through its LSP4J interface, as a client drives it: every
 * publishDiagnostics is kept, in order, per URI, with the time it arrived.
 */
final class LspHarness implements AutoCloseable {
    /** One publication: when it arrived (System.nanoTime) and what it said. */
    record Published(long nanos, PublishDiagnosticsParams params) {
    }

    final String root;
    final LanguageServerImpl server;
    final InitializeResult initialized;
    private final Map<String, List<Published>> published = new HashMap<>();

    private LspHarness(String root, JsonObject initializationOptions, org.eclipse.lsp4j.ClientCapabilities capabilities) throws Exception {
        this.root = root;
        org.hyperupcall.lang.ide.HucLanguageServer.InProcess started = org.hyperupcall.lang.ide.HucLanguageServer.inProcess(root,
                initializationOptions, capabilities, p -> {
                    synchronized (published) {
                        published.computeIfAbsent(p.getUri(), k -> new ArrayList<>()).add(new Published(System.nanoTime(), p));
                        published.notifyAll();
                    }
                });
        server = started.server();
        initialized = started.initialized();
    }

    /** A server for the workspace at root (a file: URI ending in /), with these initialization options (or null). */
    static LspHarness start(String root, JsonObject initializationOptions) throws Exception {
        return new LspHarness(root, initializationOptions, org.hyperupcall.lang.ide.HucLanguageServer.commandCapable());
    }

    /** A server for a client that declares no capabilities at all. */
    static LspHarness startBare(String root) throws Exception {
        return new LspHarness(root, null, new org.eclipse.lsp4j.ClientCapabilities());
    }

    @Override
    public void close() throws Exception {
        server.shutdown().get(30, TimeUnit.SECONDS);
    }

    /** Opens a document named name in the workspace; its URI. */
    String open(String name, String text) {
        String uri = root + name;
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "huc", 1, text)));
        return uri;
    }

    /** Replaces a document's whole text. */
    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** How many publications uri has had. */
    int count(String uri) {
        synchronized (published) {
            return published.getOrDefault(uri, List.of()).size();
        }
    }

    /** Forgets the publications of uri (counting starts again from 0), so that a long run keeps none. */
    void forget(String uri) {
        synchronized (published) {
            published.remove(uri);
        }
    }

    /** The publications of uri so far. */
    List<Published> publications(String uri) {
        synchronized (published) {
            return List.copyOf(published.getOrDefault(uri, List.of()));
        }
    }

    /** Waits for the publication number n (1-based) of uri. */
    Published await(String uri, int n, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        synchronized (published) {
            while (published.getOrDefault(uri, List.of()).size() < n) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new TimeoutException("publication " + n + " of " + uri + " did not come in " + timeoutMs + " ms");
                }
                published.wait(left);
            }
            return published.get(uri).get(n - 1);
        }
    }

    /** Opens a document and waits for its first diagnostics. */
    PublishDiagnosticsParams openAndWait(String name, String text) throws Exception {
        String uri = open(name, text);
        return await(uri, 1, 60_000).params();
    }

    /** The position of the k-th (0-based) occurrence of needle in text, plus chars. */
    static Position at(String text, String needle, int k, int plus) {
        int i = -1;
        for (int n = 0; n <= k; n++) {
            i = text.indexOf(needle, i + 1);
            if (i < 0) {
                throw new IllegalArgumentException("no occurrence " + k + " of '" + needle + "'");
            }
        }
        return position(text, i + plus);
    }

    static Position at(String text, String needle, int plus) {
        return at(text, needle, 0, plus);
    }

    static Position position(String text, int offset) {
        String before = text.substring(0, offset);
        int line = (int) before.chars().filter(c -> c == '\n').count();
        return new Position(line, offset - before.lastIndexOf('\n') - 1);
    }

    static int offset(String text, Position p) {
        int o = 0;
        for (int l = 0; l < p.getLine(); l++) {
            o = text.indexOf('\n', o) + 1;
        }
        return o + p.getCharacter();
    }

    /** The text a range covers. */
    static String text(String text, Range r) {
        return text.substring(offset(text, r.getStart()), offset(text, r.getEnd()));
    }

    /** text with the edits applied (ranges refer to the original text). */
    static String apply(String text, List<? extends TextEdit> edits) {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(offset(text, b.getRange().getStart()), offset(text, a.getRange().getStart())));
        StringBuilder sb = new StringBuilder(text);
        for (TextEdit e : sorted) {
            sb.replace(offset(text, e.getRange().getStart()), offset(text, e.getRange().getEnd()), e.getNewText());
        }
        return sb.toString();
    }
}
