package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.hyperupcall.ebpf.Utf8;
import org.junit.jupiter.api.Test;

/** Input text: strict UTF-8, a leading byte order mark skipped, bad bytes named by offset and line. */
class Utf8Test {
    @Test
    void aLeadingByteOrderMarkIsSkippedAndTheRestDecoded() {
        byte[] text = "\uFEFFexit\n# é\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("exit\n# é\n", Utf8.decode("a.s", text));
        assertEquals("", Utf8.decode("empty.s", new byte[0]));
    }

    @Test
    void aByteThatIsNotUtf8IsAnErrorNamingTheFileTheOffsetAndTheLine() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("mov %r0, ").append(i).append('\n');
        }
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length + 2];
        System.arraycopy(good, 0, bad, 0, good.length);
        bad[good.length] = (byte) 0xff;
        bad[good.length + 1] = '\n';
        Utf8.NotUtf8Exception e = assertThrows(Utf8.NotUtf8Exception.class, () -> Utf8.decode("big.s", bad));
        assertEquals("big.s: not valid UTF-8 at byte offset " + good.length + " (line 10001): 0xff", e.getMessage());
        assertEquals(good.length, e.offset());
    }

    @Test
    void aSequenceCutShortAtTheEndIsAnError() {
        byte[] cut = {'a', '\n', (byte) 0xc3};
        Utf8.NotUtf8Exception e = assertThrows(Utf8.NotUtf8Exception.class, () -> Utf8.decode("cut.huc", cut));
        assertEquals("cut.huc: not valid UTF-8 at byte offset 2 (line 2): 0xc3", e.getMessage());
    }
}
