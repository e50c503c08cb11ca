package org.hyperupcall.cli;

import java.io.PrintWriter;

import org.hyperupcall.ebpf.EngineKind;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code huc} command line: each stage of the toolchain as a subcommand. */
@Command(name = "huc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Hyperupcall Studio toolchain: compile HUC, assemble, disassemble, verify and run eBPF programs, "
            + "and run hyperupcalls in the hypervisor simulator.",
        subcommands = {AsmCommand.class, DisasmCommand.class, ExecCommand.class, BenchCommand.class, ConformanceCommand.class,
            AbiCommand.class, VerifyCommand.class, CheckCommand.class, CompileCommand.class, LspCommand.class, DapCommand.class,
            RunCommand.class, ScenariosCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Reads Implementation-Version from the jar manifest (set by dist/pom.xml). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"huc " + (v != null ? v : "0.1.0-SNAPSHOT")};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs a command line and returns the exit status (0 ok, 1 error in the input, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(EngineKind.class, new EngineOption());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError u) {
                cmd.getErr().println("huc: " + ex.getMessage());
                cmd.getErr().flush();
                return u.status();
            }
            throw ex;
        });
        try {
            return cl.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // A last resort: the front end's limits (org.hyperupcall.lang.Limits) keep input within
            // what fits; this is a bug when it happens, not the way a limit is reported.
            err.println("huc: internal limit: " + (e instanceof StackOverflowError ? "out of stack" : "out of memory")
                    + " on this input (please report it)");
            err.flush();
            return 1;
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
