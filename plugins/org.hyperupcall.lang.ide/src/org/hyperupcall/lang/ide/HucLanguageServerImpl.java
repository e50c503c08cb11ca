package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.hyperupcall.lang.RelatedLocation;
import org.hyperupcall.lang.huc.TranslationUnit;

/**
 * Xtext's language server with what HUC adds: inlay hints (each entry point's instruction count
 * against its event's limit, after its name); go to definition, references and rename of names
 * resolved as the compiler resolves them, over the identifier tokens ({@link HucSymbols}),
 * definitions of ABI names in the virtual hyperupcall.h ({@link HucHeader}); folding ranges
 * ({@link HucFolding}); and MethodNotFound for methods it does not know.
 */
public class HucLanguageServerImpl extends LanguageServerImpl {
    private final UriExtensions uris = new UriExtensions();
    private final HucNavigation navigation = new HucNavigation(uris);

    /** Default time without edits before a change is built and its diagnostics published. */
    public static final long DEFAULT_DEBOUNCE_MS = 150;

    private volatile long debounceMs = DEFAULT_DEBOUNCE_MS;

    /**
     * Also reads the initialization option {@code debounceMs}: how long after an edit, with no
     * other edit, the document is built and its diagnostics published (default
     * {@value #DEFAULT_DEBOUNCE_MS}; 0 builds on every edit, as Xtext does).
     */
    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        Object options = params.getInitializationOptions();
        if (options instanceof com.google.gson.JsonObject o && o.has("debounceMs") && o.get("debounceMs").isJsonPrimitive()) {
            debounceMs = Math.max(0, o.get("debounceMs").getAsLong());
        } else if (options instanceof java.util.Map<?, ?> m && m.get("debounceMs") instanceof Number n) {
            debounceMs = Math.max(0, n.longValue());
        }
        // no workspace (VS Code with a lone file, Neovim outside a project): Xtext needs a root, so an
        // empty directory of the server's own, which holds no file to read; documents are opened anywhere
        if (params.getRootUri() == null && params.getRootPath() == null
                && (params.getWorkspaceFolders() == null || params.getWorkspaceFolders().isEmpty())) {
            try {
                java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("huc-lsp-");
                empty.toFile().deleteOnExit();
                params.setRootUri(empty.toUri().toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("no workspace folder, and no temporary directory to stand for one", e);
            }
        }
        // commands are announced in the answer to every client: the client capability
        // workspace.executeCommand only says whether the client registers them dynamically
        // (Xtext set up its commands only for a client that declared it)
        if (params.getCapabilities() == null) {
            params.setCapabilities(new org.eclipse.lsp4j.ClientCapabilities());
        }
        if (params.getCapabilities().getWorkspace() == null) {
            params.getCapabilities().setWorkspace(new org.eclipse.lsp4j.WorkspaceClientCapabilities());
        }
        if (params.getCapabilities().getWorkspace().getExecuteCommand() == null) {
            params.getCapabilities().getWorkspace().setExecuteCommand(new org.eclipse.lsp4j.ExecuteCommandCapabilities(false));
        }
        return super.initialize(params).thenApply(r -> {
            r.getCapabilities().setInlayHintProvider(true);
            r.getCapabilities().setReferencesProvider(true);
            RenameOptions rename = new RenameOptions();
            rename.setPrepareProvider(true);
            r.getCapabilities().setRenameProvider(Either.forRight(rename));
            r.getCapabilities().setFoldingRangeProvider(true);
            return r;
        });
    }

    /**
     * The edit is applied at once (in the request queue, so it never waits for a build); the build
     * and its diagnostics follow when no other edit has come for {@code debounceMs}.
     */
    @Override
    public void didChange(org.eclipse.lsp4j.DidChangeTextDocumentParams params) {
        if (debounceMs <= 0 || !(getRequestManager() instanceof HucRequestManager m)) {
            super.didChange(params);
            return;
        }
        // the edit: the document changes and is queued for the next build, which is not run now
        m.runWrite(() -> toBuildable(params), (cancel, buildable) -> null);
        // the build of everything queued, after the debounce time or before the next read request
        m.debounce(() -> getWorkspaceManager().didChangeFiles(List.of(), List.of()), debounceMs);
    }

