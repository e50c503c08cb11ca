package org.hyperupcall.ebpf.asm;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the operand forms both assembly syntaxes share: registers, numbers, memory references. */
final class Operands {
    private static final Pattern REGISTER = Pattern.compile("%?([rw])(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(0[xX][0-9a-fA-F]+|\\d+)");

    private Operands() {
    }

    /** A register operand: its number and whether it was written as a 32-bit subregister (wN). */
    record Reg(int number, boolean sub) {
    }

    static boolean isRegister(String text) {
        return REGISTER.matcher(text.trim()).matches();
    }

    static Reg register(int line, String text) throws AsmException {
        Matcher m = REGISTER.matcher(text.trim());
        if (!m.matches()) {
            throw new AsmException(line, "expected a register (r0-r10), got '" + text.trim() + "'");
        }
        int n;
        try {
            n = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            n = Integer.MAX_VALUE;
        }
        if (n > 10) {
            throw new AsmException(line, "invalid register '" + text.trim() + "': registers are r0 to r10");
        }
        return new Reg(n, m.group(1).equals("w"));
    }

    static boolean isNumber(String text) {
        return NUMBER.matcher(text.trim()).matches();
    }

    private static BigInteger big(int line, String text) throws AsmException {
        Matcher m = NUMBER.matcher(text.trim());
        if (!m.matches()) {
            throw new AsmException(line, "expected a number, got '" + text.trim() + "'");
        }
        String digits = m.group(2);
        BigInteger v = digits.startsWith("0x") || digits.startsWith("0X")
                ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
        return m.group(1).equals("-") ? v.negate() : v;
    }

    private static boolean isHex(String text) {
        String t = text.trim();
        return t.contains("0x") || t.contains("0X");
    }

    /**
     * A 32-bit immediate: decimal numbers must fit a signed 32-bit value; hexadecimal ones may
     * also be written as unsigned 32-bit patterns (0x80000000..0xffffffff).
     */
    static int imm32(int line, String text) throws AsmException {
        BigInteger v = big(line, text);
        long min = Integer.MIN_VALUE;
        long max = isHex(text) ? 0xffffffffL : Integer.MAX_VALUE;
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new AsmException(line, "immediate " + text.trim() + " does not fit in 32 bits"
                    + (isHex(text) ? "" : " (signed decimal range is -2147483648..2147483647)"));
        }
        return (int) v.longValue();
    }

    /** A 64-bit immediate (lddw): signed or unsigned 64-bit values. */
    static long imm64(int line, String text) throws AsmException {
        BigInteger v = big(line, text);
        if (v.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0 || v.bitLength() > 64) {
            throw new AsmException(line, "immediate " + text.trim() + " does not fit in 64 bits");
        }
        return v.longValue();
    }

    /** A 16-bit signed offset. */
    static int offset(int line, String text) throws AsmException {
        BigInteger v = big(line, text);
        if (v.compareTo(BigInteger.valueOf(Short.MIN_VALUE)) < 0 || v.compareTo(BigInteger.valueOf(Short.MAX_VALUE)) > 0) {
            throw new AsmException(line, "offset " + text.trim() + " does not fit in 16 bits (-32768..32767)");
        }
        return v.intValue();
    }

    /** Splits operands on top-level commas (not inside brackets or parentheses). */
    static String[] split(String text) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = text.substring(start).trim();
        if (!last.isEmpty() || !parts.isEmpty()) {
            parts.add(last);
        }
        return parts.toArray(new String[0]);
    }
}
