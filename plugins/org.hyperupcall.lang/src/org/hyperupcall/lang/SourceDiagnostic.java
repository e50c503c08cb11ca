package org.hyperupcall.lang;

import java.util.List;

/**
 * A problem in HUC source, in the form compilers print: {@code file:line:col: error: message [RULE]};
 * with the other source lines that explain it ({@link Related}: a loop's header for a rejected back
 * edge, where an out-of-bounds address was computed), empty when there are none.
 */
public record SourceDiagnostic(String file, int line, int column, boolean error, String message, String rule, List<Related> related) {

    /** Another place involved in a problem: its file, line (1-based) and what it has to do with it. */
    public record Related(String file, int line, String message) {
    }

    public SourceDiagnostic {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** A diagnostic without related places. */
    public SourceDiagnostic(String file, int line, int column, boolean error, String message, String rule) {
        this(file, line, column, error, message, rule, List.of());
    }

    /**
     * The source line (tabs expanded to 8 columns) and a caret under a 1-based column, as clang
     * prints them under a diagnostic; {@code underline} marks the rest of the line with '~' (for a
     * whole statement rather than a point in it). Empty for a blank line. Of a line longer than
     * {@link Limits#MAX_EXCERPT_COLUMNS}, the part around the column, with "..." where it is cut.
     */
    public static List<String> excerpt(String raw, int column, boolean underline) {
        if (raw.isBlank()) {
            return List.of();
        }
        int at = Math.max(0, Math.min(column - 1, raw.length()));
        if (raw.length() > Limits.MAX_EXCERPT_COLUMNS) {
            // a long line (minified or generated code, garbage): the part around the column, as clang does
            int start = Math.max(0, Math.min(at - Limits.MAX_EXCERPT_COLUMNS / 2, raw.length() - Limits.MAX_EXCERPT_COLUMNS));
            String before = start > 0 ? "..." : "";
            String after = start + Limits.MAX_EXCERPT_COLUMNS < raw.length() ? "..." : "";
            at = at - start + before.length();
            raw = before + raw.substring(start, start + Limits.MAX_EXCERPT_COLUMNS) + after;
        }
        String l = expandTabs(raw);
        int col = expandTabs(raw.substring(0, at)).length();
        StringBuilder caret = new StringBuilder(" ".repeat(col)).append('^');
        if (underline) {
            caret.append("~".repeat(Math.max(0, l.stripTrailing().length() - col - 1)));
        }
        return List.of(l, caret.toString());
    }

    private static String expandTabs(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\t') {
                sb.append(" ".repeat(8 - sb.length() % 8));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public String format() {
        return file + ":" + line + ":" + column + ": " + (error ? "error" : "warning") + ": " + message
                + (rule == null ? "" : " [" + rule + "]");
    }
}
