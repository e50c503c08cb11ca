package org.hyperupcall.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the files users name (sources, objects, scenario and conformance files) with a ceiling on
 * their size, so that {@code /dev/zero}, a FIFO that never ends or a 3 GB file is refused with one
 * line instead of filling the heap. A regular file over the ceiling is refused from its size,
 * without reading it; any other file is read up to one byte past the ceiling.
 */
public final class InputFiles {
    /** A file over its ceiling; the message names the file and the ceiling. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private InputFiles() {
    }

    /**
     * The bytes of {@code file}, at most {@code maxBytes} of them.
     *
     * @param what what the file is to the reader ("a source file", "a scenario file"), for the message
     * @throws TooLargeException {@code "FILE: larger than 8 MiB, the most huc reads from a source file"}
     * @throws IOException a missing, unreadable file or a directory, as {@link Files#newInputStream} reports it
     */
    public static byte[] read(Path file, long maxBytes, String what) throws IOException {
        return read(file, file.toString(), maxBytes, what);
    }

    /** {@link #read(Path, long, String)}, the file called {@code shown} in messages (an include as it is written). */
    public static byte[] read(Path file, String shown, long maxBytes, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(shown + ": is a directory");
        }
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw tooLarge(shown, maxBytes, what);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(shown, maxBytes, what);
            }
            return bytes;
        }
    }

    /** "8 MiB", "512 KiB" or "100 bytes". */
    public static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /**
     * {@code s} as an error message quotes it: whole when at most {@code max} characters, else its
     * first {@code max} characters and "… (N characters)", so that a 100 MB value is not echoed back.
     */
    public static String abbreviate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "… (" + s.length() + " characters)";
    }

    /**
     * {@code s} as one line of at most about {@code max} characters: control and line-breaking
     * characters (which a malformed input can put into a name an error quotes) written as
     * {@code \\n}, {@code \\x01}, {@code \\u2028}, and the rest cut as {@link #abbreviate} does.
     */
    public static String printable(String s, int max) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (control && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (!control) {
                    sb.append(c);
                } else if (c == '\n') {
                    sb.append("\\n");
                } else if (c == '\r') {
                    sb.append("\\r");
                } else if (c == '\t') {
                    sb.append("\\t");
                } else {
                    sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                }
            }
        }
        return abbreviate(sb == null ? s : sb.toString(), max);
    }

    /** "FILE: larger than 1 MiB, the most huc reads from a source file". */
    public static String tooLargeMessage(String file, long maxBytes, String what) {
        return file + ": larger than " + size(maxBytes) + ", the most huc reads from " + what;
    }

    private static TooLargeException tooLarge(String file, long maxBytes, String what) {
        return new TooLargeException(tooLargeMessage(file, maxBytes, what));
    }
}
