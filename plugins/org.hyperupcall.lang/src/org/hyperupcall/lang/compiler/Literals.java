package org.hyperupcall.lang.compiler;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.NumberLiteral;

/** The values and C types of integer and character literals. */
final class Literals {
    private Literals() {
    }

    record Literal(long value, CType type) {
    }

    /** An integer literal: decimal, hex or octal, with u/l suffixes, typed as C does (LP64). */
    static Literal number(NumberLiteral n) {
        String text = n.getValue();
        int end = text.length();
        boolean unsigned = false;
        int longs = 0;
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        while (end > 0 && "uUlL".indexOf(text.charAt(end - 1)) >= 0) {
            char c = Character.toLowerCase(text.charAt(end - 1));
            if (c == 'u') {
                unsigned = true;
            } else {
                longs++;
            }
            end--;
        }
        String digits = text.substring(hex ? 2 : 0, end);
        boolean octal = !hex && digits.length() > 1 && digits.startsWith("0");
        if (!hex && (digits.contains(".") || digits.contains("e") || digits.contains("E") || digits.endsWith("f")
                || digits.endsWith("F"))) {
            throw new CompileException(n, HucRule.TYPE, "floating-point literal " + text + ": eBPF has no floating point");
        }
        long v;
        try {
            v = Long.parseUnsignedLong(octal ? digits.substring(1) : digits, hex ? 16 : octal ? 8 : 10);
        } catch (NumberFormatException e) {
            throw CompileException.type(n, "integer literal " + text + " does not fit in 64 bits");
        }
        boolean decimal = !hex && !octal;
        CType t;
        if (longs == 0 && !unsigned && v >= 0 && v <= Integer.MAX_VALUE) {
            t = CType.INT;
        } else if (longs == 0 && (unsigned || !decimal) && v >= 0 && v <= 0xffffffffL) {
            t = CType.U32;
        } else if (!unsigned && v >= 0) {
            t = CType.S64;
        } else {
            t = CType.U64;
        }
        return new Literal(v, t);
    }

    /** A character constant: 'a', '\n', '\x41', '\0'. */
    static long character(CharLiteral c) {
        String t = c.getValue();
        String body = t.length() >= 2 && t.startsWith("'") && t.endsWith("'") ? t.substring(1, t.length() - 1) : t;
        if (body.length() == 1) {
            return body.charAt(0);
        }
        if (body.startsWith("\\")) {
            String rest = body.substring(1);
            switch (rest) {
                case "n": return '\n';
                case "t": return '\t';
                case "r": return '\r';
                case "\\": return '\\';
                case "'": return '\'';
                case "\"": return '"';
                case "a": return 7;
                case "b": return 8;
                case "f": return 12;
                case "v": return 11;
                default:
                    break;
            }
            try {
                if (rest.startsWith("x")) {
                    return (byte) Integer.parseInt(rest.substring(1), 16);
                }
                return (byte) Integer.parseInt(rest, 8);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw CompileException.unsupported(c, "character constant " + t);
    }
}
