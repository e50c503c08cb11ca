package org.hyperupcall.ebpf.elf;

/**
 * A file that is not a well-formed eBPF ELF object, or an object that cannot be linked. The message
 * is one line of at most {@value #MAX_MESSAGE} characters, whatever names from the file it quotes.
 */
public final class ElfException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The longest message: a malformed object's names can be as long as the object. */
    public static final int MAX_MESSAGE = 400;

    public ElfException(String message) {
        super(org.hyperupcall.ebpf.InputFiles.printable(message, MAX_MESSAGE));
    }
}
