package org.hyperupcall.ebpf.conformance;

import java.nio.file.Path;

/** A conformance data file that does not follow the format. */
public final class MalformedCaseException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedCaseException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    /** A file whose own message already names it (such as text that is not UTF-8). */
    MalformedCaseException(String message) {
        super(message);
    }
}
