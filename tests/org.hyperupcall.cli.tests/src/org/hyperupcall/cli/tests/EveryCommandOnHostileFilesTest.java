package org.hyperupcall.cli.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that reads a file, given every kind of hostile file: an empty one, an endless one
 * (/dev/zero), 3 GiB (sparse), a folder, a missing one, random bytes, text that is not UTF-8, text
 * with NUL bytes, a 2 MB line of garbage. Each ends with exit status 1 or 2 and at most a few lines
 * on stderr naming the file, never a Java stack trace, never more than 8 KB of output. The
 * outcomes, one line per case, are printed as the table of docs/reliability.md.
 */
class EveryCommandOnHostileFilesTest {
    @TempDir
    static Path dir;

    private static final List<String> TABLE = new ArrayList<>();

    /** A command, with the file name extension it expects, and how it takes the file. */
    record Surface(String name, String extension, Function<String, String[]> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A kind of hostile file, made in the test's folder. */
    record Hostile(String name, Function<Path, Path> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Surface> SURFACES = List.of(
            new Surface("huc check", ".huc", f -> new String[] {"check", f}),
            new Surface("huc compile", ".huc", f -> new String[] {"compile", f, "-o", dir.resolve("out.o").toString()}),
            new Surface("huc verify", ".o", f -> new String[] {"verify", f}),
            new Surface("huc disasm", ".o", f -> new String[] {"disasm", f}),
            new Surface("huc exec", ".s", f -> new String[] {"exec", f}),
            new Surface("huc asm", ".s", f -> new String[] {"asm", "-o", dir.resolve("out.o").toString(), f}),
            new Surface("huc conformance", ".data", f -> new String[] {"conformance", f}),
            new Surface("huc run --scenario", ".json", f -> new String[] {"run", ExamplesCommandTest.example("trace_exits.huc").toString(),
                "--scenario", f}),
            new Surface("huc verify --symbols", ".map", f -> new String[] {"verify", ExamplesCommandTest.example("tlb_shootdown.huc").toString(),
                "--symbols", f}));

    static final List<Hostile> HOSTILE = List.of(
            new Hostile("empty", f -> write(f, new byte[0])),
            new Hostile("endless (/dev/zero)", f -> Path.of("/dev/zero")),
            new Hostile("3 GiB (sparse)", f -> {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(3L << 30);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return f;
            }),
            new Hostile("a folder", f -> {
                try {
                    return Files.createDirectories(f);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }),
            new Hostile("missing", f -> f),
            new Hostile("64 KiB of random bytes", f -> {
                byte[] b = new byte[1 << 16];
                new Random(14).nextBytes(b);
                return write(f, b);
            }),
            new Hostile("not UTF-8", f -> write(f, new byte[] {'x', ' ', '=', ' ', (byte) 0xff, (byte) 0xfe, '\n'})),
            new Hostile("NUL bytes in text", f -> write(f, "mov %r0, 0\n\0\0\0\nexit\n".getBytes(StandardCharsets.UTF_8))),
            new Hostile("a 2 MB line of garbage", f -> write(f, "@#(".repeat(700_000).getBytes(StandardCharsets.UTF_8))));

    static Stream<Arguments> cases() {
        return SURFACES.stream().flatMap(s -> HOSTILE.stream().map(h -> Arguments.of(s, h)));
    }

    @BeforeAll
    static void header() {
        TABLE.add("| surface | input | exit | first line it prints |");
        TABLE.add("|---|---|---|---|");
    }

    @AfterAll
    static void printTable() {
        System.out.println(String.join("\n", TABLE));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void everyCommandRefusesEveryHostileFileInAFewLinesWithoutAStackTrace(Surface surface, Hostile hostile) {
        if (hostile.name().startsWith("endless")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")), "no /dev/zero here");
        }
        Path file = hostile.make().apply(dir.resolve(surface.name().replaceAll("\\W", "_") + "-" + hostile.name().replaceAll("\\W", "_")
                + surface.extension()));
        Huc run = Huc.run(surface.args().apply(file.toString()));
        String err = run.err().replace("\r", "");
        // huc conformance is a test runner: its verdicts (FAIL FILE: why) go to stdout
        String first = (err.isEmpty() ? run.out() : err).lines().findFirst().orElse("");
        TABLE.add("| `" + surface.name() + "` | " + hostile.name() + " | " + run.status() + " | `"
                + org.hyperupcall.ebpf.InputFiles.abbreviate(first.replace(dir.toString(), "DIR").replace("|", "\\|"), 160) + "` |");
        assertTrue(run.status() == 1 || run.status() == 2 || (run.status() == 0 && hostile.name().equals("empty")), run::toString);
        assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("Error:"), run::toString);
        assertTrue(err.length() + run.out().length() < 8_192, () -> "too much output: " + err.length() + " characters");
        // a usage error (exit 2) is followed by the command's usage, as picocli prints it: bounded, whatever the input
        assertTrue(err.lines().count() <= (run.status() == 2 ? 60 : 24), run::toString);
        if (!hostile.name().equals("empty")) { // an empty file can be valid input, whose errors name other files
            assertTrue(first.contains(file.getFileName().toString()) || first.contains(file.toString()),
                    () -> "the error does not name the file: " + run);
        }
    }

    private static Path write(Path f, byte[] bytes) {
        try {
            return Files.write(f, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
