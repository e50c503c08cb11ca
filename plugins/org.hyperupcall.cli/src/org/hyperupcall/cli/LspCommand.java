package org.hyperupcall.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.hyperupcall.lang.ide.HucLanguageServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code huc lsp}: the HUC language server on standard input and output. */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = {"Run the HUC language server (Language Server Protocol, JSON-RPC on stdin/stdout) until the client exits.",
            "Editors start it: VS Code through the extension in vscode/, others with the command 'huc lsp'."})
final class LspCommand implements Callable<Integer> {
    @Option(names = "--log", description = "Log the server's activity to standard error.")
    boolean log;

    @Option(names = "--trace", description = "Trace every JSON-RPC message to standard error.")
    boolean trace;

    @Option(names = "--stdio", description = "Talk on standard input and output (the default and only transport; "
            + "accepted because clients such as vscode-languageclient pass it).")
    boolean stdio;

    /** Options other clients add ({@code --clientProcessId=N}, {@code --node-ipc}, ...): ignored, with a warning. */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Override
    public Integer call() {
        if (!unmatched.isEmpty()) {
            System.err.println("huc lsp: warning: ignoring " + String.join(" ", unmatched)
                    + " (the server talks JSON-RPC on standard input and output only)");
        }
        List<String> args = new ArrayList<>();
        if (log) {
            args.add("-log");
        }
        if (trace) {
            args.add("-trace");
        }
        HucLanguageServer.run(args.toArray(new String[0]));
        return 0;
    }
}
