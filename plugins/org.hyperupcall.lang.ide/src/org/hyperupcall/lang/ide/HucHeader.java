package org.hyperupcall.lang.ide;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.hyperupcall.abi.Header;

/**
 * The built-in hyperupcall.h as a virtual document of the language server: its URI is
 * {@value #URI} (scheme {@code huc}), its text {@link Header#text()} (what {@code huc abi --header}
 * prints), which the {@code huc.header} command returns so that an editor can show it. Definitions
 * of ABI names (helpers, constants, return codes, structures and their members) are located here.
 */
public final class HucHeader {
    /** The header's URI in locations the server returns. */
    public static final String URI = "huc:/hyperupcall.h";

    private static final String TEXT = Header.text();

    private HucHeader() {
    }

    public static String text() {
        return TEXT;
    }

    /** Where the header declares an ABI symbol: its name on the declaring line. */
    static Optional<Location> location(HucSymbols.Symbol s) {
        if (s == null || !s.kind().abi()) {
            return Optional.empty();
        }
        String name = s.name();
        Pattern p = switch (s.kind()) {
            case ABI_HELPER -> Pattern.compile("(?m)^(?!static )[A-Za-z_][A-Za-z_0-9 *]*?\\b(" + Pattern.quote(name) + ")\\(");
            case ABI_CONSTANT -> Pattern.compile("(?m)^#define (" + Pattern.quote(name) + ")\\b");
            case ABI_STRUCT -> Pattern.compile("(?m)^struct (" + Pattern.quote(name) + ") \\{");
            case ABI_FIELD -> {
                String struct = HucSymbols.abiStructOf(s);
                yield Pattern.compile("(?ms)^struct " + Pattern.quote(struct) + " \\{\\n(?:(?!\\};)[^\\n]*\\n)*?[^\\n]*?\\b("
                        + Pattern.quote(name) + ");");
            }
            default -> null;
        };
        Matcher m = p == null ? null : p.matcher(TEXT);
        if (m == null || !m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Location(URI, new Range(position(m.start(1)), position(m.end(1)))));
    }

    private static Position position(int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (TEXT.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }
}
