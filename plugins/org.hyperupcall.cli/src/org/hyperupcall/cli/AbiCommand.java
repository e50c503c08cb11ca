package org.hyperupcall.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hyperupcall.abi.AbiDoc;
import org.hyperupcall.abi.Header;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc abi}: the ABI's header or its documentation, generated from the abi bundle. */
@Command(name = "abi", mixinStandardHelpOptions = true,
        description = "Print hyperupcall.h (the header programs include) or the ABI documentation (docs/abi.md).")
final class AbiCommand implements Callable<Integer> {
    static final class What {
        @Option(names = "--header", description = "hyperupcall.h (the default).")
        boolean header;

        @Option(names = "--markdown", description = "The ABI documentation in Markdown.")
        boolean markdown;
    }

    @ArgGroup(exclusive = true)
    What what;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String text = what != null && what.markdown ? AbiDoc.markdown() : Header.text();
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(output + ": cannot write: " + e.getMessage());
        }
        return 0;
    }
}
