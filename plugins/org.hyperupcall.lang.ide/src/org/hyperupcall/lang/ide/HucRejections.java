package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.hypervisor.Hyperupcall;
import org.hyperupcall.hypervisor.Registry;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.VerifierInsight;
import org.hyperupcall.lang.validation.HucValidator;

/**
 * A verifier rejection in the editor: the path to it (the conditional jumps the verifier followed,
 * by line, and context values that take them) and "run it", which runs the entry point once in the
 * simulator's default guest on exactly that context (on the interpreter, without verifying it:
 * {@link Registry#trial}) and reports where it faults. Served as code lenses over the failing line
 * ({@link HucCodeLenses}), the commands {@value #PATH} and {@value #RUN} ({@link HucCommands}),
 * a code action on the diagnostic ({@link HucCodeActions}) and the hover on the failing line.
 */
final class HucRejections {
    /** The path to an entry point's rejection (arguments: URI, function): its steps, context values and notes, and as text. */
    static final String PATH = "huc.rejectionPath";
    /** Runs an entry point on the context that reaches its rejection (arguments: URI, function) and reports the fault. */
    static final String RUN = "huc.runRejection";
    /** Path steps a lens title names before "…". */
    private static final int TITLE_STEPS = 4;

    private HucRejections() {
    }

    /**
     * The rejection of an entry point found by exploring (not structure or limits, not a time budget
     * run out), with its path; empty when the verifier accepts it. Uses the verdict the diagnostics
     * already computed, and verifies again with states only for a rejected program.
     */
    static Optional<VerifierInsight.Failure> failure(CompiledProgram p) {
        boolean rejected = p.verifyIn(GuestLayout.defaults(), HucValidator.EDITOR_VERIFIER_BUDGET).stream()
                .anyMatch(d -> d.error() && d.rule() != null && d.rule().startsWith("HUV-") && !d.rule().equals("HUV-COMPLEXITY"));
        return rejected ? p.insight(GuestLayout.defaults(), HucValidator.EDITOR_VERIFIER_BUDGET).failure() : Optional.empty();
    }

