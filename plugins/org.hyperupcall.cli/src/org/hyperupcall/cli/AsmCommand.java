package org.hyperupcall.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hyperupcall.ebpf.elf.ElfWriter;
import org.hyperupcall.ebpf.isa.Program;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code huc asm}: assembly text to an ELF object. */
@Command(name = "asm", mixinStandardHelpOptions = true,
        description = "Assemble eBPF assembly (bpf_conformance or LLVM syntax) into an ELF object that llvm-objdump reads.")
final class AsmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.s", description = "Assembly file.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.o", description = "Object file to write.")
    Path output;

    @Option(names = "--section", defaultValue = ".text", paramLabel = "NAME",
            description = "Section of the program, e.g. hyperupcall/vm_exit (default: ${DEFAULT-VALUE}).")
    String section;

    @Override
    public Integer call() {
        Program program = ProgramFiles.load(input, null);
        byte[] object = new ElfWriter().add(section, program, Map.of()).toBytes();
        try {
            Files.write(output, object);
        } catch (IOException e) {
            throw new UserError(output + ": cannot write: " + e.getMessage());
        }
        return 0;
    }
}
