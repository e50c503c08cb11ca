package org.hyperupcall.verifier;

import java.util.ArrayList;
import java.util.List;

import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * The security boundary: decides whether a program may run on a platform (for hyperupcalls, an
 * event's {@code ProgramType}). First the structure (well-formed bytecode, no unreachable code, no
 * indirect calls or recursion, the instruction limit: {@link ControlFlow}), then the
 * {@link Explorer}'s abstract interpretation of every path that tracks register and stack contents
 * and proves that memory accesses stay in their regions ({@link MemoryChecks}), helpers get valid
 * arguments ({@link HelperChecks}), loops terminate ({@link Loops}, {@link Induction}) and r0 is a
 * return code at exit.
 */
public final class Verifier {
    private Verifier() {
    }

    /** Verifies a linked program (extern addresses resolved) for a program type. */
    public static Verification verify(Program program, Platform type, VerifierOptions options) {
        long t0 = System.nanoTime();
        List<Diagnostic> errors = new ArrayList<>();
        int n = program.size();
        structure(program, errors);
        if (errors.isEmpty() && n > type.instructionLimit()) {
            errors.add(new Diagnostic(Rule.INSN_LIMIT, -1, 0, "the program has " + n + " instructions; " + type.name()
                    + " hyperupcalls may have at most " + type.instructionLimit()));
        }
        if (errors.isEmpty()) {
            ControlFlow.check(program, errors);
        }
        long processed = 0;
        long executed = -1;
        String log = "";
        List<InstructionState> states = List.of();
        RejectionPath path = null;
        if (errors.isEmpty()) {
            Explorer explorer = new Explorer(program, type, options);
            Diagnostic d = explorer.run();
            if (explorer.recorder() != null) {
                states = explorer.recorder().states(d);
                if (d != null && d.insn() >= 0 && d.rule() != Rule.COMPLEXITY) {
                    path = Witness.of(program, type, explorer.rejectedTrail(), d);
                }
            }
            if (d != null) {
                errors.add(d);
            } else if (explorer.maxSteps() > ExecOptions.DEFAULT_BUDGET && explorer.maxSteps() < Explorer.UNKNOWN_STEPS) {
                // Terminates, but after more instructions than a run may execute: the hypervisor would stop every
                // such run at its budget. (A loop proved to end without a count of its iterations has no such
                // figure; the budget stops it at run time if it runs too long.)
                errors.add(new Diagnostic(Rule.LOOP, -1, 0, String.format("its loops may run %,d instructions in one run, more than the "
                        + "%,d a run may execute: bound them lower or move the work into a helper", explorer.maxSteps(),
                        ExecOptions.DEFAULT_BUDGET)));
            } else {
                executed = explorer.maxSteps();
            }
            processed = explorer.processed();
            log = explorer.log();
        }
        return new Verification(List.copyOf(errors), n, type.instructionLimit(), processed, System.nanoTime() - t0, log, executed, states,
                path);
    }

    private static void structure(Program program, List<Diagnostic> errors) {
        try {
            // Reads of unset registers and writes to r10 are checked on the paths that run (Explorer).
            ProgramChecker.checkStructure(program);
        } catch (InvalidProgramException e) {
            Rule rule = e.kind() == InvalidProgramException.Kind.UNINIT_REGISTER ? Rule.UNINIT_REGISTER : Rule.STRUCTURE;
            errors.add(Diagnostic.at(program, rule, e.index(), e.getMessage()));
        }
    }
}
