package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * From {@link Ir} to a program: removes unreachable code and instructions whose results are never
 * used, allocates the virtual registers to r0-r9 by colouring their interference graph (values
 * live across a helper call land in r6-r9; copies are coalesced where the two values do not
 * interfere; what does not fit is spilled to 8-byte stack slots), removes the copies that became
 * no-ops, threads jumps, and lays out the slots with their jump offsets and source lines.
 */
final class Backend {
    /** Registers values may live in; r10 is the frame pointer. */
    private static final int COLORS = 10;
    /** The order registers are tried in when nothing suggests one. */
    private static final int[] ORDER = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private final String name;
    private List<Ir.Insn> code;
    private int registers;
    private int frame;
    private final int maxFrame;

    /** The result: the program, the lddw slots of extern addresses, and where the tracked registers ended up. */
    record Output(Program program, Map<Integer, String> externs, int frame, Map<Integer, Place> places, int[] sites) {
    }

    /**
     * Where a tracked virtual register ended up: a machine register, or (spilled) a stack slot at
     * {@code r10 + slot}; and the instruction slots before which it holds its value (where it is live).
     */
    record Place(int register, int slot, BitSet live) {
    }

    /** The virtual registers whose places are wanted (the named locals, for the debugger). */
    private final BitSet tracked;
    /** The tracked registers live before each instruction, computed before allocation and kept through its rewriting. */
    private final Map<Ir.Insn, BitSet> trackedLiveIn = new IdentityHashMap<>();
    private final Map<Integer, Integer> spilledTo = new HashMap<>();
    private int[] colors;

    Backend(String name, Ir ir, int frame, int maxFrame) {
        this(name, ir, frame, maxFrame, new BitSet());
    }

    Backend(String name, Ir ir, int frame, int maxFrame, BitSet tracked) {
        this.name = name;
        this.code = new ArrayList<>(ir.code);
        this.registers = ir.registerCount();
        this.frame = frame;
        this.maxFrame = maxFrame;
        this.tracked = tracked;
    }

    Output run() {
        removeUnreachable();
        trackLiveness(removeDeadCode());
        allocate();
        for (int round = 0; round < 4; round++) {
            removeUnreachable();
            peephole();
        }
        return layout();
    }

    // ---------------------------------------------------------------- control flow

