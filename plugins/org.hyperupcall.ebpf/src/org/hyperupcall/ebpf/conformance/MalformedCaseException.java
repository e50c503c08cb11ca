package org.hyperupcall.ebpf.conformance;

import java.nio.file.Path;

/** A conformance data file that does not follow the format. */
public final class MalformedCaseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The message is one line, whatever the file's text it quotes. */
    public MalformedCaseException(Path file, int line, String message) {
        super(org.hyperupcall.ebpf.InputFiles.printable(file + (line > 0 ? ":" + line : "") + ": " + message, 1_000));
    }

    /** A file whose own message already names it (such as text that is not UTF-8). */
    MalformedCaseException(String message) {
        super(message);
    }
}
