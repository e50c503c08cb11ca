package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.CALL_LOCAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.InstructionState;
import org.hyperupcall.verifier.RejectionPath;
import org.hyperupcall.verifier.Rule;
import org.hyperupcall.verifier.Verification;

/**
 * What the verifier knows of one entry point, by HUC line, in words (for the editors' hover and
 * the path to a rejection): after a line's instructions, the registers they read or write with
 * their kinds and ranges, and each memory access with why it is, or is not, proven in bounds; on a
 * rejection, the jumps that lead to it and context values that take them. JDK types only, so that
 * the IDE bundles need not know the verifier's.
 */
public final class VerifierInsight {
    /** A register a line reads or writes ({@code written}), and what the verifier knows of it after the line. */
    public record Register(int number, String description, boolean written) {
        /** {@code r2}. */
        public String name() {
            return "r" + number;
        }
    }

    /**
     * After a line's instructions: its registers, its loads and stores in words, the rejection found
     * on the line (null when none), and whether a path the verifier followed reaches it at all.
     */
    public record LineState(int line, List<Register> registers, List<String> accesses, String failure, boolean reached) {
        public LineState {
            registers = List.copyOf(registers);
            accesses = List.copyOf(accesses);
        }
    }

    /** A conditional jump on the way to a rejection: its line, the line the path goes on at, the jump in eBPF, whether values decided it. */
    public record Step(int line, int nextLine, boolean taken, String condition, boolean forced) {
    }

    /** A context field and the value it has on the way to a rejection. */
    public record ContextValue(String field, int offset, int size, long value) {
    }

    /**
     * A rejection found by exploring: its rule, message, instruction and line, the jumps that lead to
     * it, context values that take them ({@link #context()} as the context's bytes in
     * {@link #contextBytes()}, other fields 0), and what those values do not decide ({@code notes};
     * {@code determined} when nothing).
     */
    public record Failure(String rule, String message, int insn, int line, List<Step> steps, List<ContextValue> context, List<String> notes,
            boolean determined, byte[] contextBytes) {
        public Failure {
            steps = List.copyOf(steps);
            context = List.copyOf(context);
            notes = List.copyOf(notes);
        }
    }

    private final CompiledProgram program;
    private final Verification verification;
    /** The instructions of each HUC line, in order. */
    private final Map<Integer, List<Integer>> byLine = new TreeMap<>();

    VerifierInsight(CompiledProgram program, Verification verification) {
        this.program = program;
        this.verification = verification;
        Program p = program.program();
        for (int i = 0; i < p.size(); i++) {
            byLine.computeIfAbsent(p.sourceLine(i), k -> new ArrayList<>()).add(i);
            if (p.get(i).isLddw()) {
                i++;
            }
        }
    }

    /** The entry point's name. */
    public String function() {
        return program.function();
    }

    public boolean accepted() {
        return verification.accepted();
    }

    /** Whether the verifier gave up (time budget, complexity) before knowing every path: the states are then those of part of them. */
    public boolean incomplete() {
        return !verification.accepted() && verification.diagnostics().get(0).rule() == Rule.COMPLEXITY;
    }

    /** The lines that have instructions. */
    public List<Integer> lines() {
        return List.copyOf(byLine.keySet());
    }