    /**
     * Also: a header (.h) changed on disk is forgotten by every resource set that read it
     * ({@link HucResourceSet}), and the .huc files loaded are checked again, against its new text.
     */
    @Override
    public void didChangeWatchedFiles(org.eclipse.lsp4j.DidChangeWatchedFilesParams params) {
        List<org.eclipse.emf.common.util.URI> headers = params.getChanges() == null ? List.of() : params.getChanges().stream()
                .map(c -> uris.toUri(c.getUri())).filter(u -> "h".equals(u.fileExtension())).toList();
        if (!headers.isEmpty()) {
            getRequestManager().runWrite(() -> {
                List<org.eclipse.emf.common.util.URI> sources = new ArrayList<>();
                for (org.eclipse.xtext.ide.server.ProjectManager pm : getWorkspaceManager().getProjectManagers()) {
                    List<org.eclipse.emf.ecore.resource.Resource> loaded = pm.getResourceSet().getResources();
                    for (org.eclipse.emf.ecore.resource.Resource r : List.copyOf(loaded)) {
                        if (headers.contains(r.getURI())) {
                            r.unload();
                            loaded.remove(r);
                        } else if ("huc".equals(r.getURI().fileExtension())) {
                            sources.add(r.getURI());
                        }
                    }
                }
                return getWorkspaceManager().didChangeFiles(sources, List.of());
            }, (cancel, buildable) -> buildable.build(cancel));
        }
        super.didChangeWatchedFiles(params);
    }

