package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Build smoke test: proves that JUnit 5 parameterized tests run under tycho-surefire and that
 * the system property {@code hyperupcall.shared} (set in this bundle's pom.xml) points at the
 * shared test data.
 */
class BuildSmokeTest {

    static Path shared() {
        String p = System.getProperty("hyperupcall.shared");
        assertNotNull(p, "system property hyperupcall.shared is not set");
        return Path.of(p).toAbsolutePath().normalize();
    }

    static Stream<Path> conformanceFiles() throws IOException {
        Path dir = shared().resolve("conformance/tests");
        assertTrue(Files.isDirectory(dir), "not a directory: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceFiles")
    void conformanceFileIsReadable(Path file) throws IOException {
        assertTrue(Files.isReadable(file), "not readable: " + file);
        Files.readAllBytes(file);
    }
}
