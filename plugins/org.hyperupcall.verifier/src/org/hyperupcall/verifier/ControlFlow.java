package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * The checks on the shape of the control flow, before any path is explored: no indirect calls,
 * every instruction reachable (by the jumps' targets, whatever their conditions), no recursion and
 * calls nested at most 8 frames deep.
 */
final class ControlFlow {
    private ControlFlow() {
    }

    /** Indirect calls, unreachable instructions, recursion and call depth. */
    static void check(Program program, List<Diagnostic> errors) {
        int n = program.size();
        boolean[] second = new boolean[n];
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            if (insn.opcode() == CALLX) {
                errors.add(Diagnostic.at(program, Rule.INDIRECT_CALL, i, "indirect call through r" + insn.dst()
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
                errors.add(Diagnostic.at(program, Rule.UNREACHABLE, i, "unreachable instruction: no path from the entry point leads here"));
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
                return Diagnostic.at(program, Rule.RECURSION, call[0], "recursive call of " + name
                        + ": bpf-to-bpf calls may not form a cycle (use a bounded loop)");
            }
            Diagnostic d = callDepth(program, callee, callsOf, path, depth);
            if (d != null) {
                return d;
            }
            deepest = Math.max(deepest, 1 + depth.get(callee));
            if (deepest > MAX_CALL_DEPTH) {
                return Diagnostic.at(program, Rule.CALL_DEPTH, call[0], "calls nest " + deepest + " frames deep; at most " + MAX_CALL_DEPTH
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
