package org.hyperupcall.verifier.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hyperupcall.abi.Event;
import org.hyperupcall.verifier.MemoryRange;

/**
 * One verifier test case, a small text file:
 * <pre>
 * # what the case shows
 * -- event
 * vm_exit
 * -- region            (optional; one per line: NAME BASE SIZE [ro])
 * guest 0xffff888000001000 4096
 * -- limit             (optional: instruction limit of a local event)
 * 100
 * -- asm
 * mov %r0, 0
 * exit
 * -- expect
 * accept               (or: reject HUV-RULE insn N)
 * -- message           (optional: words the error message must contain)
 * r0 may be 2
 * </pre>
 */
record VerifierCase(Path file, Event event, List<MemoryRange> regions, Integer limit, String asm, int asmLine, boolean accept,
        String rule, int insn, String message) {

    static VerifierCase read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, List<String>> sections = new LinkedHashMap<>();
        Map<String, Integer> start = new LinkedHashMap<>();
        List<String> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("-- ")) {
                String name = line.substring(3).trim();
                if (sections.containsKey(name)) {
                    throw new IOException(file + ":" + (i + 1) + ": section " + name + " twice");
                }
                current = new ArrayList<>();
                sections.put(name, current);
                start.put(name, i + 2);
            } else if (current != null) {
                current.add(line);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IOException(file + ":" + (i + 1) + ": text before the first section");
            }
        }
        for (String required : List.of("event", "asm", "expect")) {
            if (!sections.containsKey(required)) {
                throw new IOException(file + ": no '-- " + required + "' section");
            }
        }
        String eventName = text(sections.get("event"));
        Event event = Event.byId(eventName).orElseThrow(() -> new IOException(file + ": unknown event " + eventName));
        List<MemoryRange> regions = new ArrayList<>();
        for (String r : sections.getOrDefault("region", List.of())) {
            if (r.isBlank() || r.startsWith("#")) {
                continue;
            }
            String[] f = r.trim().split("\\s+");
            if (f.length < 3 || f.length > 4) {
                throw new IOException(file + ": region wants NAME BASE SIZE [ro]: " + r);
            }
            regions.add(new MemoryRange(f[0], number(f[1]), number(f[2]), !(f.length == 4 && f[3].equals("ro"))));
        }
        Integer limit = sections.containsKey("limit") ? (int) number(text(sections.get("limit"))) : null;
        String expect = text(sections.get("expect"));
        String[] e = expect.split("\\s+");
        boolean accept = e[0].equals("accept");
        String rule = null;
        int insn = -1;
        if (!accept) {
            if (!e[0].equals("reject") || e.length < 2) {
                throw new IOException(file + ": expect wants 'accept' or 'reject RULE [insn N]', not '" + expect + "'");
            }
            rule = e[1];
            if (e.length == 4 && e[2].equals("insn")) {
                insn = Integer.parseInt(e[3]);
            }
        }
        String message = sections.containsKey("message") ? text(sections.get("message")) : null;
        return new VerifierCase(file, event, regions, limit, String.join("\n", sections.get("asm")) + "\n", start.get("asm"), accept,
                rule, insn, message);
    }

    private static String text(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            if (!l.startsWith("#") && !l.isBlank()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(l.trim());
            }
        }
        return sb.toString();
    }

    static long number(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }
}
