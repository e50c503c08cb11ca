package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's input as raw bytes, as an editor writes them to {@code huc lsp}'s standard input
 * (the server in this JVM on pipes, its input read as the command reads it): after a badly framed
 * message, the next request is still answered, and standard error says what was skipped. The
 * process itself is driven so by vscode/test/lsp.test.mjs.
 */
class MessageFramingTest {
    private static final String HOVER = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":"
            + "{\"textDocument\":{\"uri\":\"file:///nowhere/x.huc\"},\"position\":{\"line\":0,\"character\":0}}}";

    static byte[] message(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + body.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    /** What the server wrote to its output until it answered id 2 (or the timeout). */
    private static String answerAfter(byte[] garbage, ByteArrayOutputStream err, AtomicInteger stateLost) throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(client, 1 << 20);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(clientIn);
        java.util.concurrent.Future<Void> listening = org.hyperupcall.lang.ide.HucLanguageServer.serve(serverIn, serverOut,
                new PrintStream(err, true, StandardCharsets.UTF_8), 1 << 20, stateLost::incrementAndGet);
        try {
            client.write(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
                    + "\"rootUri\":\"file:///tmp/huc-ls-framing/\",\"capabilities\":{}}}"));
            client.flush();
            String init = readUntil(clientIn, "\"id\":1", 60_000);
            assertTrue(init.contains("\"capabilities\""), init);
            client.write(garbage);
            client.write(message(HOVER));
            client.flush();
            return readUntil(clientIn, "\"id\":2", 30_000);
        } finally {
            client.close();
            listening.cancel(true);
        }
    }

    private static String readUntil(InputStream in, String needle, long ms) throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder();
        long end = System.currentTimeMillis() + ms;
        byte[] buf = new byte[8192];
        while (!b.toString().contains(needle) && System.currentTimeMillis() < end) {
            if (in.available() > 0) {
                int n = in.read(buf);
                b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } else {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"shutdown\"}",
        "Content-Length: -5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"shutdown\"}",
        "Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\"}",
        "Content-Length: 99999999999\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"x\"}",
        "Content-Length: 2000000\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"x\"}",
        "hello world\r\n\r\n",
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}",
        "X-Whatever: 1\r\nContent-Length: 2\r\n\r\n{}"})
    void afterABadlyFramedMessageTheNextRequestIsAnsweredAndStandardErrorSaysWhatWasSkipped(String garbage) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger stateLost = new AtomicInteger();
        String out = answerAfter(garbage.getBytes(StandardCharsets.UTF_8), err, stateLost);
        assertTrue(out.contains("\"id\":2"), () -> "no answer to the request after the garbage; stderr: " + err);
        String lines = err.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("huc lsp: ") && lines.contains("skipped"), lines);
        assertEquals(0, stateLost.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aMessageOverTheLimitIsSkippedWithoutBeingKeptAndTheNextIsAnswered(int megabytes) throws Exception {
        // a real message, too big (the limit here is 1 MiB): its body is read and discarded
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"$/nothing\",\"params\":{\"x\":\"" + "a".repeat((megabytes << 20) + 100) + "\"}}";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String out = answerAfter(message(big), err, new AtomicInteger());
        assertTrue(out.contains("\"id\":2"), () -> "no answer; stderr: " + err);
        String lines = err.toString(StandardCharsets.UTF_8);
        assertEquals(megabytes >= 1, lines.contains("over the limit of 1048576 bytes"), lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"textDocument/didChange", "textDocument/didOpen"})
    void aDocumentChangeLostToBadFramingEndsTheServerForTheEditorToRestartIt(String method) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger stateLost = new AtomicInteger();
        answerAfter(("Content-Length: 12x\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":{}}").getBytes(StandardCharsets.UTF_8),
                err, stateLost);
        assertEquals(1, stateLost.get(), err::toString);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a document change was lost"), err::toString);
    }
}
