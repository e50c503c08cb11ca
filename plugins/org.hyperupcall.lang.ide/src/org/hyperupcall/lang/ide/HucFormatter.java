package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Formatting of HUC source: indentation by braces (one level, 4 spaces unless the client's options
 * say otherwise, per open brace; a line starting with '}' one level less; {@code case} and
 * {@code default} labels at their switch's level, as the Linux kernel writes them; one more level
 * for a line that continues an open parenthesis; preprocessor lines at column 0), lines inside a
 * block comment moved with the line the comment starts on, and no trailing blanks. Only blanks
 * change: braces, parentheses and quotes in comments, strings and character constants are not
 * counted, and the text need not parse. The edits touch only the lines whose blanks change (in
 * a range, when one is given).
 */
final class HucFormatter {
    private HucFormatter() {
    }

    private enum State { CODE, BLOCK_COMMENT }

    static List<TextEdit> edits(String text, FormattingOptions options, Range range) {
        boolean spaces = options == null || options.isInsertSpaces();
        int size = options == null || options.getTabSize() <= 0 ? 4 : options.getTabSize();
        String unit = spaces ? " ".repeat(size) : "\t";
        List<TextEdit> out = new ArrayList<>();
        int braces = 0;
        int parens = 0;
        State state = State.CODE;
        int commentDelta = 0; // how far the line a block comment starts on moved
        int lineNo = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            int contentEnd = line.endsWith("\r") ? line.length() - 1 : line.length();
            int lead = 0;
            while (lead < contentEnd && (line.charAt(lead) == ' ' || line.charAt(lead) == '\t')) {
                lead++;
            }
            int trail = contentEnd;
            while (trail > lead && (line.charAt(trail - 1) == ' ' || line.charAt(trail - 1) == '\t')) {
                trail--;
            }
            boolean inRange = range == null || lineNo >= range.getStart().getLine() && lineNo <= range.getEnd().getLine();
            String indent;
            if (lead == contentEnd) {
                indent = ""; // a blank line: no blanks
            } else if (state == State.BLOCK_COMMENT) {
                indent = moved(line.substring(0, lead), commentDelta);
            } else {
                char c = line.charAt(lead);
                String rest = line.substring(lead, trail);
                int level = braces;
                if (c == '}') {
                    level--;
                }
                if (rest.matches("(case\\b|default\\s*:).*")) {
                    level--;
                }
                if (parens > 0 && c != ')') {
                    level++;
                }
                indent = c == '#' ? "" : unit.repeat(Math.max(0, level));
            }
            if (inRange && (!indent.equals(line.substring(0, lead)) || trail < contentEnd && lead < contentEnd)) {
                if (!indent.equals(line.substring(0, lead))) {
                    out.add(new TextEdit(new Range(new Position(lineNo, 0), new Position(lineNo, lead)), indent));
                }
                if (trail < contentEnd && lead < contentEnd) {
                    out.add(new TextEdit(new Range(new Position(lineNo, trail), new Position(lineNo, contentEnd)), ""));
                }
            }
            if (state == State.CODE) {
                commentDelta = width(indent) - width(line.substring(0, lead));
            }
            // the line's tokens: braces and parentheses outside comments, strings and characters
            for (int i = lead; i < contentEnd; i++) {
                char c = line.charAt(i);
                if (state == State.BLOCK_COMMENT) {
                    if (c == '*' && i + 1 < contentEnd && line.charAt(i + 1) == '/') {
                        state = State.CODE;
                        i++;
                    }
                    continue;
                }
                if (c == '/' && i + 1 < contentEnd && line.charAt(i + 1) == '/') {
                    break;
                }
                if (c == '/' && i + 1 < contentEnd && line.charAt(i + 1) == '*') {
                    state = State.BLOCK_COMMENT;
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    i++;
                    while (i < contentEnd && line.charAt(i) != c) {
                        if (line.charAt(i) == '\\') {
                            i++;
                        }
                        i++;
                    }
                    continue;
                }
                switch (c) {
                    case '{' -> braces++;
                    case '}' -> braces = Math.max(0, braces - 1);
                    case '(', '[' -> parens++;
                    case ')', ']' -> parens = Math.max(0, parens - 1);
                    default -> {
                    }
                }
            }
            lineNo++;
            start = end + 1;
        }
        return out;
    }

    /** Leading blanks moved by delta columns (tabs count as 4), blanks only. */
    private static String moved(String blanks, int delta) {
        int w = Math.max(0, width(blanks) + delta);
        return delta == 0 ? blanks : " ".repeat(w);
    }

    private static int width(String blanks) {
        int w = 0;
        for (int i = 0; i < blanks.length(); i++) {
            w += blanks.charAt(i) == '\t' ? 4 : 1;
        }
        return w;
    }
}
