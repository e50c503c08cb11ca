package org.hyperupcall.ebpf.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hyperupcall.ebpf.InputFiles;
import org.hyperupcall.ebpf.Utf8;

/**
 * One bpf_conformance test file: {@code -- asm} (or {@code -- raw}: the program's bytes as hex
 * pairs, or its instructions as 64-bit words such as {@code 0x5566778800000018}, the first byte
 * in the low bits), optional {@code -- mem} (hex bytes whose address goes in r1 and length in r2),
 * and {@code -- result} (expected r0) or {@code -- error}. A file under a {@code negative/} folder
 * passes when its program is refused, faults, or returns something else than its {@code -- result}.
 */
public record ConformanceCase(Path file, String asm, int asmLine, byte[] raw, byte[] mem, Long result, String error,
        boolean negative) {

    /** Section names the format defines; "c" holds the C source a test was written from. */
    private static final java.util.Set<String> KNOWN = java.util.Set.of("asm", "raw", "mem", "result", "error", "c",
            "no register offset");

    /** The largest conformance file read: the upstream suite's largest is under 8 KiB. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Reads and parses a file. A malformed file throws with the line at fault. */
    public static ConformanceCase read(Path file) throws IOException, MalformedCaseException {
        String text;
        try {
            text = Utf8.decode(file.toString(), InputFiles.read(file, MAX_FILE_BYTES, "a conformance file"));
        } catch (Utf8.NotUtf8Exception e) {
            throw new MalformedCaseException(e.getMessage());
        }
        boolean negative = false;
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("negative")) {
                negative = true;
                break;
            }
        }
        return parse(file, text, negative);
    }

    public static ConformanceCase parse(Path file, String text, boolean negative) throws MalformedCaseException {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        StringBuilder current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("--")) {
                String name = line.substring(2).trim();
                if (!KNOWN.contains(name)) {
                    throw new MalformedCaseException(file, i + 1, "unknown section '-- " + abbreviate(name) + "'");
                }
                if (sections.containsKey(name)) {
                    throw new MalformedCaseException(file, i + 1, "section '-- " + name + "' appears twice");
                }
                current = new StringBuilder();
                sections.put(name, current);
                firstLine.put(name, i + 2);
                continue;
            }
            if (current != null) {
                current.append(line).append('\n');
            }
        }
        String asm = sections.containsKey("asm") ? sections.get("asm").toString() : null;
        byte[] raw = sections.containsKey("raw") ? raw(file, firstLine.get("raw"), sections.get("raw").toString()) : null;
        if ((asm == null || asm.isBlank()) && raw == null) {
            throw new MalformedCaseException(file, 0, "no program: the file has no '-- asm' or '-- raw' section with instructions");
        }
        byte[] mem = sections.containsKey("mem") ? hex(file, firstLine.get("mem"), sections.get("mem").toString()) : null;
        Long result = null;
        if (sections.containsKey("result")) {
            String r = stripComments(sections.get("result").toString()).trim();
            try {
                result = r.startsWith("0x") || r.startsWith("0X") ? Long.parseUnsignedLong(r.substring(2), 16) : Long.parseLong(r);
            } catch (NumberFormatException e) {
                throw new MalformedCaseException(file, firstLine.get("result"), "result '" + abbreviate(r) + "' is not a number");
            }
        }
        String error = sections.containsKey("error") ? sections.get("error").toString().trim() : null;
        if (result == null && error == null && !negative) {
            throw new MalformedCaseException(file, 0, "no expectation: the file has neither '-- result' nor '-- error'");
        }
        return new ConformanceCase(file, asm, asm == null ? 0 : firstLine.get("asm"), raw, mem, result, error, negative);
    }

    private static String stripComments(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            int h = line.indexOf('#');
            sb.append(h >= 0 ? line.substring(0, h) : line).append('\n');
        }
        return sb.toString();
    }

    /**
     * A {@code -- raw} section: hex byte pairs ({@code 95 00 00 00 00 00 00 00}), or, when any
     * token is longer than two characters, one 64-bit word per instruction slot, hexadecimal with
     * {@code 0x} or decimal, laid out little-endian as the upstream runner does.
     */
    private static byte[] raw(Path file, int line, String text) throws MalformedCaseException {
        String[] tokens = stripComments(text).trim().split("\\s+");
        if (java.util.Arrays.stream(tokens).allMatch(t -> t.length() <= 2)) {
            return hex(file, line, text);
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(tokens.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (String t : tokens) {
            try {
                boolean hex = t.startsWith("0x") || t.startsWith("0X");
                if (hex ? !t.substring(2).matches("[0-9a-fA-F]{1,16}") : !t.matches("[0-9]{1,20}")) {
                    throw new NumberFormatException();
                }
                out.putLong(hex ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t));
            } catch (NumberFormatException e) {
                throw new MalformedCaseException(file, line, "'" + abbreviate(t) + "' is not a 64-bit instruction word (0x and up to 16 hex "
                        + "digits, or a decimal number)");
            }
        }
        return out.array();
    }

    private static String abbreviate(String s) {
        return InputFiles.abbreviate(s, 40);
    }

    private static byte[] hex(Path file, int line, String text) throws MalformedCaseException {
        String[] tokens = stripComments(text).trim().split("\\s+");
        if (tokens.length == 1 && tokens[0].isEmpty()) {
            return new byte[0];
        }
        byte[] out = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (!t.matches("[0-9a-fA-F]{2}")) {
                throw new MalformedCaseException(file, line, "'" + abbreviate(t) + "' is not a hex byte");
            }
            out[i] = (byte) Integer.parseInt(t, 16);
        }
        return out;
    }
}
