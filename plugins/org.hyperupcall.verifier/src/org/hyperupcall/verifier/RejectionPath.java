package org.hyperupcall.verifier;

import java.util.List;

/**
 * The way the verifier went to the instruction it rejects: each conditional jump on the path, in
 * order, with the edge it followed, and values of the context's fields that take that path, where
 * they follow from the jumps' conditions (a field compared with constants, through moves and
 * arithmetic with constants). {@code notes} say what the values do not decide: a condition on a
 * helper's result, on guest memory, on two fields at once, or a loop the verifier proved from an
 * invariant (which iteration fails is not known). {@code determined}: no such note, so a run with
 * these values follows the path (guest memory and helper results aside, which the notes list).
 */
public record RejectionPath(int failingInsn, int failingLine, List<Step> steps, List<ContextValue> context, List<String> notes,
        boolean determined) {
    public RejectionPath {
        steps = List.copyOf(steps);
        context = List.copyOf(context);
        notes = List.copyOf(notes);
    }

    /**
     * One conditional jump on the path: where it is, whether its jump was taken, where the path
     * went on (instruction and line), its condition as eBPF assembly, and whether the values
     * decided the edge ({@code forced}: only one edge was possible there).
     */
    public record Step(int insn, int line, boolean taken, int nextInsn, int nextLine, String condition, boolean forced) {
    }

    /** A context field and a value it takes on the path (its bytes, little-endian, {@code size} of them). */
    public record ContextValue(String field, int offset, int size, long value) {
    }
}
