package org.hyperupcall.ebpf.vm;

/** Why a program stopped without returning normally. */
public enum FaultKind {
    /** A load or store touched an address outside every memory region it was given. */
    OUT_OF_BOUNDS("out-of-bounds memory access"),
    /** A store touched a read-only region (the context, for instance). */
    READ_ONLY("write to read-only memory"),
    /** The program executed more instructions than its budget allows. */
    BUDGET_EXCEEDED("instruction budget exceeded"),
    /** A call of an unknown helper, an indirect call to a bad target, or a helper that refused its arguments. */
    BAD_CALL("bad call"),
    /** bpf-to-bpf calls nested deeper than the frame limit. */
    CALL_DEPTH("call depth exceeded"),
    /** A helper reported an error that ends the program. */
    HELPER_ERROR("helper error");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
