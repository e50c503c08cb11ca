package org.hyperupcall.lang.ide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language server's standard input, checked message by message before LSP4J reads it. LSP4J
 * trusts the {@code Content-Length} header: a non-numeric or negative one made it drop every
 * later message (alive but deaf), a too-long one made it wait for bytes that never come. This
 * stream passes on only well-framed messages, {@code Content-Length: n\r\n\r\n} and n bytes, and
 * resynchronises after a bad one at the next {@code Content-Length:} header, with one line on
 * standard error for what it skipped:
 * <ul>
 * <li>a header that is not {@code Content-Length: digits} (or {@code Content-Type}), a missing
 * {@code Content-Length}, bytes that are not a header: skipped up to the next header;</li>
 * <li>a body in which the next message's header appears ({@code Content-Length: n} and a line
 * break, which no JSON text contains, since JSON strings cannot hold a raw line break): the
 * Content-Length was too long; the body is dropped and the header read;</li>
 * <li>a Content-Length over the limit ({@value #DEFAULT_MAX_BYTES} bytes, 64 MiB): the body is
 * read and discarded without being kept, or until a header shows in it.</li>
 * </ul>
 * A message dropped so is lost: its request gets no answer (the client's next requests are
 * answered). But when the dropped bytes are a change of a document ({@code textDocument/didChange},
 * {@code didOpen}, {@code didClose}), the server's copy of the documents would silently differ
 * from the editor's from then on, so {@code stateLost} is called: {@code huc lsp} exits with
 * status 1 after its line on standard error, and the editor, restarting it, sends the documents
 * again.
 */
public final class HucFraming extends InputStream {
    /** The largest message accepted: 64 MiB (a 64 MiB document is far beyond any HUC program). */
    public static final int DEFAULT_MAX_BYTES = 64 << 20;
    private static final int MAX_HEADER_LINE = 8192;
    private static final byte[] CONTENT_LENGTH = "Content-Length:".getBytes(StandardCharsets.US_ASCII);
    /** A header inside a body: Content-Length, digits, a line break. */
    private static final Pattern HEADER_IN_BODY = Pattern.compile("Content-Length:[ \\t]*[0-9]+\\r?\\n");
    private static final Pattern DOCUMENT_CHANGE = Pattern.compile("\"method\"\\s*:\\s*\"textDocument/did(Change|Open|Close)\"");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]{1,100})\"");

    private final InputStream in;
    private final PrintStream err;
    private final int maxBytes;
    private final Runnable stateLost;
    /** Bytes read ahead of the next header (from a body in which a header showed). */
    private byte[] pending = new byte[0];
    private int pendingAt;
    private byte[] frame = new byte[0];
    private int frameAt;
    private boolean eof;

    /** Messages from in, each at most maxBytes; the lines to err; stateLost called when a dropped message changed documents. */
    public HucFraming(InputStream in, PrintStream err, int maxBytes, Runnable stateLost) {
        this.in = in;
        this.err = err;
        this.maxBytes = maxBytes;
        this.stateLost = stateLost;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (frameAt == frame.length) {
            if (eof || !nextFrame()) {
                eof = true;
                return -1;
            }
        }
        int n = Math.min(len, frame.length - frameAt);
        System.arraycopy(frame, frameAt, b, off, n);
        frameAt += n;
        return n;
    }

    @Override
    public int available() {
        return frame.length - frameAt;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---------------------------------------------------------------- reading

    private int rawRead() throws IOException {
        if (pendingAt < pending.length) {
            return pending[pendingAt++] & 0xff;
        }
        return in.read();
    }

    private int rawRead(byte[] b, int off, int len) throws IOException {
        if (pendingAt < pending.length) {
            int n = Math.min(len, pending.length - pendingAt);
            System.arraycopy(pending, pendingAt, b, off, n);
            pendingAt += n;
            return n;
        }
        return in.read(b, off, len);
    }

    private void unread(byte[] b, int from, int to) {
        byte[] rest = new byte[to - from + pending.length - pendingAt];
        System.arraycopy(b, from, rest, 0, to - from);
        System.arraycopy(pending, pendingAt, rest, to - from, pending.length - pendingAt);
        pending = rest;
        pendingAt = 0;
    }

    /** A header line without its line break (CR LF or LF); null at the end of input; a too-long line is a Bad. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = rawRead(); ; c = rawRead()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (b.size() >= MAX_HEADER_LINE) {
                throw new Bad("a header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            b.write(c);
        }
    }

    /** Reads the next well-framed message into frame; false at the end of input. */
    private boolean nextFrame() throws IOException {
        while (true) {
            try {
                byte[] body = message();
                if (body == null) {
                    return false;
                }
                byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                frame = new byte[header.length + body.length];
                System.arraycopy(header, 0, frame, 0, header.length);
                System.arraycopy(body, 0, frame, header.length, body.length);
                frameAt = 0;
                return true;
            } catch (Bad bad) {
                ByteArrayOutputStream skipped = new ByteArrayOutputStream();
                boolean more = resynchronise(skipped);
                String dropped = (bad.dropped == null ? "" : bad.dropped) + skipped.toString(StandardCharsets.UTF_8);
                Matcher m = METHOD.matcher(dropped);
                String what = m.find() ? " (a message of method " + m.group(1) + ")" : "";
                boolean changed = DOCUMENT_CHANGE.matcher(dropped).find();
                err.println("huc lsp: " + bad.getMessage() + what + "; skipped to the next Content-Length header"
                        + (changed ? "; a document change was lost, so the server's documents may differ from the editor's:"
                                + " exiting for the editor to restart the server" : ""));
                err.flush();
                if (changed) {
                    stateLost.run();
                }
                if (!more) {
                    return false;
                }
            }
        }
    }

    /** The body of the next message; null at the end of input; a Bad for a message that is not well framed. */
    private byte[] message() throws IOException {
        long length = -1;
        String l = line();
        while (l != null && l.isEmpty()) {
            l = line(); // blank lines between messages
        }
        for (; ; l = line()) {
            if (l == null) {
                return null;
            }
            if (l.isEmpty()) {
                break;
            }
            int colon = l.indexOf(':');
            String name = colon < 0 ? l : l.substring(0, colon).trim();
            String value = colon < 0 ? "" : l.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                if (!value.matches("[0-9]{1,18}")) {
                    throw new Bad("a bad Content-Length header '" + shorten(l) + "'");
                }
                length = Long.parseLong(value);
            } else if (!name.equalsIgnoreCase("Content-Type")) {
                throw new Bad("not an LSP header: '" + shorten(l) + "'");
            }
        }
        if (length < 0) {
            throw new Bad("a message without a Content-Length header");
        }
        if (length > maxBytes) {
            discard(length);
            throw new Bad("a message of " + length + " bytes is over the limit of " + maxBytes + " bytes (" + (maxBytes >> 20) + " MiB)");
        }
        return body((int) length);
    }

    /** length bytes, unless the start of a header shows in them (then a Bad, the header left to read). */
    private byte[] body(int length) throws IOException {
        byte[] body = new byte[length];
        int at = 0;
        while (at < length) {
            int n = rawRead(body, at, length - at);
            if (n < 0) {
                return null;
            }
            headerIn(body, at, at + n);
            at += n;
        }
        return body;
    }

    /** Reads and forgets length bytes, a block at a time, unless a header shows in them. */
    private void discard(long length) throws IOException {
        byte[] block = new byte[1 << 16];
        int keep = 0;   // the end of the previous block, kept to find a header split between blocks
        for (long left = length; left > 0; ) {
            int n = rawRead(block, keep, (int) Math.min(block.length - keep, left));
            if (n < 0) {
                return;
            }
            headerIn(block, keep, keep + n);
            left -= n;
            int end = keep + n;
            keep = Math.min(40, end);
            System.arraycopy(block, end - keep, block, 0, keep);
        }
    }

    /**
     * Throws a Bad when a header begins in b between from and to (looking back a little before from,
     * for a header split between reads): the bytes from the header on are read again.
     */
    private void headerIn(byte[] b, int from, int to) {
        int start = Math.max(0, from - 40);
        String s = new String(b, start, to - start, StandardCharsets.ISO_8859_1);
        Matcher m = HEADER_IN_BODY.matcher(s);
        if (m.find()) {
            int header = start + m.start();
            unread(b, header, to);
            throw new Bad("a Content-Length longer than its message (the next message's header came within it)",
                    new String(b, 0, Math.min(header, 4096), StandardCharsets.UTF_8));
        }
    }

    /** Skips input up to the next "Content-Length:", left to read, keeping the first 4 KiB skipped; false at the end of input. */
    private boolean resynchronise(ByteArrayOutputStream skipped) throws IOException {
        int matched = 0;
        for (int c = rawRead(); c >= 0; c = rawRead()) {
            if (skipped.size() < 4096) {
                skipped.write(c);
            }
            matched = c == CONTENT_LENGTH[matched] ? matched + 1 : c == CONTENT_LENGTH[0] ? 1 : 0;
            if (matched == CONTENT_LENGTH.length) {
                unread(CONTENT_LENGTH, 0, CONTENT_LENGTH.length);
                return true;
            }
        }
        return false;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** A message that is not well framed, and what was dropped of it (for the method's name). */
    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String dropped;

        Bad(String message) {
            this(message, null);
        }

        Bad(String message, String dropped) {
            super(message, null, false, false);
            this.dropped = dropped;
        }
    }
}
