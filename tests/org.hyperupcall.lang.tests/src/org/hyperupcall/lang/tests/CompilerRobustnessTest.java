package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.ebpf.isa.ProgramChecker;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged HUC sources (characters deleted, duplicated or swapped, lines dropped or repeated,
 * from a fixed seed): the compiler answers every one with diagnostics or programs, never an
 * exception and never an internal error, and every program it produces passes the loader's
 * structural checks (valid opcodes, jumps inside, no read of an unwritten register).
 */
class CompilerRobustnessTest {
    private static final Path REPO = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();
    private static final int MUTATIONS = Integer.getInteger("hyperupcall.compiler.mutations", 60);

    static Stream<Path> sources() throws IOException {
        try (Stream<Path> a = Files.list(REPO.resolve("examples/huc"));
                Stream<Path> b = Files.list(REPO.resolve("tests/org.hyperupcall.lang.tests/programs/clang"))) {
            return Stream.concat(a.toList().stream(), b.toList().stream()).filter(p -> p.toString().endsWith(".huc")).sorted();
        }
    }

    @ParameterizedTest(name = "damaged copies of {0} give diagnostics or valid programs, never a crash")
    @MethodSource("sources")
    void damagedSourcesGiveDiagnosticsOrValidPrograms(Path file) throws IOException {
        String text = Files.readString(file);
        Random random = new Random(file.getFileName().toString().hashCode());
        for (int i = 0; i < MUTATIONS; i++) {
            String damaged = mutate(text, random);
            Compilation c = assertDoesNotThrow(() -> Compiler.compile("damaged.huc", damaged), damaged);
            List<SourceDiagnostic> internal = c.diagnostics().stream().filter(d -> d.rule() != null && d.rule().equals(HucRule.INTERNAL.id())).toList();
            assertTrue(internal.isEmpty(), () -> internal + "\n" + damaged);
            for (CompiledProgram p : c.programs()) {
                assertDoesNotThrow(() -> ProgramChecker.check(p.program()), () -> p.listing() + "\n" + damaged);
                assertFalse(p.size() == 0, damaged);
            }
        }
    }

    private static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        int len = 1 + random.nextInt(Math.min(12, text.length() - at));
        List<String> lines = List.of(text.split("\n", -1));
        return switch (random.nextInt(6)) {
            case 0 -> text.substring(0, at) + text.substring(at + len);
            case 1 -> text.substring(0, at) + text.substring(at, at + len) + text.substring(at);
            case 2 -> {
                int other = random.nextInt(text.length());
                char[] c = text.toCharArray();
                char t = c[at];
                c[at] = c[other];
                c[other] = t;
                yield new String(c);
            }
            case 3 -> {
                int line = random.nextInt(lines.size());
                yield String.join("\n", Stream.concat(lines.subList(0, line).stream(), lines.subList(line + 1, lines.size()).stream()).toList());
            }
            case 4 -> {
                int line = random.nextInt(lines.size());
                yield String.join("\n", Stream.concat(lines.subList(0, line + 1).stream(), lines.subList(line, lines.size()).stream()).toList());
            }
            default -> text.substring(0, at) + "0" + text.substring(at);
        };
    }
}
