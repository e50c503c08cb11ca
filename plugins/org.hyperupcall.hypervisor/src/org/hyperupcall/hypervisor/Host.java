package org.hyperupcall.hypervisor;

/**
 * What the hypervisor offers hyperupcall helpers (ABI.md, "Helpers"): the VM's vCPUs, its clock and
 * its trace stream. The simulated VM implements it; tests may stub it.
 */
public interface Host {
    /** Number of vCPUs of the VM. */
    int vcpus();

    /** The hypervisor's clock, in nanoseconds. */
    long nowNanos();

    /** Whether the vCPU is on a physical CPU. */
    boolean isRunning(int vcpu);

    /** A register (HUP_REG_*) of a vCPU; -1 if the register is unknown. */
    long register(int vcpu, int reg);

    /** Sets a register of a vCPU; false if the register is unknown. */
    boolean setRegister(int vcpu, int reg, long value);

    /** Delivers an IPI. */
    void sendIpi(int vcpu, int vector);

    /** Flushes the vCPU's TLB before it next runs. */
    void flushTlb(int vcpu);

    /** Appends a record to the hypervisor's trace stream. */
    void trace(byte[] record);
}
