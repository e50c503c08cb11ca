package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * The security boundary: decides whether a program may run for a program type. First the
 * structure (well-formed bytecode, no unreachable code, no indirect calls or recursion, the
 * instruction limit), then an abstract interpretation of every path that tracks register and
 * stack contents and proves that memory accesses stay in their regions, helpers get valid
 * arguments, loops terminate and r0 is a return code at exit.
 */
public final class Verifier {
    private Verifier() {
    }

    /** Verifies a linked program (extern addresses resolved) for a program type. */
    public static Verification verify(Program program, ProgramType type, VerifierOptions options) {
        long t0 = System.nanoTime();
        List<Diagnostic> errors = new ArrayList<>();
        int n = program.size();
        structure(program, errors);
        if (errors.isEmpty() && n > type.instructionLimit()) {
            errors.add(new Diagnostic(Rule.INSN_LIMIT, -1, 0, "the program has " + n + " instructions; " + type.event().id()
                    + " hyperupcalls may have at most " + type.instructionLimit()));
        }
        if (errors.isEmpty()) {
            controlFlow(program, errors);
        }
        long processed = 0;
        String log = "";
        if (errors.isEmpty()) {
            Analyzer analyzer = new Analyzer(program, type, options);
            Diagnostic d = analyzer.run();
            if (d != null) {
                errors.add(d);
            }
            processed = analyzer.processed();
            log = analyzer.log();
        }
        return new Verification(List.copyOf(errors), n, type.instructionLimit(), processed, System.nanoTime() - t0, log);
    }

    static Diagnostic at(Program p, Rule rule, int insn, String message) {
        return new Diagnostic(rule, insn, insn >= 0 ? p.sourceLine(insn) : 0, message);
    }

    static Diagnostic at(Program p, Rule rule, int insn, String message, List<Diagnostic.Related> related) {
        return new Diagnostic(rule, insn, insn >= 0 ? p.sourceLine(insn) : 0, message, related);
    }

    /** Instruction insn as related information. */
    static Diagnostic.Related related(Program p, int insn, String message) {
        return new Diagnostic.Related(insn, insn >= 0 && insn < p.size() ? p.sourceLine(insn) : 0, message);
    }

    private static void structure(Program program, List<Diagnostic> errors) {
        try {
            // Only r1 (the context) and r10 hold values when a hyperupcall starts.
            ProgramChecker.check(program, (1 << 1) | (1 << FRAME_POINTER));
        } catch (InvalidProgramException e) {
            Rule rule = e.kind() == InvalidProgramException.Kind.UNINIT_REGISTER ? Rule.UNINIT_REGISTER : Rule.STRUCTURE;
            errors.add(at(program, rule, e.index(), e.getMessage()));
        }
    }

    /** Indirect calls, unreachable instructions, recursion and call depth. */
    private static void controlFlow(Program program, List<Diagnostic> errors) {
        int n = program.size();
        boolean[] second = new boolean[n];
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            if (insn.opcode() == CALLX) {
                errors.add(at(program, Rule.INDIRECT_CALL, i, "indirect call through r" + insn.dst()
                        + ": function pointers are not allowed; call the function or helper by name"));
                return;
            }
            if (insn.isLddw()) {
                second[++i] = true;
            }
        }
        // Functions: the entry and every target of a bpf-to-bpf call; their bodies, without following calls.
        TreeSet<Integer> functions = new TreeSet<>();
        functions.add(0);
        for (int i = 0; i < n; i++) {
            if (!second[i] && isLocalCall(program.get(i))) {
                functions.add(ProgramChecker.jumpTarget(i, program.get(i)));
            }
        }
        Map<Integer, List<int[]>> callsOf = new TreeMap<>(); // function -> {call slot, callee}
        boolean[] reached = new boolean[n];
        Deque<Integer> work = new ArrayDeque<>();
        work.push(0);
        boolean[] functionReached = new boolean[n];
        functionReached[0] = true;
        while (!work.isEmpty()) {
            int f = work.pop();
            List<int[]> calls = new ArrayList<>();
            callsOf.put(f, calls);
            Deque<Integer> body = new ArrayDeque<>();
            body.push(f);
            boolean[] seen = new boolean[n];
            seen[f] = true;
            while (!body.isEmpty()) {
                int pc = body.pop();
                reached[pc] = true;
                Instruction insn = program.get(pc);
                List<Integer> next = new ArrayList<>();
                if (insn.opcode() == EXIT) {
                    continue;
                }
                int target = ProgramChecker.jumpTarget(pc, insn);
                if (isLocalCall(insn)) {
                    calls.add(new int[] {pc, target});
                    if (!functionReached[target]) {
                        functionReached[target] = true;
                        work.push(target);
                    }
                    next.add(pc + 1);
                } else {
                    if (target != Integer.MIN_VALUE) {
                        next.add(target);
                    }
                    if (insn.opcode() != JA && insn.opcode() != JA32) {
                        next.add(pc + (insn.isLddw() ? 2 : 1));
                    }
                }
                for (int s : next) {
                    if (s < n && !seen[s]) {
                        seen[s] = true;
                        body.push(s);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!reached[i] && !second[i]) {
                errors.add(at(program, Rule.UNREACHABLE, i, "unreachable instruction: no path from the entry point leads here"));
                return;
            }
        }
        // Recursion: a cycle in the call graph; depth: the longest chain of calls.
        Map<Integer, Integer> depth = new TreeMap<>();
        for (int f : callsOf.keySet()) {
            Diagnostic d = callDepth(program, f, callsOf, new ArrayDeque<>(), depth);
            if (d != null) {
                errors.add(d);
                return;
            }
        }
    }

    private static Diagnostic callDepth(Program program, int f, Map<Integer, List<int[]>> callsOf, Deque<Integer> path,
            Map<Integer, Integer> depth) {
        if (depth.containsKey(f)) {
            return null;
        }
        path.push(f);
        int deepest = 1;
        for (int[] call : callsOf.getOrDefault(f, List.of())) {
            int callee = call[1];
            if (path.contains(callee)) {
                String name = program.labels().getOrDefault(callee, "insn " + callee);
                return at(program, Rule.RECURSION, call[0], "recursive call of " + name
                        + ": bpf-to-bpf calls may not form a cycle (use a bounded loop)");
            }
            Diagnostic d = callDepth(program, callee, callsOf, path, depth);
            if (d != null) {
                return d;
            }
            deepest = Math.max(deepest, 1 + depth.get(callee));
            if (deepest > MAX_CALL_DEPTH) {
                return at(program, Rule.CALL_DEPTH, call[0], "calls nest " + deepest + " frames deep; at most " + MAX_CALL_DEPTH
                        + " are allowed");
            }
        }
        path.pop();
        depth.put(f, deepest);
        return null;
    }

    static boolean isLocalCall(Instruction insn) {
        return insn.opcode() == CALL && insn.src() == CALL_LOCAL;
    }
}
