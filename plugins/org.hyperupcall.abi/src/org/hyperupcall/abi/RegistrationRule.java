package org.hyperupcall.abi;

/**
 * Why the hypervisor refuses a registration before or after verifying it: the registration rules of
 * the ABI, each with the stable id ({@code HUR-…}) that refusals, editors and tests use. A refusal by
 * the verifier carries the verifier's rule instead ({@code org.hyperupcall.verifier.Rule}, {@code HUV-…}).
 */
public enum RegistrationRule {
    OBJECT("HUR-OBJECT", "the object is not a readable ELF file, or has no program for the event"),
    MEMORY("HUR-MEMORY", "a registered range is outside guest memory, overlaps another, or the total is over the event's limit"),
    SYMBOL("HUR-SYMBOL", "an extern symbol is not in the guest's symbol map"),
    SYMBOL_OUTSIDE("HUR-SYMBOL-OUTSIDE", "an extern symbol lies outside the registered memory"),
    ENGINE("HUR-ENGINE", "the engine could not load the verified program (a bug: the verifier accepted it)");

    private final String id;
    private final String summary;

    RegistrationRule(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    /** The stable id: {@code HUR-MEMORY}. */
    public String id() {
        return id;
    }

    /** What the rule refuses, in one line. */
    public String summary() {
        return summary;
    }
}
