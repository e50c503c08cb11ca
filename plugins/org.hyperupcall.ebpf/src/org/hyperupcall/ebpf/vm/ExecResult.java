package org.hyperupcall.ebpf.vm;

/** The outcome of one run: r0 at exit, or a fault; and the number of instructions executed. */
public record ExecResult(long r0, Fault fault, long instructions) {
    public static ExecResult ok(long r0, long instructions) {
        return new ExecResult(r0, null, instructions);
    }

    public static ExecResult fault(Fault fault, long instructions) {
        return new ExecResult(0, fault, instructions);
    }

    public boolean isOk() {
        return fault == null;
    }

    @Override
    public String toString() {
        return isOk() ? String.format("r0 = 0x%x", r0) : "fault: " + fault;
    }
}