    private Map<Ir.Label, Integer> labels() {
        Map<Ir.Label, Integer> at = new IdentityHashMap<>();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i).isLabel()) {
                at.put(code.get(i).target, i);
            }
        }
        return at;
    }

    /** The successors of each instruction. */
    private int[][] successors() {
        Map<Ir.Label, Integer> at = labels();
        int n = code.size();
        int[][] succ = new int[n][];
        for (int i = 0; i < n; i++) {
            Ir.Insn insn = code.get(i);
            if (insn.op == EXIT) {
                succ[i] = new int[0];
            } else if (insn.op == JA) {
                succ[i] = new int[] {target(at, insn)};
            } else if (insn.isConditional()) {
                succ[i] = i + 1 < n ? new int[] {i + 1, target(at, insn)} : new int[] {target(at, insn)};
            } else {
                succ[i] = i + 1 < n ? new int[] {i + 1} : new int[0];
            }
        }
        return succ;
    }

    private static int target(Map<Ir.Label, Integer> at, Ir.Insn insn) {
        Integer t = at.get(insn.target);
        if (t == null) {
            throw new IllegalStateException("jump to a label that was never bound");
        }
        return t;
    }

    private void removeUnreachable() {
        int[][] succ = successors();
        boolean[] seen = new boolean[code.size()];
        int[] stack = new int[code.size() + 1];
        int sp = 0;
        if (!code.isEmpty()) {
            stack[sp++] = 0;
            seen[0] = true;
        }
        while (sp > 0) {
            int i = stack[--sp];
            for (int s : succ[i]) {
                if (!seen[s]) {
                    seen[s] = true;
                    stack[sp++] = s;
                }
            }
        }
        List<Ir.Insn> kept = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            if (seen[i]) {
                kept.add(code.get(i));
            }
        }
        code = kept;
    }

    // ---------------------------------------------------------------- liveness

    /** The registers live after each instruction. */
    private BitSet[] liveOut() {
        int n = code.size();
        int[][] succ = successors();
        BitSet[] in = new BitSet[n];
        BitSet[] out = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            out[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet o = new BitSet();
                for (int s : succ[i]) {
                    o.or(in[s]);
                }
                Ir.Insn insn = code.get(i);
                BitSet ni = (BitSet) o.clone();
                for (int d : insn.defs()) {
                    ni.clear(d);
                }
                for (int u : insn.uses()) {
                    ni.set(u);
                }
                ni.clear(FRAME_POINTER);
                if (!o.equals(out[i]) || !ni.equals(in[i])) {
                    out[i] = o;
                    in[i] = ni;
                    changed = true;
                }
            }
        }
        return out;
    }

    /** Removes instructions without side effects whose results nothing reads, until none is left; returns the liveness of what is left. */
    private BitSet[] removeDeadCode() {
        while (true) {
            boolean removed = false;
            BitSet[] out = liveOut();
            List<Ir.Insn> kept = new ArrayList<>();
            for (int i = 0; i < code.size(); i++) {
                Ir.Insn insn = code.get(i);
                if (insn.isPure() && !out[i].get(insn.dst)) {
                    removed = true;
                    continue;
                }
                kept.add(insn);
            }
            if (!removed) {
                return out;
            }
            code = kept;
        }
    }

    /** Records, for each instruction, the tracked registers live before it ({@code out}: those live after it). */
    private void trackLiveness(BitSet[] out) {
        if (tracked.isEmpty()) {
            return;
        }
        for (int i = 0; i < code.size(); i++) {
            Ir.Insn insn = code.get(i);
            BitSet in = (BitSet) out[i].clone();
            for (int d : insn.defs()) {
                in.clear(d);
            }
            for (int u : insn.uses()) {
                in.set(u);
            }
            in.and(tracked);
            trackedLiveIn.put(insn, in);
        }
    }

    /** Where each tracked register ended up, with the laid-out slots where it is live. */
    private Map<Integer, Place> places(Map<Ir.Insn, Integer> slotOf) {
        Map<Integer, BitSet> live = new HashMap<>();
        for (Map.Entry<Ir.Insn, Integer> e : slotOf.entrySet()) {
            BitSet in = trackedLiveIn.get(e.getKey());
            if (in == null) {
                continue;
            }
            int width = e.getKey().op == LDDW ? 2 : 1;
            for (int r = in.nextSetBit(0); r >= 0; r = in.nextSetBit(r + 1)) {
                live.computeIfAbsent(r, k -> new BitSet()).set(e.getValue(), e.getValue() + width);
            }
        }
        Map<Integer, Place> places = new HashMap<>();
        for (int r = tracked.nextSetBit(0); r >= 0; r = tracked.nextSetBit(r + 1)) {
            BitSet l = live.getOrDefault(r, new BitSet());
            Integer slot = spilledTo.get(r);
            if (slot != null) {
                places.put(r, new Place(-1, slot, l));
            } else if (r < Ir.FIRST_VREG || (colors != null && r < colors.length && colors[r] >= 0)) {
                places.put(r, new Place(r < Ir.FIRST_VREG ? r : colors[r], 0, l));
            } else {
                places.put(r, new Place(-1, 0, new BitSet())); // never defined: removed as dead
            }
        }
        return places;
    }

    // ---------------------------------------------------------------- register allocation

    private void allocate() {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 64) {
                throw new IllegalStateException("register allocation did not converge");
            }
            int[] color = color();
            if (color != null) {
                colors = color;
                rewrite(color);
                return;
            }
        }
    }

    /** A colouring of every register, or null after spilling one (then the caller tries again). */
    private int[] color() {
        int n = registers;
        BitSet[] adj = new BitSet[n];
        for (int r = 0; r < n; r++) {
            adj[r] = new BitSet();
        }
        BitSet[] out = liveOut();
        int[] firstDef = new int[n];
        Arrays.fill(firstDef, Integer.MAX_VALUE);
        Map<Integer, List<Integer>> hints = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            Ir.Insn insn = code.get(i);
            for (int d : insn.defs()) {
                firstDef[d] = Math.min(firstDef[d], i);
                for (int l = out[i].nextSetBit(0); l >= 0; l = out[i].nextSetBit(l + 1)) {
                    if (l != d && !(insn.isCopy() && l == insn.src)) {
                        adj[d].set(l);
                        adj[l].set(d);
                    }
                }
            }
            if (insn.isCopy()) {
                hints.computeIfAbsent(insn.dst, k -> new ArrayList<>()).add(insn.src);
                hints.computeIfAbsent(insn.src, k -> new ArrayList<>()).add(insn.dst);
            } else if (insn.cls() == CLS_ALU || insn.cls() == CLS_ALU64) {
                // A sign-extension or 32-bit move of a dying value can reuse its register.
                if ((insn.op & 0xf0) == ALU_MOV && (insn.op & SRC_X) != 0) {
                    hints.computeIfAbsent(insn.dst, k -> new ArrayList<>()).add(insn.src);
                }
            }
        }
        // Uses of a register never defined (cannot happen for the front end's code) would be live at entry.
        int[] color = new int[n];
        Arrays.fill(color, -1);
        for (int r = 0; r < Ir.FIRST_VREG && r < n; r++) {
            color[r] = r;
        }
        List<Integer> order = new ArrayList<>();
        for (int r = Ir.FIRST_VREG; r < n; r++) {
            if (firstDef[r] != Integer.MAX_VALUE) {
                order.add(r);
            }
        }
        order.sort((a, b) -> Integer.compare(firstDef[a], firstDef[b]));
        for (int v : order) {
            boolean[] taken = new boolean[COLORS + 1];
            for (int w = adj[v].nextSetBit(0); w >= 0; w = adj[v].nextSetBit(w + 1)) {
                if (color[w] >= 0) {
                    taken[color[w]] = true;
                }
            }
            int chosen = -1;
            for (int h : hints.getOrDefault(v, List.of())) {
                if (color[h] >= 0 && color[h] < COLORS && !taken[color[h]]) {
                    chosen = color[h];
                    break;
                }
            }
            if (chosen < 0) {
                chosen = preferred(v, hints, adj, color, taken);
            }
            if (chosen < 0) {
                spill(victim(v, adj, color, out));
                return null;
            }
            color[v] = chosen;
        }
        return color;
    }

    /**
     * A free register for v: one that an uncoloured copy partner could also take (so the copy
     * disappears later), else the first free one in {@link #ORDER}.
     */
    private static int preferred(int v, Map<Integer, List<Integer>> hints, BitSet[] adj, int[] color, boolean[] taken) {
        for (int h : hints.getOrDefault(v, List.of())) {
            if (color[h] >= 0) {
                continue;
            }
            for (int c : ORDER) {
                if (taken[c]) {
                    continue;
                }
                boolean free = true;
                for (int w = adj[h].nextSetBit(0); w >= 0; w = adj[h].nextSetBit(w + 1)) {
                    if (color[w] == c) {
                        free = false;
                        break;
                    }
                }
                if (free) {
                    return c;
                }
            }
        }
        for (int c : ORDER) {
            if (!taken[c]) {
                return c;
            }
        }
        return -1;
    }

    /** Registers made by spilling: short-lived, never worth spilling again. */
    private final BitSet spillTemps = new BitSet();

    /**
     * What to spill when v finds no register: of v and the virtual registers holding the registers
     * it needs, the one live at the most instructions (not a register made by an earlier spill).
     */
    private int victim(int v, BitSet[] adj, int[] color, BitSet[] out) {
        int[] liveAt = new int[registers];
        for (BitSet o : out) {
            for (int r = o.nextSetBit(Ir.FIRST_VREG); r >= 0; r = o.nextSetBit(r + 1)) {
                liveAt[r]++;
            }
        }
        int best = spillTemps.get(v) ? -1 : v;
        for (int w = adj[v].nextSetBit(Ir.FIRST_VREG); w >= 0; w = adj[v].nextSetBit(w + 1)) {
            if (color[w] >= 0 && !spillTemps.get(w) && (best < 0 || liveAt[w] > liveAt[best])) {
                best = w;
            }
        }
        if (best < 0) {
            throw new CompileException(null, HucRule.UNSUPPORTED, "an expression needs more than " + COLORS
                    + " values at once at one point");
        }
        return best;
    }

    /** Keeps v in a stack slot: loaded into a fresh register before each use, stored after each definition. */
    private void spill(int v) {
        frame += 8;
        if (frame > maxFrame) {
            throw new CompileException(null, HucRule.UNSUPPORTED, "the function needs more than " + maxFrame
                    + " bytes of stack for its locals, arrays and spilled values");
        }
        int slot = -frame;
        spilledTo.put(v, slot);
        List<Ir.Insn> out = new ArrayList<>();
        for (Ir.Insn insn : code) {
            boolean uses = contains(insn.uses(), v);
            boolean defs = contains(insn.defs(), v);
            if (!uses && !defs) {
                out.add(insn);
                continue;
            }
            int t = registers++;
            spillTemps.set(t);
            BitSet liveIn = trackedLiveIn.get(insn);
            if (uses) {
                Ir.Insn ld = new Ir.Insn(CLS_LDX | MODE_MEM | SIZE_DW, t, FRAME_POINTER, slot, 0, insn.line);
                ld.site = insn.site;
                out.add(ld);
                if (liveIn != null) {
                    trackedLiveIn.put(ld, liveIn);
                }
            }
            Ir.Insn c = insn.copy();
            if (liveIn != null) {
                trackedLiveIn.put(c, liveIn);
            }
            if (c.dst == v) {
                c.dst = t;
            }
            if (c.src == v) {
                c.src = t;
            }
            out.add(c);
            if (defs) {
                // No liveness for the store: what died at the definition may have lent it its register.
                Ir.Insn st = new Ir.Insn(CLS_STX | MODE_MEM | SIZE_DW, FRAME_POINTER, t, slot, 0, insn.line);
                st.site = insn.site;
                out.add(st);
            }
        }
        code = out;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private void rewrite(int[] color) {
        List<Ir.Insn> out = new ArrayList<>();
        // What a removed copy kept live: its register still holds those values before the next instruction.
        BitSet carried = null;
        for (Ir.Insn insn : code) {
            if (insn.isLabel()) {
                carried = null; // other paths join here
            } else {
                int[] regs = insn.uses();
                if (insn.dst >= Ir.FIRST_VREG) {
                    insn.dst = color[insn.dst];
                }
                if (insn.src >= Ir.FIRST_VREG) {
                    insn.src = color[insn.src];
                }
                if (regs.length > 0 && (insn.dst < 0 || insn.src < 0)) {
                    throw new IllegalStateException("register without a colour");
                }
                if (insn.isCopy() && insn.dst == insn.src) {
                    BitSet live = trackedLiveIn.get(insn);
                    if (live != null) {
                        carried = carried == null ? (BitSet) live.clone() : carried;
                        carried.or(live);
                    }
                    continue;
                }
                if (carried != null) {
                    BitSet live = trackedLiveIn.get(insn);
                    BitSet merged = live == null ? carried : (BitSet) live.clone();
                    merged.or(carried);
                    trackedLiveIn.put(insn, merged);
                    carried = null;
                }
            }
            out.add(insn);
        }
        code = out;
    }

    // ---------------------------------------------------------------- peephole

    private void peephole() {
        Map<Ir.Label, Integer> at = labels();
        // Jumps to an unconditional jump go straight to its target.
        for (Ir.Insn insn : code) {
            if (insn.isJump()) {
                for (int hops = 0; hops < 8; hops++) {
                    int t = at.get(insn.target);
                    int next = nextReal(t);
                    if (next < code.size() && code.get(next).op == JA && code.get(next).target != insn.target) {
                        insn.target = code.get(next).target;
                    } else {
                        break;
                    }
                }
            }
        }
        List<Ir.Insn> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            Ir.Insn insn = code.get(i);
            if (insn.isJump() && jumpsToNext(i, insn.target, at)) {
                continue; // a jump to the next instruction
            }
            // "if (c) goto A; goto B; A:" becomes "if (!c) goto B; A:".
            if (insn.isConditional() && i + 1 < code.size() && code.get(i + 1).op == JA
                    && jumpsToNext(i + 1, insn.target, at) && invertible(insn.op)) {
                Ir.Insn ja = code.get(i + 1);
                insn.op = (insn.op & ~0xf0) | Comparison.invertJump(insn.op & 0xf0);
                insn.target = ja.target;
                out.add(insn);
                i++;
                continue;
            }
            out.add(insn);
        }
        // Labels nothing jumps to are dropped (they only separate code for the passes above).
        java.util.Set<Ir.Label> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Ir.Insn insn : out) {
            if (insn.isJump()) {
                used.add(insn.target);
            }
        }
        out.removeIf(insn -> insn.isLabel() && !used.contains(insn.target));
        code = out;
    }

    private int nextReal(int i) {
        while (i < code.size() && code.get(i).isLabel()) {
            i++;
        }
        return i;
    }

    /** Whether only labels lie between instruction i and the label. */
    private boolean jumpsToNext(int i, Ir.Label label, Map<Ir.Label, Integer> at) {
        int t = at.get(label);
        if (t <= i) {
            return false;
        }
        for (int k = i + 1; k < t; k++) {
            if (!code.get(k).isLabel()) {
                return false;
            }
        }
        return true;
    }

    private static boolean invertible(int op) {
        return (op & 0xf0) != JMP_JSET;
    }

    // ---------------------------------------------------------------- layout

    private Output layout() {
        Map<Ir.Label, Integer> slotOf = new IdentityHashMap<>();
        int slot = 0;
        for (Ir.Insn insn : code) {
            if (insn.isLabel()) {
                slotOf.put(insn.target, slot);
            } else {
                slot += insn.op == LDDW ? 2 : 1;
            }
        }
        List<Instruction> slots = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Integer> sites = new ArrayList<>();
        Map<Integer, String> externs = new TreeMap<>();
        Map<Ir.Insn, Integer> insnSlots = new IdentityHashMap<>();
        for (Ir.Insn insn : code) {
            if (insn.isLabel()) {
                continue;
            }
            int here = slots.size();
            insnSlots.put(insn, here);
            if (insn.op == LDDW) {
                if (insn.extern != null) {
                    externs.put(here, insn.extern);
                }
                slots.add(new Instruction(LDDW, insn.dst, 0, 0, (int) insn.imm));
                slots.add(new Instruction(0, 0, 0, 0, (int) (insn.imm >>> 32)));
                lines.add(insn.line);
                lines.add(insn.line);
                sites.add(insn.site);
                sites.add(insn.site);
                continue;
            }
            int off = insn.off;
            if (insn.isJump()) {
                int disp = slotOf.get(insn.target) - here - 1;
                if (disp != (short) disp) {
                    throw new CompileException(null, HucRule.UNSUPPORTED, "a jump of " + disp
                            + " instructions, beyond the 16-bit offset of eBPF jumps");
                }
                off = disp;
            }
            slots.add(new Instruction(insn.op, insn.dst, insn.src, off, (int) insn.imm));
            lines.add(insn.line);
            sites.add(insn.site);
        }
        int[] lineArray = lines.stream().mapToInt(Integer::intValue).toArray();
        Program p = new Program(name, slots.toArray(new Instruction[0]), Map.of(0, name), lineArray);
        return new Output(p, externs, frame, places(insnSlots), sites.stream().mapToInt(Integer::intValue).toArray());
    }
}
