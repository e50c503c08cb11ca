package org.hyperupcall.ebpf.vm;

/**
 * Thrown inside an engine (or by a helper) to stop the running program. Engines catch it and turn it
 * into a {@link Fault} value carrying the index of the faulting instruction; it never escapes
 * {@link Executable#run}. No stack trace is captured: faults are expected control flow.
 */
public final class VmFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FaultKind kind;

    public VmFault(FaultKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public FaultKind kind() {
        return kind;
    }

    public Fault at(int pc) {
        return new Fault(kind, pc, getMessage());
    }
}
