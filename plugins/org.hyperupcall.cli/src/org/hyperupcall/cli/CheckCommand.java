package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hyperupcall.lang.HucChecker;
import org.hyperupcall.lang.SourceDiagnostic;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc check}: the source-level diagnostics of HUC files, as the editor shows them. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Parse HUC files and apply the dialect's rules (no function pointers, inline asm, floating point,",
            "mutable globals, goto, unbounded loops or recursion; only HUC functions and the event's helpers are called).",
            "Prints 'file:line:col: error: message [RULE]'; exit status 1 when there is an error, 2 when a file cannot be read."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.huc", description = "HUC source files.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        int errors = 0;
        for (Path f : files) {
            String text = ProgramFiles.readText(f);
            for (SourceDiagnostic d : HucChecker.check(f.toString(), text)) {
                err.println(d.format());
                if (d.error()) {
                    errors++;
                }
            }
        }
        err.flush();
        return errors == 0 ? 0 : 1;
    }
}
