package org.hyperupcall.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import org.hyperupcall.debug.HucDebugAdapter;

import picocli.CommandLine.Command;

/** {@code huc dap}: the debug adapter of hyperupcalls in the simulator, on standard input and output. */
@Command(name = "dap", mixinStandardHelpOptions = true,
        description = {"Run the debug adapter (Debug Adapter Protocol on stdin/stdout) until the client disconnects: it launches "
            + "a scenario of the bundled simulator with a HUC program and stops its hyperupcalls at breakpoints, steps, "
            + "faults, and shows registers, the context and the simulator's state.",
            "Editors start it: VS Code through the extension's 'hyperupcall' debugger, others with the command 'huc dap'. "
                + "Launch arguments: program (a .huc file), scenario, durationMs, seed, stopOnEntry (docs/debugger.md)."})
final class DapCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        // the protocol owns standard output: anything else printed goes to standard error
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        try {
            HucDebugAdapter.serve(System.in, protocol).get();
        } catch (ExecutionException e) {
            System.err.println("huc dap: " + e.getCause());
            return 1;
        }
        return 0;
    }
}
