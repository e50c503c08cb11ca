package org.hyperupcall.lang.compiler;

import java.util.List;
import java.util.Optional;

import org.hyperupcall.lang.SourceDiagnostic;

/**
 * What compiling a unit produced: a program per entry point that compiled, the diagnostics of those
 * that did not (and of the unit), and the ELF object of the compiled programs (null when the
 * source had syntax or rule errors).
 */
public record Compilation(List<CompiledProgram> programs, List<SourceDiagnostic> diagnostics, byte[] elf) {
    public Compilation {
        programs = List.copyOf(programs);
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether there is no error. */
    public boolean ok() {
        return diagnostics.stream().noneMatch(SourceDiagnostic::error);
    }

    private static final java.util.regex.Pattern INSN = java.util.regex.Pattern.compile("^\\s*(\\d+):\t");

    /**
     * Every entry point under its section name, in llvm-objdump's listing form; before the
     * instructions of a source line comes that line as a {@code ;} comment (as {@code llvm-objdump
     * -dS} prints it), and under an lddw of an extern its relocation. {@code sourceLine} gives the
     * text of a 1-based line of the compiled file.
     */
    public String listingWithSource(java.util.function.IntFunction<String> sourceLine) {
        StringBuilder sb = new StringBuilder();
        for (CompiledProgram p : programs) {
            java.util.Map<Integer, String> relocations = new java.util.HashMap<>();
            p.externs().forEach((slot, symbol) -> relocations.put(slot, "R_BPF_64_64\t" + symbol));
            sb.append("\nDisassembly of section ").append(p.event().section()).append(":\n\n");
            int shown = -1;
            for (String l : org.hyperupcall.ebpf.asm.Disassembler.objdump(p.program(), false, relocations).split("\n")) {
                java.util.regex.Matcher m = INSN.matcher(l);
                if (m.find()) {
                    int line = p.program().sourceLine(Integer.parseInt(m.group(1)));
                    if (line > 0 && line != shown) {
                        sb.append("; ").append(sourceLine.apply(line).stripTrailing()).append('\n');
                        shown = line;
                    }
                }
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    /** The program of the entry point with this function name. */
    public Optional<CompiledProgram> program(String function) {
        return programs.stream().filter(p -> p.function().equals(function)).findFirst();
    }
}
