package org.hyperupcall.ebpf.elf;

/** A file that is not a well-formed eBPF ELF object, or an object that cannot be linked. */
public final class ElfException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfException(String message) {
        super(message);
    }
}
