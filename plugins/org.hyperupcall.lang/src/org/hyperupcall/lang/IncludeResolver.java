package org.hyperupcall.lang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the text of a file named by {@code #include "name"}: the CLI reads it beside the including
 * file, as a C compiler does with quoted includes; an editor or language server may answer from
 * its open documents first. {@code "hyperupcall.h"} never reaches a resolver: it is the ABI's.
 */
@FunctionalInterface
public interface IncludeResolver {
    /** Resolves nothing: every include other than hyperupcall.h is reported missing. */
    IncludeResolver NONE = (including, name) -> Optional.empty();

    /**
     * The path (as it should appear in diagnostics) and text of {@code name} included from the file
     * {@code including}, or empty when there is no such file.
     */
    Optional<Source> resolve(String including, String name);

    /** A file's name for diagnostics and its text. */
    record Source(String path, String text) {
    }

    /** Reads includes from the file system, relative to the including file's directory. */
    static IncludeResolver files() {
        return (including, name) -> {
            Path dir = Path.of(including).toAbsolutePath().getParent();
            Path p = dir == null ? Path.of(name) : dir.resolve(name).normalize();
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try {
                Path shown = Path.of(including).getParent() == null ? Path.of(name) : Path.of(including).getParent().resolve(name).normalize();
                return Optional.of(new Source(shown.toString(), org.hyperupcall.ebpf.Utf8.decode(shown.toString(), Files.readAllBytes(p))));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        };
    }
}
