package org.hyperupcall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc compile}: HUC source to an eBPF ELF object (like {@code clang -c}) or to an annotated listing. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compile a HUC file: each SEC(\"hyperupcall/<event>\") entry point becomes a program in that section",
            "of a relocatable ELF object (default FILE.o next to the source), or with --emit asm a listing with the HUC",
            "source lines as comments before their instructions (like llvm-objdump -dS). Errors on stderr as",
            "'file:line:col: error: message [RULE]'; exit status 1 on an error, 2 on a usage or I/O error."})
final class CompileCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.huc", description = "HUC source file.")
    Path file;

    @Option(names = "-o", paramLabel = "FILE", description = "Output file (default: FILE.o next to the source; for --emit asm, "
            + "standard output); '-' is standard output (listings only).")
    String output;

    @Option(names = "--emit", defaultValue = "obj", paramLabel = "obj|asm",
            description = "obj: ELF object (default); asm: listing with the source interleaved.")
    String emit;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the instruction count of each entry point.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!emit.equals("obj") && !emit.equals("asm")) {
            throw new ParameterException(spec.commandLine(), "--emit must be obj or asm, not '" + emit + "'");
        }
        if (emit.equals("obj") && "-".equals(output)) {
            throw new ParameterException(spec.commandLine(), "an ELF object is not written to standard output: give -o FILE.o");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HucSource source = HucSource.read(file);
        Compilation c = source.compile(err);
        if (!c.ok()) {
            return 1;
        }
        if (emit.equals("obj")) {
            write(output != null ? Path.of(output) : objectBeside(file), c.elf());
        } else if (output == null || output.equals("-")) {
            out.print(c.listingWithSource(source::line));
        } else {
            write(Path.of(output), c.listingWithSource(source::line).getBytes(StandardCharsets.UTF_8));
        }
        if (!quiet) {
            for (CompiledProgram p : c.programs()) {
                int limit = ProgramType.of(p.event()).instructionLimit();
                err.printf("%s: %s (%s): %d instructions (limit %d)%s%n", file, p.function(), p.event().section(), p.size(), limit,
                        p.size() > limit ? ": over the limit, the hypervisor will refuse it" : "");
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    /** FILE.o beside FILE.huc, as {@code clang -c} names it. */
    static Path objectBeside(Path source) {
        String name = source.getFileName().toString();
        String base = name.endsWith(".huc") ? name.substring(0, name.length() - 4) : name;
        return source.resolveSibling(base + ".o");
    }

    private static void write(Path target, byte[] bytes) {
        try {
            Files.write(target, bytes);
        } catch (IOException e) {
            throw UserError.io(target + ": cannot write: " + e.getMessage());
        }
    }
}
