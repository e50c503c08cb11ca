package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;

/** The shared test data beside the repository (system property {@code hyperupcall.shared}), read in place. */
final class TestData {
    private TestData() {
    }

    static Path shared() {
        String p = System.getProperty("hyperupcall.shared");
        assertNotNull(p, "system property hyperupcall.shared is not set (see this bundle's pom.xml)");
        return Path.of(p).toAbsolutePath().normalize();
    }

    static Path conformance() {
        return shared().resolve("conformance");
    }

    /** bpf_conformance programs that must run and produce their expected result. */
    static Path conformanceTests() {
        return conformance().resolve("tests");
    }

    /** Programs the assembler or the loader must refuse. */
    static Path conformanceNegative() {
        return conformance().resolve("negative");
    }

    /** The .data files directly in {@code dir}, sorted; fails when there are none. */
    static List<Path> dataFiles(Path dir) {
        assertTrue(Files.isDirectory(dir), "not a directory: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".data") && Files.isRegularFile(p))
                    .sorted().toList();
            assertTrue(!files.isEmpty(), "no .data files in " + dir);
            return files;
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    /** A file as a test argument named by its path under conformance/ ("tests/add.data"). */
    static Named<Path> named(Path file) {
        return Named.of(conformance().relativize(file).toString(), file);
    }
}
