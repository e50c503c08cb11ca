package org.hyperupcall.lang.ide;

import org.eclipse.xtext.ide.server.ServerLauncher;
import org.eclipse.xtext.ide.server.ServerModule;

/**
 * The HUC language server: Xtext's language server (LSP4J, JSON-RPC over stdin/stdout) with the
 * HUC language's IDE services, found through {@code META-INF/services/org.eclipse.xtext.ISetup}.
 * Standard output belongs to the protocol: Xtext's launcher silences stray prints (logs go to
 * standard error with {@code -log}).
 */
public final class HucLanguageServer {
    private HucLanguageServer() {
    }

    /**
     * Serves until the client exits; {@code args} as Xtext's launcher takes them ({@code -log},
     * {@code -trace}, {@code -noValidate}). Standard input is read through {@link HucFraming}: a
     * badly framed message is skipped with a line on standard error; one that changed documents
     * ends the server with status 1, for the editor to restart it.
     */
    public static void run(String[] args) {
        java.io.PrintStream err = System.err;
        System.setIn(new HucFraming(System.in, err, HucFraming.DEFAULT_MAX_BYTES, () -> Runtime.getRuntime().exit(1)));
        ServerLauncher.launch(HucLanguageServer.class.getName(), args, module());
    }

    /**
     * The server in this JVM on the given streams (as {@code huc lsp} on its standard input and
     * output, messages checked by {@link HucFraming} with this limit); listening until in ends.
     */
    public static java.util.concurrent.Future<Void> serve(java.io.InputStream in, java.io.OutputStream out, java.io.PrintStream err, int maxBytes,
            Runnable stateLost) {
        org.eclipse.xtext.ide.server.LanguageServerImpl server = create();
        org.eclipse.lsp4j.jsonrpc.Launcher<org.eclipse.lsp4j.services.LanguageClient> launcher = org.eclipse.lsp4j.jsonrpc.Launcher.createLauncher(
                server, org.eclipse.lsp4j.services.LanguageClient.class, new HucFraming(in, err, maxBytes, stateLost), out);
        server.connect(launcher.getRemoteProxy());
        return launcher.startListening();
    }

    /** A server, HUC registered with its IDE services. */
    private static org.eclipse.xtext.ide.server.LanguageServerImpl create() {
        // under the registry's lock, as HucStandaloneSetup.createInjectorAndDoEMFRegistrationIfAbsent checks and registers:
        // a checker starting at the same time cannot put the language without IDE services over this one
        synchronized (org.eclipse.xtext.resource.IResourceServiceProvider.Registry.INSTANCE) {
            new HucIdeSetup().createInjectorAndDoEMFRegistration();
        }
        return com.google.inject.Guice.createInjector(
                com.google.inject.util.Modules.override(module()).with(b -> b.bind(org.eclipse.xtext.resource.IResourceServiceProvider.Registry.class)
                        .toInstance(org.eclipse.xtext.resource.IResourceServiceProvider.Registry.INSTANCE)))
                .getInstance(org.eclipse.xtext.ide.server.LanguageServerImpl.class);
    }

    /**
     * Xtext's server module with HUC's server, its request manager (which debounces builds after
     * edits) and request threads with a large stack (deeply nested files, {@link HucExecutorServiceProvider}).
     */
    public static com.google.inject.Module module() {
        return com.google.inject.util.Modules.override(new ServerModule())
                .with(b -> {
                    b.bind(org.eclipse.xtext.ide.server.LanguageServerImpl.class).to(HucLanguageServerImpl.class);
                    b.bind(org.eclipse.xtext.ide.server.concurrent.IRequestManager.class).to(HucRequestManager.class);
                    b.bind(org.eclipse.xtext.ide.server.WorkspaceManager.class).to(HucWorkspaceManager.class);
                    b.bind(org.eclipse.xtext.resource.XtextResourceSet.class).to(HucResourceSet.class);
                    b.bind(java.util.concurrent.ExecutorService.class).toProvider(HucExecutorServiceProvider.class);
                });
    }

    /** A server started in this JVM, and its answer to {@code initialize}. */
    public record InProcess(org.eclipse.xtext.ide.server.LanguageServerImpl server, org.eclipse.lsp4j.InitializeResult initialized) {
    }

    /**
     * Starts the server in this JVM with a client that takes only the diagnostics (the Eclipse
     * editor, tests): HUC registered with its IDE services, the workspace at {@code rootUri}, a
     * client that can execute commands, these initialization options (or null); initialized.
     */
    public static InProcess inProcess(String rootUri, Object initializationOptions,
            java.util.function.Consumer<org.eclipse.lsp4j.PublishDiagnosticsParams> diagnostics) {
        return inProcess(rootUri, initializationOptions, commandCapable(), diagnostics);
    }

    /** A client's capabilities: it can execute commands (statically registered), nothing else declared. */
    public static org.eclipse.lsp4j.ClientCapabilities commandCapable() {
        org.eclipse.lsp4j.ClientCapabilities caps = new org.eclipse.lsp4j.ClientCapabilities();
        org.eclipse.lsp4j.WorkspaceClientCapabilities ws = new org.eclipse.lsp4j.WorkspaceClientCapabilities();
        ws.setExecuteCommand(new org.eclipse.lsp4j.ExecuteCommandCapabilities(false));
        caps.setWorkspace(ws);
        return caps;
    }

    /** As {@link #inProcess(String, Object, java.util.function.Consumer)}, for a client with these capabilities. */
    public static InProcess inProcess(String rootUri, Object initializationOptions, org.eclipse.lsp4j.ClientCapabilities capabilities,
            java.util.function.Consumer<org.eclipse.lsp4j.PublishDiagnosticsParams> diagnostics) {
        org.eclipse.xtext.ide.server.LanguageServerImpl server = create();
        server.connect(new org.eclipse.lsp4j.services.LanguageClient() {
            @Override
            public void publishDiagnostics(org.eclipse.lsp4j.PublishDiagnosticsParams p) {
                diagnostics.accept(p);
            }

            @Override
            public void telemetryEvent(Object object) {
            }

            @Override
            public void showMessage(org.eclipse.lsp4j.MessageParams message) {
            }

            @Override
            public java.util.concurrent.CompletableFuture<org.eclipse.lsp4j.MessageActionItem> showMessageRequest(
                    org.eclipse.lsp4j.ShowMessageRequestParams request) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public void logMessage(org.eclipse.lsp4j.MessageParams message) {
            }
        });
        org.eclipse.lsp4j.InitializeParams init = new org.eclipse.lsp4j.InitializeParams();
        init.setRootUri(rootUri);
        init.setCapabilities(capabilities);
        init.setInitializationOptions(initializationOptions);
        org.eclipse.lsp4j.InitializeResult result;
        try {
            result = server.initialize(init).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the HUC language server started", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the HUC language server did not start: " + e, e);
        }
        server.initialized(new org.eclipse.lsp4j.InitializedParams());
        return new InProcess(server, result);
    }

    public static void main(String[] args) {
        run(args);
    }
}