    /** What the verifier knows after the instructions of a line, or empty when the line has none. */
    public Optional<LineState> afterLine(int line) {
        List<Integer> insns = byLine.get(line);
        if (insns == null || line <= 0) {
            return Optional.empty();
        }
        Program p = program.program();
        // Each register after the last instruction of the line that writes it, else after the last that reads it.
        InstructionState[] lastWrite = new InstructionState[11];
        InstructionState[] lastRead = new InstructionState[11];
        List<String> accesses = new ArrayList<>();
        String failure = null;
        boolean reached = false;
        for (int i : insns) {
            Optional<InstructionState> s = verification.stateAfter(i);
            if (s.isEmpty()) {
                continue;
            }
            reached = true;
            InstructionState st = s.get();
            Instruction insn = p.get(i);
            boolean call = insn.opcode() == Op.CALL;
            int writes = call ? (insn.src() == CALL_LOCAL ? 0 : 1) : ProgramChecker.writes(insn);
            int reads = call ? 0 : ProgramChecker.reads(insn);
            if (st.failure() != null && st.paths() == 0) {
                // rejected on every path that came here: nothing is written, the registers are what it read
                reads |= writes;
                writes = 0;
            }
            for (int r = 0; r < 10; r++) {
                if ((writes & (1 << r)) != 0) {
                    lastWrite[r] = st;
                } else if ((reads & (1 << r)) != 0) {
                    lastRead[r] = st;
                }
            }
            if (st.access() != null) {
                accesses.add(st.access().describe());
            }
            if (st.failure() != null) {
                failure = st.failure();
            }
        }
        List<Register> registers = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            InstructionState st = lastWrite[r] != null ? lastWrite[r] : lastRead[r];
            if (st != null) {
                registers.add(new Register(r, st.register(r).describe(), lastWrite[r] != null));
            }
        }
        return Optional.of(new LineState(line, registers, accesses, failure, reached));
    }

    /** What the verifier knows of register r after the last instruction of a line that a path reached, or empty. */
    public Optional<String> registerAfterLine(int line, int r) {
        List<Integer> insns = byLine.get(line);
        if (insns == null || r < 0 || r > 10) {
            return Optional.empty();
        }
        for (int k = insns.size() - 1; k >= 0; k--) {
            Optional<InstructionState> s = verification.stateAfter(insns.get(k));
            if (s.isPresent()) {
                return Optional.of(s.get().register(r).describe());
            }
        }
        return Optional.empty();
    }

    /**
     * What register r holds where the line's code first reads it, if the line reads it before
     * writing it (the state after the instruction before that read); empty otherwise.
     */
    public Optional<String> valueRead(int line, int r) {
        List<Integer> insns = byLine.get(line);
        if (insns == null || r < 0 || r > 10) {
            return Optional.empty();
        }
        Program p = program.program();
        int bit = 1 << r;
        for (int i : insns) {
            Instruction insn = p.get(i);
            boolean call = insn.opcode() == Op.CALL;
            int reads = call ? 0 : ProgramChecker.reads(insn);
            int writes = call ? (insn.src() == CALL_LOCAL ? 0 : 0x3f) : ProgramChecker.writes(insn);
            if ((reads & bit) != 0) {
                Optional<InstructionState> s = (writes & bit) == 0 ? verification.stateAfter(i)
                        : verification.stateAfter(i - 1).or(() -> verification.stateAfter(i - 2));
                return s.map(x -> x.register(r).describe());
            }
            if ((writes & bit) != 0) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * A named variable at a line (the compiler's {@link VariableLocation}, the innermost of that name
     * in scope at the line's first instruction): its type, where it is, and what the verifier knows
     * of it: after the line where its register still holds it, else where the line reads it last;
     * empty when the line has no code or no variable of that name is in scope.
     */
    public Optional<String> variable(String name, int line) {
        List<Integer> insns = byLine.get(line);
        if (insns == null) {
            return Optional.empty();
        }
        int first = insns.get(0);
        Optional<VariableLocation> found = program.variablesAt(first).stream().filter(v -> v.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        VariableLocation v = found.get();
        String head = "`" + name + "` (" + v.type();
        return Optional.of(switch (v.kind()) {
            case CONSTANT -> head + "): the constant " + v.constant() + " (the compiler folded it: it is never assigned)";
            case NONE -> head + "): kept nowhere (its value is never read)";
            case STACK -> head + ", in the stack frame at fp" + v.frameOffset() + "): the hover shows registers, not the stack";
            case REGISTER -> head + ", in `r" + v.register() + "`): " + inRegister(v, insns);
        });
    }

    private String inRegister(VariableLocation v, List<Integer> insns) {
        Program p = program.program();
        int last = insns.get(insns.size() - 1);
        int after = last + (p.get(last).isLddw() ? 2 : 1);
        int line = p.sourceLine(last);
        if (v.availableAt(after)) {
            return registerAfterLine(line, v.register()).orElse("no path the verifier followed reaches this line");
        }
        if (v.availableAt(insns.get(0))) {
            return valueRead(line, v.register()).map(x -> x + ", where this line reads it (its last use)")
                    .orElse("not read after this line");
        }
        return "not live here (the register holds other values)";
    }

    /** The rejection found by exploring, with its path; empty when accepted or rejected before exploring (structure, limits). */
    public Optional<Failure> failure() {
        RejectionPath path = verification.path();
        if (verification.accepted() || path == null) {
            return Optional.empty();
        }
        Diagnostic d = verification.diagnostics().get(0);
        Program p = program.program();
        List<Step> steps = path.steps().stream().map(s -> new Step(s.line(), s.nextLine(), s.taken(), s.condition(), s.forced())).toList();
        List<ContextValue> values = path.context().stream().map(c -> new ContextValue(c.field(), c.offset(), c.size(), c.value())).toList();
        byte[] bytes = new byte[program.event().context().size()];
        for (ContextValue c : values) {
            for (int b = 0; b < c.size() && c.offset() + b < bytes.length; b++) {
                bytes[c.offset() + b] = (byte) (c.value() >>> (8 * b));
            }
        }
        return Optional.of(new Failure(d.rule().id(), d.message(), d.insn(), d.insn() >= 0 && d.insn() < p.size() ? p.sourceLine(d.insn()) : 0,
                steps, values, path.notes(), path.determined(), bytes));
    }
}
