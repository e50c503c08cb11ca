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

    /** The program of the entry point with this function name. */
    public Optional<CompiledProgram> program(String function) {
        return programs.stream().filter(p -> p.function().equals(function)).findFirst();
    }
}
