package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.Rule;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case file under cases/ gets the verdict, rule and instruction it expects. */
class VerifierCorpusTest {
    static Path casesDir() {
        Path repo = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
        return repo.resolve("tests/org.hyperupcall.verifier.tests/cases");
    }

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.walk(casesDir())) {
            return s.filter(p -> p.toString().endsWith(".case")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheExpectedVerdict(Path file) throws Exception {
        VerifierCase c = VerifierCase.read(file);
        Program program = Assembler.assemble(file.getFileName().toString(), c.asm());
        ProgramType type = c.limit() == null ? ProgramType.of(c.event()) : new ProgramType(c.event(), c.limit());
        Verification v = Verifier.verify(program, type, VerifierOptions.defaults().withRegions(c.regions()));
        String name = casesDir().relativize(file).toString();
        // the editor's hover keeps the states: the same verdict, at the same instruction
        Verification kept = Verifier.verify(program, type, VerifierOptions.defaults().withRegions(c.regions()).withStates(true));
        assertEquals(v.diagnostics(), kept.diagnostics(), () -> name + ": keeping the states changed the verdict");
        boolean explored = !kept.states().isEmpty(); // structure and control flow reject before exploring, and keep nothing
        assertTrue(kept.accepted() || !explored || kept.path() != null || kept.diagnostics().get(0).insn() < 0
                || kept.diagnostics().get(0).rule() == Rule.COMPLEXITY, () -> name + ": a rejection found by exploring has its path");
        if (c.accept()) {
            assertTrue(v.accepted(), () -> name + ": expected accept, got " + v.diagnostics().get(0).format(name));
            return;
        }
        assertTrue(!v.accepted(), () -> name + ": expected " + c.rule() + ", but the program was accepted");
        Diagnostic d = v.diagnostics().get(0);
        assertEquals(c.rule(), d.rule().id(), () -> name + ": " + d.format(name));
        if (c.insn() >= 0) {
            assertEquals(c.insn(), d.insn(), () -> name + ": wrong instruction: " + d.format(name));
        }
        if (c.message() != null) {
            assertTrue(d.message().contains(c.message()), () -> name + ": message lacks '" + c.message() + "': " + d.format(name));
        }
        assertTrue(d.insn() < 0 || d.line() > 0, () -> name + ": a diagnostic on an instruction names its source line");
    }

    @Test
    void coversEveryRuleBothWays() throws Exception {
        List<VerifierCase> all = cases().map(p -> {
            try {
                return VerifierCase.read(p);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
        for (Rule r : Rule.values()) {
            if (r == Rule.COMPLEXITY) {
                continue; // needs a program too large for a case file
            }
            assertTrue(all.stream().anyMatch(c -> r.id().equals(c.rule())), "no case rejected by " + r.id());
        }
        assertTrue(all.stream().filter(VerifierCase::accept).count() >= 10, "too few accepted cases");
    }
}
