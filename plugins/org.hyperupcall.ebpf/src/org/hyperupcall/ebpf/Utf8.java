package org.hyperupcall.ebpf;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the text of input files (assembly, HUC source, scenario and symbol files): strict UTF-8,
 * a leading byte order mark skipped, and bytes that are not UTF-8 an error naming the file, the byte
 * offset and the line instead of Java's bare "Input length = 1".
 */
public final class Utf8 {
    /** The UTF-8 byte order mark, as it starts a file. */
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    /** Text that is not UTF-8; the message names the file, the byte offset and the line. */
    public static final class NotUtf8Exception extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final long offset;

        NotUtf8Exception(String message, long offset) {
            super(message);
            this.offset = offset;
        }

        /** Offset from the start of the file of the first byte that is not UTF-8. */
        public long offset() {
            return offset;
        }
    }

    private Utf8() {
    }

    /**
     * The text of {@code bytes}, without a leading byte order mark.
     *
     * @throws NotUtf8Exception {@code "NAME: not valid UTF-8 at byte offset N (line L): 0xff"}
     */
    public static String decode(String name, byte[] bytes) {
        int start = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2] ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            StringBuilder shown = new StringBuilder();
            for (int i = at; i < Math.min(bytes.length, at + Math.max(1, r.length())); i++) {
                shown.append(shown.length() == 0 ? "" : " ").append(String.format("0x%02x", bytes[i] & 0xff));
            }
            throw new NotUtf8Exception(name + ": not valid UTF-8 at byte offset " + at + " (line " + line + "): " + shown, at);
        }
        out.flip();
        return out.toString();
    }
}
