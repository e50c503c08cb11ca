package org.hyperupcall.lang;

import java.util.Optional;

/**
 * The rules of the HUC front end, each with the stable id that diagnostics, markers, quick fixes and
 * tests use (the verifier's are {@code org.hyperupcall.verifier.Rule}, ids {@code HUV-…}). The id is a
 * string only where it leaves the code: in a diagnostic, an Xtext issue code or a marker attribute.
 */
public enum HucRule {
    // syntax and input (the parser, the include reader, Limits)
    SYNTAX("HUC-SYNTAX", true, "the text is not HUC (a parse error)"),
    INCLUDE("HUC-INCLUDE", true, "an #include names a file that is missing, unreadable or not UTF-8"),
    LIMIT("HUC-LIMIT", true, "input beyond the front end's limits (size, nesting, macro expansion, inlining depth, error count)"),
    // the dialect's restrictions (HucValidator)
    FUNCTION_POINTER("HUC-FUNCPTR", true, "a function pointer: eBPF has no indirect calls"),
    INLINE_ASM("HUC-ASM", true, "inline assembly"),
    FLOATING_POINT("HUC-FLOAT", true, "a floating-point type: eBPF has no floating point"),
    MUTABLE_GLOBAL("HUC-GLOBAL", true, "a global variable that is not const: a hyperupcall keeps no state of its own"),
    GOTO("HUC-GOTO", true, "goto"),
    UNBOUNDED_LOOP("HUC-LOOP", true, "a loop without a constant bound the verifier can follow"),
    RECURSION("HUC-RECURSION", true, "a function that calls itself, directly or not"),
    UNKNOWN_CALL("HUC-CALL", true, "a call of a function that is neither defined in the unit nor a helper"),
    HELPER_NOT_ALLOWED("HUC-HELPER-EVENT", true, "a helper the entry point's event does not allow"),
    SECTION("HUC-SECTION", true, "a section that names no event, or two entry points for one event"),
    // the compiler
    TYPE("HUC-TYPE", true, "a type error: wrong operand types, unknown fields, bad conversions"),
    NAME("HUC-NAME", true, "a name that is not declared"),
    VARIABLE_LENGTH_ARRAY("HUC-VLA", true, "an array dimension that is not a constant expression"),
    STACK("HUC-STACK", true, "locals over the 512-byte stack frame"),
    INSN_LIMIT("HUC-INSN-LIMIT", true, "an entry point over its event's instruction limit"),
    UNSUPPORTED("HUC-UNSUPPORTED", true, "a construct this version of the compiler does not translate"),
    INTERNAL("HUC-INTERNAL", true, "a bug of the compiler itself"),
    // the compiler's warnings, as a C compiler's
    CONSTANT_CONVERSION("HUC-CONSTANT-CONVERSION", false, "an implicit conversion that changes a constant's value (u8 x = 300)"),
    SIGN_COMPARE("HUC-SIGN-COMPARE", false, "a comparison that converts a signed operand to unsigned");

    private final String id;
    private final boolean error;
    private final String summary;

    HucRule(String id, boolean error, String summary) {
        this.id = id;
        this.error = error;
        this.summary = summary;
    }

    /** The stable id: {@code HUC-LOOP}. */
    public String id() {
        return id;
    }

    /** Whether the rule's diagnostics are errors (the others are warnings). */
    public boolean error() {
        return error;
    }

    /** What the rule forbids, in one line. */
    public String summary() {
        return summary;
    }

    /** The rule with this id, if it is one of HUC's ({@code HUV-…} ids and null are not). */
    public static Optional<HucRule> byId(String id) {
        for (HucRule r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
