package org.hyperupcall.verifier.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random programs that need no context, helpers or guest memory (registers, the stack, ALU 32/64,
 * every conditional jump in 64 and 32 bits, small counted loops, spills and partial fills, and the
 * traps of dead branches: reads of registers never set and writes to r10 where a constant rules the
 * branch out), ending with r0 set the way a vm_exit hyperupcall returns. Both our verifier and the
 * Linux verifier (as a socket filter) judge them; a reference run ({@link ReferenceRun}) decides
 * whether each is safe, since without a context a program has exactly one execution.
 */
final class ContextFreePrograms {
    private ContextFreePrograms() {
    }

    /** The program of a seed, as assembly (bpf_conformance syntax). */
    static String generate(long seed) {
        Random r = new Random(seed);
        List<String> s = new ArrayList<>();
        int[] label = {0};
        TreeSet<Integer> set = new TreeSet<>();
        List<Integer> all = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        java.util.Collections.shuffle(all, r);
        for (int reg : all.subList(0, 3 + r.nextInt(5))) {
            s.add("mov %r" + reg + ", " + (r.nextInt(201) - 100));
            set.add(reg);
        }
        int steps = 5 + r.nextInt(21);
        for (int k = 0; k < steps; k++) {
            List<Integer> written = new ArrayList<>(set);
            int d = written.get(r.nextInt(written.size()));
            int a = written.get(r.nextInt(written.size()));
            int kind = r.nextInt(13);
            if (kind <= 2) {
                String[] ops = {"add", "sub", "mul", "and", "or", "xor", "lsh", "rsh", "arsh", "div", "mod", "mov", "neg"};
                String op = ops[r.nextInt(ops.length)];
                String w = r.nextBoolean() ? "" : "32";
                if (op.equals("neg")) {
                    s.add("neg" + w + " %r" + d);
                } else if (r.nextBoolean()) {
                    s.add(op + w + " %r" + d + ", %r" + a);
                } else {
                    s.add(op + w + " %r" + d + ", " + (r.nextInt(129) - 64));
                }
            } else if (kind <= 5) {
                String[] ops = {"jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge", "jslt", "jsle", "jset"};
                String op = ops[r.nextInt(ops.length)] + (r.nextInt(3) == 0 ? "32" : "");
                String target = "L" + (++label[0]);
                String rhs = r.nextInt(10) < 3 ? "%r" + a : Integer.toString(r.nextInt(193) - 64);
                s.add(op + " %r" + d + ", " + rhs + ", " + target);
                int body = 1 + r.nextInt(3);
                for (int b = 0; b < body; b++) {
                    switch (r.nextInt(5)) {
                        case 0 -> s.add("mov %r" + r.nextInt(10) + ", %r" + r.nextInt(10)); // may read a register never set
                        case 1 -> s.add("add %r" + d + ", " + (1 + r.nextInt(9)));
                        case 2 -> s.add(r.nextInt(5) == 0 ? "mov %r10, 0" : "xor %r" + d + ", " + (1 + r.nextInt(9)));
                        default -> s.add("xor %r" + d + ", " + (1 + r.nextInt(9)));
                    }
                }
                s.add(target + ":");
            } else if (kind <= 7) {
                int off = 8 * (1 + r.nextInt(8));
                String[] sizes = {"dw", "w", "h", "b"};
                String sz = sizes[r.nextInt(4)];
                if (r.nextBoolean() && a != 10) {
                    s.add("stx" + sz + " [%r10-" + off + "], %r" + a);
                } else {
                    s.add("st" + sz + " [%r10-" + off + "], " + (r.nextInt(601) - 300));
                }
                if (r.nextInt(10) < 7) {
                    String sz2 = sizes[r.nextInt(4)];
                    int size2 = switch (sz2) {
                        case "dw" -> 8;
                        case "w" -> 4;
                        case "h" -> 2;
                        default -> 1;
                    };
                    int o2 = size2 <= 2 ? off - new int[] {0, 0, 2, 4, 6}[r.nextInt(5)] : size2 == 4 ? off - (r.nextBoolean() ? 0 : 4) : off;
                    s.add("ldx" + sz2 + " %r" + d + ", [%r10-" + o2 + "]");
                }
            } else if (kind == 8) {
                int c = 6 + r.nextInt(4);
                String head = "L" + (++label[0]);
                int bound = 1 + r.nextInt(20);
                s.add("mov %r" + c + ", 0");
                set.add(c);
                s.add(head + ":");
                s.add(d != c ? "add %r" + d + ", %r" + c : "add %r" + c + ", 0");
                s.add("add %r" + c + ", 1");
                s.add("jlt %r" + c + ", " + bound + ", " + head);
            } else if (kind == 9) {
                s.add(a != 10 ? "mov32 %r" + d + ", %r" + a : "mov32 %r" + d + ", -5");
            } else {
                s.add("mov %r" + d + ", %r" + a);
            }
        }
        List<Integer> written = new ArrayList<>(set);
        written.remove(Integer.valueOf(10));
        s.add("mov %r0, %r" + written.get(r.nextInt(written.size())));
        s.add(new String[] {"and %r0, 1", "mov %r0, 0", "rsh %r0, 63", "and %r0, 1"}[r.nextInt(4)]);
        s.add("exit");
        return String.join("\n", s) + "\n";
    }
}
