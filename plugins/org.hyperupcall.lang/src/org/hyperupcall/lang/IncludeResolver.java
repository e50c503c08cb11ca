package org.hyperupcall.lang;

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
     *
     * @throws Unreadable when the file exists but is not read (a directory, a FIFO, too large, not UTF-8)
     */
    Optional<Source> resolve(String including, String name);

    /** An included file that exists but is not read; the message names it and says why. */
    final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unreadable(String message) {
            super(message);
        }
    }

    /** A file's name for diagnostics and its text. */
    record Source(String path, String text) {
    }

    /**
     * Reads includes from the file system, relative to the including file's directory, within the
     * front end's limits ({@link Limits#readSource}: regular files of at most its largest source).
     */
    static IncludeResolver files() {
        return (including, name) -> {
            Path dir = Path.of(including).toAbsolutePath().getParent();
            Path p;
            try {
                p = dir == null ? Path.of(name) : dir.resolve(name).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
            if (!Files.exists(p)) {
                return Optional.empty();
            }
            Path shown = Path.of(including).getParent() == null ? Path.of(name) : Path.of(including).getParent().resolve(name).normalize();
            try {
                return Optional.of(new Source(shown.toString(), Limits.readSource(p, shown.toString(), true)));
            } catch (Limits.UnreadableSource e) {
                if (e.kind() == Limits.UnreadableSource.Kind.MISSING) {
                    return Optional.empty();
                }
                throw new Unreadable(e.getMessage());
            }
        };
    }
}
