package org.hyperupcall.verifier;

/** The rules the verifier enforces, each with a stable id that messages, editors and tests use. */
public enum Rule {
    STRUCTURE("HUV-STRUCTURE", "the program is not well-formed bytecode (unknown opcode, bad field, jump out of range, into an lddw, off the end)"),
    UNINIT_REGISTER("HUV-UNINIT-REG", "a register is read before it is written"),
    UNREACHABLE("HUV-UNREACHABLE", "an instruction can never run"),
    INSN_LIMIT("HUV-INSN-LIMIT", "the program has more instructions than its program type allows"),
    LOOP("HUV-LOOP", "a loop whose termination cannot be proven"),
    COMPLEXITY("HUV-COMPLEXITY", "the program has too many paths to verify"),
    INDIRECT_CALL("HUV-CALLX", "an indirect call (function pointer)"),
    RECURSION("HUV-RECURSION", "a bpf-to-bpf call cycle"),
    CALL_DEPTH("HUV-CALL-DEPTH", "bpf-to-bpf calls nested deeper than 8 frames"),
    HELPER("HUV-HELPER", "a call of a helper that does not exist or is not allowed for the event"),
    HELPER_ARG("HUV-HELPER-ARG", "a helper argument of the wrong kind or not provably valid"),
    CTX_ACCESS("HUV-CTX-ACCESS", "a context read that is not exactly one field"),
    CTX_WRITE("HUV-CTX-WRITE", "a write to the read-only context"),
    STACK_BOUNDS("HUV-STACK-BOUNDS", "a stack access outside the 512-byte frame"),
    UNINIT_STACK("HUV-UNINIT-STACK", "a read of stack bytes never written"),
    MEM_BOUNDS("HUV-MEM-BOUNDS", "a memory access not provably inside a registered region"),
    MEM_READ_ONLY("HUV-MEM-READONLY", "a write to a registered region that is read-only"),
    POINTER_ARITH("HUV-PTR-ARITH", "arithmetic on a pointer that is not allowed"),
    POINTER_LEAK("HUV-PTR-LEAK", "a pointer written where the guest or the hypervisor can read it"),
    RETURN("HUV-RETURN", "r0 at exit is not one of the event's return codes");

    private final String id;
    private final String summary;

    Rule(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }

    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no verifier rule " + id);
    }
}
