package org.hyperupcall.lang;

import java.util.Optional;

/**
 * A place in the same document that explains a diagnostic (the call that closes a recursion, the
 * verifier's path to a rejected access), 0-based lines and columns as LSP has them. It travels from
 * the validator to the language server as an Xtext issue datum, which only holds strings: {@link #encode}
 * and {@link #decode} are the one place that knows the form, {@code huc.related:LINE:COL:ENDLINE:ENDCOL:message}.
 */
public record RelatedLocation(int line, int column, int endLine, int endColumn, String message) {
    private static final String PREFIX = "huc.related:";

    /** This location as an issue datum. */
    public String encode() {
        return PREFIX + line + ":" + column + ":" + endLine + ":" + endColumn + ":" + message;
    }

    /** The location an issue datum holds, or empty when the datum is something else. */
    public static Optional<RelatedLocation> decode(String datum) {
        if (datum == null || !datum.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = datum.substring(PREFIX.length()).split(":", 5);
        if (f.length < 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RelatedLocation(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), f[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