    /**
     * Xtext's conversion, plus the related information the validator put in the issue's data
     * ({@link RelatedLocation}): locations in the same document.
     */
    @Override
    protected org.eclipse.lsp4j.Diagnostic toDiagnostic(org.eclipse.xtext.validation.Issue issue) {
        org.eclipse.lsp4j.Diagnostic d = super.toDiagnostic(issue);
        String[] data = issue.getData();
        if (data == null || issue.getUriToProblem() == null) {
            return d;
        }
        List<org.eclipse.lsp4j.DiagnosticRelatedInformation> related = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        String uri = uris.toUriString(issue.getUriToProblem().trimFragment());
        for (String datum : data) {
            RelatedLocation l = RelatedLocation.decode(datum).orElse(null);
            if (l == null) {
                rest.add(datum);
                continue;
            }
            Range r = new Range(new Position(l.line(), l.column()), new Position(l.endLine(), l.endColumn()));
            related.add(new org.eclipse.lsp4j.DiagnosticRelatedInformation(new Location(uri, r), l.message()));
        }
        if (!related.isEmpty()) {
            d.setRelatedInformation(related);
        }
        d.setData(rest.isEmpty() ? null : rest.toArray(String[]::new));
        return d;
    }

    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        try {
            return super.request(method, parameter);
        } catch (UnsupportedOperationException e) {
            CompletableFuture<Object> f = new CompletableFuture<>();
            f.completeExceptionally(new ResponseErrorException(new ResponseError(ResponseErrorCode.MethodNotFound,
                    "unsupported method: " + method, null)));
            return f;
        }
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        return getRequestManager().runRead(cancel -> getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()),
                (document, resource) -> HucInlayHints.of(document, resource)));
    }

    /**
     * The outline: entry points (with their event) and functions with their parameters and locals,
     * structs and unions with their fields, #defines, enumerators, externs and typedefs; each once,
     * with its kind.
     */
    @Override
    protected List<org.eclipse.lsp4j.DocumentSymbol> documentSymbol(org.eclipse.lsp4j.DocumentSymbolParams params,
            CancelIndicator cancelIndicator) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), HucDocumentSymbols::of);
    }

    @Override
    protected List<? extends Location> definition(CancelIndicator cancelIndicator, DefinitionParams params) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> {
            List<Location> out = new ArrayList<>();
            TranslationUnit unit = unit(resource);
            Integer offset = offset(document, params.getPosition());
            if (unit == null || offset == null) {
                return out;
            }
            HucSymbols symbols = new HucSymbols();
            HucSymbols.Occurrence o = symbols.at(unit, offset);
            HucSymbols.Symbol s = o != null ? o.symbol() : null;
            if (o == null) {
                // no identifier token here (e.g. text that does not parse): the word, at file scope
                int[] w = HucAbiNames.wordAt(document.getContents(), offset);
                s = w == null ? null : symbols.fileScope(unit, document.getContents().substring(w[0], w[1]));
            }
            navigation.declaration(s).ifPresent(out::add);
            return out;
        });
    }

    @Override
    protected List<? extends Location> references(ReferenceParams params, CancelIndicator cancelIndicator) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> {
            TranslationUnit unit = unit(resource);
            Integer offset = offset(document, params.getPosition());
            if (unit == null || offset == null) {
                return List.<Location>of();
            }
            boolean withDeclaration = params.getContext() == null || params.getContext().isIncludeDeclaration();
            return navigation.references(unit, offset, withDeclaration);
        });
    }

    /** The occurrences of the name under the cursor in the document (Xtext's default looks for cross-references, which HUC has none of). */
    @Override
    protected List<? extends org.eclipse.lsp4j.DocumentHighlight> documentHighlight(org.eclipse.lsp4j.DocumentHighlightParams params,
            CancelIndicator cancelIndicator) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> {
            TranslationUnit unit = unit(resource);
            Integer offset = offset(document, params.getPosition());
            return unit == null || offset == null ? List.<org.eclipse.lsp4j.DocumentHighlight>of() : HucNavigation.highlights(unit, offset);
        });
    }

    @Override
    public CompletableFuture<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(PrepareRenameParams params) {
        return refusable(() -> getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> {
            TranslationUnit unit = unit(resource);
            Integer offset = offset(document, params.getPosition());
            if (unit == null || offset == null) {
                throw new HucNavigation.Refusal("no HUC document at " + params.getTextDocument().getUri());
            }
            HucSymbols.Occurrence o = navigation.renameable(unit, document.getContents(), offset);
            return Either3.forFirst(HucNavigation.range(unit, o.offset(), o.length()));
        }));
    }

    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        return refusable(() -> getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> {
            TranslationUnit unit = unit(resource);
            Integer offset = offset(document, params.getPosition());
            if (unit == null || offset == null) {
                throw new HucNavigation.Refusal("no HUC document at " + params.getTextDocument().getUri());
            }
            return navigation.rename(unit, document.getContents(), offset, params.getNewName());
        }));
    }

    /** A read that may refuse, run as a read request; a refusal becomes a RequestFailed error with its message. */
    private <T> CompletableFuture<T> refusable(java.util.function.Supplier<T> work) {
        return getRequestManager().runRead(cancel -> {
            try {
                return Either.<T, String>forLeft(work.get());
            } catch (HucNavigation.Refusal r) {
                return Either.<T, String>forRight(r.getMessage());
            }
        }).thenCompose(r -> {
            if (r.isLeft()) {
                return CompletableFuture.completedFuture(r.getLeft());
            }
            CompletableFuture<T> f = new CompletableFuture<>();
            f.completeExceptionally(new ResponseErrorException(new ResponseError(ResponseErrorCode.RequestFailed, r.getRight(), null)));
            return f;
        });
    }

    /** Indentation by braces and no trailing blanks ({@link HucFormatter}); Xtext has no formatter for HUC. */
    @Override
    protected List<? extends org.eclipse.lsp4j.TextEdit> formatting(org.eclipse.lsp4j.DocumentFormattingParams params,
            CancelIndicator cancelIndicator) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> document == null
                ? List.<org.eclipse.lsp4j.TextEdit>of() : HucFormatter.edits(document.getContents(), params.getOptions(), null));
    }

    @Override
    protected List<? extends org.eclipse.lsp4j.TextEdit> rangeFormatting(org.eclipse.lsp4j.DocumentRangeFormattingParams params,
            CancelIndicator cancelIndicator) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()), (document, resource) -> document == null
                ? List.<org.eclipse.lsp4j.TextEdit>of()
                : HucFormatter.edits(document.getContents(), params.getOptions(), params.getRange()));
    }

    @Override
    protected List<FoldingRange> foldingRange(FoldingRangeRequestParams params, CancelIndicator cancelIndicator) {
        return getWorkspaceManager().doRead(uris.toUri(params.getTextDocument().getUri()),
                (document, resource) -> HucFolding.ranges(unit(resource)));
    }

    /** The HUC unit a resource holds, or null (no resource, nothing parsed). */
    static TranslationUnit unit(org.eclipse.emf.ecore.resource.Resource resource) {
        return resource != null && !resource.getContents().isEmpty() && resource.getContents().get(0) instanceof TranslationUnit u ? u : null;
    }

    private static Integer offset(Document document, Position position) {
        if (document == null || position == null) {
            return null;
        }
        try {
            return document.getOffSet(position);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }
}
