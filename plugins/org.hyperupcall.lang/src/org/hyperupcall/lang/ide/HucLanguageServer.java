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

    /** Serves until the client exits; {@code args} as Xtext's launcher takes them ({@code -log}, {@code -trace}, {@code -noValidate}). */
    public static void run(String[] args) {
        ServerLauncher.launch(HucLanguageServer.class.getName(), args, module());
    }

    /** Xtext's server module with HUC's server and its request manager (which debounces builds after edits). */
    public static com.google.inject.Module module() {
        return com.google.inject.util.Modules.override(new ServerModule())
                .with(b -> {
                    b.bind(org.eclipse.xtext.ide.server.LanguageServerImpl.class).to(HucLanguageServerImpl.class);
                    b.bind(org.eclipse.xtext.ide.server.concurrent.IRequestManager.class).to(HucRequestManager.class);
                });
    }

    public static void main(String[] args) {
        run(args);
    }
}
