package org.hyperupcall.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc disasm}: an llvm-objdump-like listing. */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = "Disassemble an ELF object (every code section, like llvm-objdump -d) or an assembly file.")
final class DisasmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "ELF object (.o), assembly (.s) or bpf_conformance file (.data).")
    Path file;

    @Option(names = "--syntax", defaultValue = "llvm", paramLabel = "llvm|conformance",
            description = "llvm: llvm-objdump listing (default); conformance: bpf_conformance assembly that huc asm reads back.")
    String syntax;

    @Option(names = "--no-show-raw-insn", description = "Do not print the instruction bytes.")
    boolean noRaw;

    @Option(names = {"-j", "--section"}, paramLabel = "NAME", description = "Only this section.")
    String section;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!syntax.equals("llvm") && !syntax.equals("conformance")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--syntax must be llvm or conformance, not '" + syntax + "'");
        }
        var out = spec.commandLine().getOut();
        byte[] bytes = ProgramFiles.read(file);
        if (!ElfReader.isElf(bytes)) {
            Program p = ProgramFiles.loadWithMemory(file, null).program();
            if (!syntax.equals("llvm")) {
                requireAssembly(p, "");
            }
            out.print(syntax.equals("llvm") ? Disassembler.objdump(p, !noRaw, null) : Disassembler.assembly(p));
            out.flush();
            return 0;
        }
        ElfObject obj;
        try {
            obj = ElfReader.read(file.toString(), bytes);
        } catch (ElfException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
        List<ElfObject.Section> sections = obj.programSections();
        if (section != null) {
            sections = sections.stream().filter(s -> s.name().equals(section)).toList();
            if (sections.isEmpty()) {
                throw new UserError(file + ": no code section named '" + section + "' (sections: "
                        + String.join(", ", Linker.programNames(obj)) + ")");
            }
        }
        if (syntax.equals("llvm")) {
            out.printf("%n%s:\tfile format elf64-bpf%n", file);
        }
        for (ElfObject.Section s : sections) {
            Program p = obj.sectionProgram(s);
            java.util.Map<Integer, String> relocs = new java.util.HashMap<>();
            for (ElfObject.Relocation r : s.relocations()) {
                relocs.put((int) (r.offset() / 8), r.typeName() + "\t" + obj.symbol(r.symbol()).name());
            }
            if (syntax.equals("llvm")) {
                out.printf("%nDisassembly of section %s:%n%n", s.name());
                out.print(Disassembler.objdump(p, !noRaw, relocs));
            } else {
                requireAssembly(p, " section " + s.name() + ",");
                out.printf("# section %s%n", s.name());
                out.print(Disassembler.assembly(p));
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Assembly text is meant to be read back by huc asm: bytes that are no instruction have none, so
     * they are a one-line error naming the instruction (the llvm listing shows them as unknown).
     */
    private void requireAssembly(Program p, String where) {
        for (int i = 0; i < p.size(); i++) {
            Instruction insn = p.get(i);
            String text = Disassembler.instruction(p, i, Disassembler.Syntax.CONFORMANCE);
            if (text.startsWith("<unknown")) {
                throw new UserError(file + ":" + where + " instruction " + i + ": "
                        + text.substring(1, text.length() - 1) + " has no assembly (--syntax llvm lists it)");
            }
            if (insn.isLddw()) {
                i++;
            }
        }
    }
}
