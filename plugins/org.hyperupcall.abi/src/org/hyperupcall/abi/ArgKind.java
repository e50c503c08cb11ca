package org.hyperupcall.abi;

/** What a helper argument must be, for the verifier to accept a call. */
public enum ArgKind {
    /** Any initialised scalar. */
    SCALAR,
    /** A pointer to memory the program may access (its stack or a registered guest range), of the size the next argument gives. */
    PTR_TO_MEM,
    /** A pointer to memory the program may write, of the size the next argument gives. */
    PTR_TO_WRITABLE_MEM,
    /** The size of the memory of the previous argument: a scalar with a known upper bound. */
    MEM_SIZE,
    /** The size in bits of the bitmap of the previous argument (hup_find_next_bit): at most 8 × the memory it may read. */
    MEM_SIZE_BITS,
    /** An 8-byte aligned pointer into registered guest memory. */
    PTR_TO_U64,
    /** A 4-byte aligned pointer into registered guest memory. */
    PTR_TO_U32,
    /** A vCPU number: a scalar below the VM's vCPU count. */
    VCPU
}
