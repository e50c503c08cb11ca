package org.hyperupcall.ebpf.vm;

/** A fault as a value: what went wrong, at which instruction slot, in words a person can act on. */
public record Fault(FaultKind kind, int pc, String message) {
    @Override
    public String toString() {
        return "insn " + pc + ": " + kind.description() + ": " + message;
    }
}
