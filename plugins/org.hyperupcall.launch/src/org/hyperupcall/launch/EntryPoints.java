package org.hyperupcall.launch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperupcall.abi.Event;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.Scenarios;

/**
 * The entry points of HUC text ({@code SEC("hyperupcall/<event>")} functions), found by scanning the
 * text rather than compiling it, so that a file with errors still lists them; and the bundled
 * scenario that fits a set of events.
 */
public final class EntryPoints {
    /** An entry point: its function, the event id of its section, and its 1-based line. */
    public record EntryPoint(String function, String event, int line) {
        /** "trace_exit (vm_exit)". */
        public String label() {
            return function + " (" + event + ")";
        }
    }

    private static final Pattern SEC = Pattern.compile("\\bSEC\\s*\\(\\s*\"hyperupcall/([A-Za-z0-9_]+)\"\\s*\\)");
    private static final Pattern NAME_BEFORE_PAREN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\($");

    private EntryPoints() {
    }

    /** The entry points of the text, in order. */
    public static List<EntryPoint> scan(String text) {
        String code = withoutComments(text);
        List<EntryPoint> found = new ArrayList<>();
        Matcher m = SEC.matcher(code);
        while (m.find()) {
            int paren = code.indexOf('(', m.end());
            int semicolon = code.indexOf(';', m.end());
            int brace = code.indexOf('{', m.end());
            if (paren < 0 || (semicolon >= 0 && semicolon < paren) || (brace >= 0 && brace < paren)) {
                continue;
            }
            Matcher name = NAME_BEFORE_PAREN.matcher(code.substring(m.end(), paren + 1));
            if (name.find()) {
                found.add(new EntryPoint(name.group(1), m.group(1), line(code, m.start())));
            }
        }
        return found;
    }

    /**
     * The bundled scenario for entry points of these events: the one that registers the most of them,
     * then the one that needs the fewest events the file lacks (vm_exit alone: tracing; page_mapping
     * and vm_exit: protection; tlb_shootdown: tlb-shootdown; page_reclaim: discard-free). Events no
     * scenario uses give the first scenario.
     */
    public static String scenarioFor(Collection<String> events) {
        Scenario best = null;
        int bestHave = -1;
        int bestMissing = Integer.MAX_VALUE;
        for (Scenario s : Scenarios.all()) {
            int have = 0;
            for (Event e : s.events()) {
                if (events.contains(e.id())) {
                    have++;
                }
            }
            int missing = s.events().size() - have;
            if (have > bestHave || (have == bestHave && missing < bestMissing)) {
                best = s;
                bestHave = have;
                bestMissing = missing;
            }
        }
        return best.name();
    }

    /** The scenario for a file's text. */
    public static String scenarioForText(String text) {
        return scenarioFor(scan(text).stream().map(EntryPoint::event).toList());
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The text with comments replaced by spaces (newlines kept, so offsets and lines do not move). */
    static String withoutComments(String text) {
        StringBuilder sb = new StringBuilder(text);
        int i = 0;
        while (i < sb.length()) {
            char c = sb.charAt(i);
            if (c == '"' || c == '\'') {
                i++;
                while (i < sb.length() && sb.charAt(i) != c && sb.charAt(i) != '\n') {
                    i += sb.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '/' && i + 1 < sb.length() && sb.charAt(i + 1) == '/') {
                while (i < sb.length() && sb.charAt(i) != '\n') {
                    sb.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < sb.length() && sb.charAt(i + 1) == '*') {
                int end = sb.indexOf("*/", i + 2);
                end = end < 0 ? sb.length() : end + 2;
                for (; i < end; i++) {
                    if (sb.charAt(i) != '\n') {
                        sb.setCharAt(i, ' ');
                    }
                }
            } else {
                i++;
            }
        }
        return sb.toString();
    }
}