    /** {@code path to the failure: line 5 → 9, line 11 → 12; exit_reason = 31}. */
    static String title(VerifierInsight.Failure f) {
        StringBuilder sb = new StringBuilder("path to the failure: ");
        List<VerifierInsight.Step> steps = f.steps();
        if (steps.isEmpty()) {
            sb.append("no branch on the way");
        }
        for (int i = 0; i < Math.min(TITLE_STEPS, steps.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(step(steps.get(i)));
        }
        if (steps.size() > TITLE_STEPS) {
            sb.append(", … (").append(steps.size() - TITLE_STEPS).append(" more)");
        }
        return sb.append("; ").append(context(f)).toString();
    }

    private static String step(VerifierInsight.Step s) {
        return "line " + s.line() + " → " + s.nextLine();
    }

    /** The context values in words: {@code exit_reason = 31, vcpu = 0x10}, or that no condition is on the context. */
    static String context(VerifierInsight.Failure f) {
        if (f.context().isEmpty()) {
            return "any context (no condition on its fields)";
        }
        List<String> values = new ArrayList<>();
        for (VerifierInsight.ContextValue v : f.context()) {
            values.add(v.field() + " = " + (v.value() >= 0 && v.value() < 4096 ? Long.toString(v.value()) : "0x" + Long.toHexString(v.value())));
        }
        return String.join(", ", values);
    }

    /** The path as Markdown: each jump with its line's code, the context values, and what they do not decide. */
    static String markdown(VerifierInsight.Failure f, String[] source) {
        StringBuilder md = new StringBuilder("**Path to the failure** (").append(f.rule()).append(" at line ").append(f.line()).append(")");
        for (VerifierInsight.Step s : f.steps()) {
            md.append("\n1. line ").append(s.line()).append(": `").append(code(source, s.line())).append("` → line ").append(s.nextLine())
                    .append(s.forced() ? " (the values decide it)" : "");
        }
        md.append("\n\nContext that takes it: ").append(context(f)).append(f.context().isEmpty() ? "" : " (other fields 0)").append('.');
        for (String n : f.notes()) {
            md.append("\n\nNot decided by the context: ").append(n).append('.');
        }
        return md.toString();
    }

    private static String code(String[] source, int line) {
        return line >= 1 && line <= source.length ? source[line - 1].strip().replace("`", "'") : "";
    }

    /** The program of an entry point, or null. */
    private static CompiledProgram program(Compilation c, String function) {
        return c.programs().stream().filter(x -> function == null || x.function().equals(function)).findFirst().orElse(null);
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    /** {@value #PATH}'s answer. */
    static Map<String, Object> path(Compilation c, String function, String text) {
        CompiledProgram p = program(c, function);
        if (p == null) {
            return error("no compiled entry point '" + function + "'");
        }
        Optional<VerifierInsight.Failure> failure = failure(p);
        if (failure.isEmpty()) {
            return error(p.function() + ": the verifier accepts it, or rejects it before following any path");
        }
        VerifierInsight.Failure f = failure.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", p.function());
        m.put("event", p.event().id());
        m.put("rule", f.rule());
        m.put("message", f.message());
        m.put("line", f.line());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (VerifierInsight.Step s : f.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("line", s.line());
            step.put("nextLine", s.nextLine());
            step.put("taken", s.taken());
            step.put("condition", s.condition());
            steps.add(step);
        }
        m.put("steps", steps);
        Map<String, Object> context = new LinkedHashMap<>();
        f.context().forEach(v -> context.put(v.field(), v.value()));
        m.put("context", context);
        m.put("notes", f.notes());
        m.put("text", markdown(f, text.split("\n", -1)));
        return m;
    }

    /** {@value #RUN}'s answer: where the run on the rejection's context faults, or what it did instead. */
    static Map<String, Object> run(Compilation c, String file, String function) {
        CompiledProgram p = program(c, function);
        if (p == null || c.elf() == null) {
            return error(p == null ? "no compiled entry point '" + function + "'" : "the file does not compile: "
                    + c.diagnostics().stream().map(SourceDiagnostic::format).toList());
        }
        Optional<VerifierInsight.Failure> failure = failure(p);
        if (failure.isEmpty()) {
            return error(p.function() + ": the verifier accepts it, or rejects it before following any path: nothing to run");
        }
        VerifierInsight.Failure f = failure.get();
        Registry.Registration.Trial t = Registry.trialInDefaultGuest(p.event(), file, c.elf(), f.contextBytes());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", p.function());
        m.put("event", p.event().id());
        m.put("context", context(f));
        String ran = "Ran " + p.function() + " (" + p.event().id() + ") once in the simulator with " + context(f)
                + (f.context().isEmpty() ? "" : " (other fields 0)") + ": ";
        if (t.refusal() != null) {
            m.put("ran", false);
            m.put("text", ran + "it could not load: " + t.refusal().message());
            return m;
        }
        Hyperupcall.Outcome o = t.outcome();
        m.put("ran", true);
        m.put("instructions", o.instructions());
        if (!o.ok()) {
            m.put("fault", o.fault());
            m.put("faultInsn", o.faultInsn());
            m.put("faultLine", o.faultLine());
            boolean there = o.faultInsn() == f.insn();
            m.put("faultsWhereRejected", there);
            m.put("text", ran + "it faults at insn " + o.faultInsn() + " (line " + o.faultLine() + "): " + o.fault()
                    + (there ? "; the instruction the verifier rejects (" + f.rule() + ")." : "; the verifier rejects insn " + f.insn()
                            + " (line " + f.line() + ")."));
            return m;
        }
        m.put("r0", o.r0());
        m.put("text", ran + "it ran to its exit with r0 = " + o.r0() + " after " + o.instructions() + " instructions, without a fault. "
                + (f.notes().isEmpty() ? "The verifier's objection at line " + f.line() + " is not a fault of this run: " + f.message()
                        : "The context does not decide the path: " + String.join("; ", f.notes())) + ".");
        return m;
    }
}
