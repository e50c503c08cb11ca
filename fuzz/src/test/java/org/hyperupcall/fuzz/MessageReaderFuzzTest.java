package org.hyperupcall.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperupcall.lang.ide.HucFraming;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The language server's message reader on any bytes a client (or a broken pipe) can send: what it
 * passes on to LSP4J is only well-framed messages ({@code Content-Length: n}, a blank line, n bytes,
 * at most the limit), whatever came in; what it skipped is told in lines of a size a log shows;
 * it ends when the input ends.
 */
class MessageReaderFuzzTest {
    private static final int MAX = 4096;
    private static final Pattern HEADER = Pattern.compile("Content-Length: (\\d+)\r\n\r\n");

    @FuzzTest
    void messageReader(FuzzedDataProvider data) throws IOException {
        byte[] input = data.consumeRemainingAsBytes();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        boolean[] lost = {false};
        byte[] passed;
        try (HucFraming framing = new HucFraming(new ByteArrayInputStream(input), new PrintStream(log, true, StandardCharsets.UTF_8), MAX,
                () -> lost[0] = true)) {
            passed = framing.readAllBytes();
        }
        String out = new String(passed, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < out.length()) {
            Matcher m = HEADER.matcher(out);
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("passed on bytes that are not a header at " + at + ": "
                        + org.hyperupcall.ebpf.InputFiles.printable(out.substring(at, Math.min(out.length(), at + 80)), 100));
            }
            int length = Integer.parseInt(m.group(1));
            if (length > MAX || m.end() + length > out.length()) {
                throw new AssertionError("passed on a message of " + length + " bytes (limit " + MAX + ", " + (out.length() - m.end())
                        + " left)");
            }
            at = m.end() + length;
        }
        for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.length() > 2_000) {
                throw new AssertionError("a log line of " + line.length() + " characters");
            }
        }
    }
}
