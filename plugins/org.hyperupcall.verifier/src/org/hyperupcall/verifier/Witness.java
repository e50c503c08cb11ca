package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Op.*;
import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;
import org.hyperupcall.ebpf.vm.Alu;

/**
 * Context values that take a rejected path: the path's conditional jumps are replayed from the
 * entry with each register known as a constant, a pointer, or a function (moves and arithmetic with
 * constants) of one context field; a jump comparing such a function with a constant constrains
 * that field, and each field gets the smallest value that meets all its constraints. What the
 * replay cannot follow (helper results, guest memory, two fields compared, a loop iteration other
 * than the first) becomes a note instead.
 */
final class Witness {
    /** Instructions replayed at most (a walked loop's path can be long). */
    private static final int MAX_REPLAY = 1_000_000;

    private sealed interface Sym permits Const, Ptr, Field, Unknown {
    }

    private record Const(long v) implements Sym {
    }

    /** A pointer to the context ({@code frame} -1) or into a stack frame, at a constant offset. */
    private record Ptr(int frame, long off) implements Sym {
    }

    /** One ALU operation on the tracked value: {@code other} is the other operand's value, the tracked one is dst when {@code onDst}. */
    private record AluOp(int opcode, int offset, int imm, long other, boolean onDst) {
        long apply(long x) {
            return onDst ? Alu.compute(opcode, offset, imm, x, other) : Alu.compute(opcode, offset, imm, other, x);
        }
    }

    /** A function of a context field's bytes: loaded ({@code size} bytes, sign-extended when {@code sx}), then the operations. */
    private record Field(Platform.ContextField field, int size, boolean sx, List<AluOp> ops) implements Sym {
        long eval(long raw) {
            long x = sx && size < 8 ? (raw << (64 - 8 * size)) >> (64 - 8 * size) : raw;
            for (AluOp o : ops) {
                x = o.apply(x);
            }
            return x;
        }

        Field then(AluOp o) {
            List<AluOp> more = new ArrayList<>(ops);
            more.add(o);
            return new Field(field, size, sx, more);
        }
    }

    private record Unknown(String why) implements Sym {
    }

    /** A local call's caller: where it returns to and its r6-r9. */
    private record Caller(int returnPc, Sym[] saved) {
    }

    /** A jump's condition on one field: {@code fn(field) op k} (or {@code k op fn(field)}) is {@code taken}. */
    private record Constraint(Field fn, int op, boolean jmp32, long k, boolean fieldLeft, boolean taken) {
        boolean holds(long raw) {
            long v = fn.eval(raw);
            return Alu.jumpTaken(op, jmp32, fieldLeft ? v : k, fieldLeft ? k : v) == taken;
        }
    }

    private final Program program;
    private final Platform platform;
    private final Set<String> notes = new LinkedHashSet<>();
    private final Map<Integer, List<Constraint>> byField = new LinkedHashMap<>();
    private final Map<Integer, Platform.ContextField> fields = new HashMap<>();

    private Witness(Program program, Platform platform) {
        this.program = program;
        this.platform = platform;
    }

    /** The path to the rejection of {@code d}, the jumps {@code trail} took, with context values where the jumps give them. */
    static RejectionPath of(Program program, Platform platform, Trail trail, Diagnostic d) {
        List<Trail> jumps = Trail.list(trail);
        List<RejectionPath.Step> steps = new ArrayList<>();
        for (Trail t : jumps) {
            Instruction insn = program.get(t.pc());
            int next = t.taken() ? ProgramChecker.jumpTarget(t.pc(), insn) : t.pc() + 1;
            steps.add(new RejectionPath.Step(t.pc(), program.sourceLine(t.pc()), t.taken(), next,
                    next >= 0 && next < program.size() ? program.sourceLine(next) : 0,
                    Disassembler.instruction(program, t.pc(), Disassembler.Syntax.LLVM), t.forced()));
        }
        Witness w = new Witness(program, platform);
        w.replay(jumps, d.insn());
        List<RejectionPath.ContextValue> values = w.solve();
        return new RejectionPath(d.insn(), d.line(), steps, values, List.copyOf(w.notes), w.notes.isEmpty());
    }

    private String at(int pc) {
        int line = program.sourceLine(pc);
        return "insn " + pc + (line > 0 ? ", line " + line : "");
    }

    /** Follows the path from the entry to the failing instruction, collecting the constraints of its jumps. */
    private void replay(List<Trail> jumps, int failing) {
        Sym[] r = new Sym[11];
        java.util.Arrays.fill(r, new Unknown("an unset register"));
        r[1] = new Ptr(-1, 0);
        r[10] = new Ptr(0, 0);
        Map<Long, Sym> stack = new HashMap<>();
        Deque<Caller> calls = new ArrayDeque<>();
        int pc = 0;
        int j = 0;
        for (int count = 0; count < MAX_REPLAY; count++) {
            if (pc == failing && j == jumps.size()) {
                return;
            }
            if (pc < 0 || pc >= program.size()) {
                break;
            }
            Instruction insn = program.get(pc);
            int opcode = insn.opcode();
            int next = pc + (insn.isLddw() ? 2 : 1);
            switch (cls(opcode)) {
                case CLS_ALU, CLS_ALU64 -> r[insn.dst()] = alu(insn, r, pc);
                case CLS_LD -> r[insn.dst()] = new Const(program.imm64(pc));
                case CLS_LDX -> r[insn.dst()] = load(insn, r, stack, pc);
                case CLS_ST, CLS_STX -> store(insn, r, stack);
                default -> {
                    if (opcode == EXIT) {
                        if (calls.isEmpty()) {
                            break;
                        }
                        Caller c = calls.pop();
                        System.arraycopy(c.saved(), 0, r, 6, 4);
                        r[10] = new Ptr(calls.size(), 0);
                        pc = c.returnPc();
                        continue;
                    }
                    if (opcode == CALL && insn.src() == CALL_LOCAL) {
                        calls.push(new Caller(pc + 1, java.util.Arrays.copyOfRange(r, 6, 10)));
                        r[10] = new Ptr(calls.size(), 0);
                        pc = ProgramChecker.jumpTarget(pc, insn);
                        continue;
                    }
                    if (opcode == CALL) {
                        String name = platform.helperPrototype(insn.imm()).map(Platform.Helper::name).orElse("helper " + insn.imm());
                        r[0] = new Unknown("the result of " + name + " (" + at(pc) + ")");
                        for (int k = 1; k <= 5; k++) {
                            r[k] = new Unknown("an unset register");
                        }
                        break;
                    }
                    int target = ProgramChecker.jumpTarget(pc, insn);
                    if (opcode == JA || opcode == JA32) {
                        pc = target;
                        continue;
                    }
                    if (j >= jumps.size() || jumps.get(j).pc() != pc) {
                        notes.add("the replay of the path lost its way at " + at(pc));
                        return;
                    }
                    boolean taken = jumps.get(j++).taken();
                    condition(insn, r, pc, taken);
                    pc = taken ? target : next;
                    continue;
                }
            }
            if (opcode == EXIT) {
                break;
            }
            pc = next;
        }
        if (pc != failing) {
            notes.add("the replay of the path did not reach " + at(failing));
        }
    }

    private Sym alu(Instruction insn, Sym[] r, int pc) {
        int opcode = insn.opcode();
        int op = op(opcode);
        boolean x = source(opcode) == SRC_X && op != ALU_END && op != ALU_NEG;
        Sym a = r[insn.dst()];
        Sym b = x ? r[insn.src()] : new Const(0);
        if (op == ALU_MOV) {
            if (!x || insn.offset() == 0 && cls(opcode) == CLS_ALU64) {
                return x ? b : new Const(Alu.compute(opcode, insn.offset(), insn.imm(), 0, 0));
            }
            return switch (b) {
                case Const c -> new Const(Alu.compute(opcode, insn.offset(), insn.imm(), 0, c.v()));
                case Field f -> f.then(new AluOp(opcode, insn.offset(), insn.imm(), 0, false));
                default -> b instanceof Ptr ? new Unknown("a truncated pointer") : b;
            };
        }
        if (a instanceof Const ca && b instanceof Const cb) {
            return new Const(Alu.compute(opcode, insn.offset(), insn.imm(), ca.v(), cb.v()));
        }
        if (a instanceof Field f && b instanceof Const cb) {
            return f.then(new AluOp(opcode, insn.offset(), insn.imm(), cb.v(), true));
        }
        if (a instanceof Const ca && b instanceof Field f) {
            return f.then(new AluOp(opcode, insn.offset(), insn.imm(), ca.v(), false));
        }
        if (a instanceof Ptr p && b instanceof Const cb && cls(opcode) == CLS_ALU64 && (op == ALU_ADD || op == ALU_SUB)) {
            long by = x ? cb.v() : insn.imm();
            return new Ptr(p.frame(), op == ALU_ADD ? p.off() + by : p.off() - by);
        }
        if (a instanceof Unknown u) {
            return u;
        }
        if (b instanceof Unknown u) {
            return u;
        }
        return new Unknown("arithmetic on two context values or a pointer (" + at(pc) + ")");
    }

    private Sym load(Instruction insn, Sym[] r, Map<Long, Sym> stack, int pc) {
        int size = sizeBytes(insn.opcode());
        Sym base = r[insn.src()];
        if (base instanceof Ptr p && p.frame() < 0) {
            long at = p.off() + insn.offset();
            for (Platform.ContextField f : platform.contextLayout().fields()) {
                if (f.offset() == at && f.size() == size) {
                    fields.put(f.offset(), f);
                    return new Field(f, size, mode(insn.opcode()) == MODE_MEMSX, List.of());
                }
            }
            return new Unknown("a context read the replay does not know (" + at(pc) + ")");
        }
        if (base instanceof Ptr p) {
            Sym s = size == 8 ? stack.get(key(p.frame(), p.off() + insn.offset())) : null;
            return s != null ? s : new Unknown("a value read back from the stack (" + at(pc) + ")");
        }
        return new Unknown("a value read from guest memory (" + at(pc) + ")");
    }

    private static long key(int frame, long off) {
        return ((long) frame << 32) | (off & 0xffffffffL);
    }

    private static void store(Instruction insn, Sym[] r, Map<Long, Sym> stack) {
        if (!(r[insn.dst()] instanceof Ptr p) || p.frame() < 0) {
            return;
        }
        int size = sizeBytes(insn.opcode());
        long at = p.off() + insn.offset();
        for (long b = at - 7; b < at + size; b++) {
            stack.remove(key(p.frame(), b)); // a slot this store overlaps no longer holds what it held
        }
        if (size == 8 && mode(insn.opcode()) != MODE_ATOMIC) {
            stack.put(key(p.frame(), at), cls(insn.opcode()) == CLS_ST ? new Const(insn.imm()) : r[insn.src()]);
        }
    }

    private void condition(Instruction insn, Sym[] r, int pc, boolean taken) {
        int opcode = insn.opcode();
        boolean jmp32 = cls(opcode) == CLS_JMP32;
        Sym a = r[insn.dst()];
        Sym b = source(opcode) == SRC_X ? r[insn.src()] : new Const(jmp32 ? insn.imm() & 0xffffffffL : insn.imm());
        int op = op(opcode);
        if (a instanceof Const ca && b instanceof Const cb) {
            if (Alu.jumpTaken(op, jmp32, ca.v(), cb.v()) != taken) {
                notes.add("the path goes around the loop at " + at(pc) + " more than once, and the verifier proved the loop from an"
                        + " invariant: which iteration fails is not known");
            }
            return;
        }
        if (a instanceof Field f && b instanceof Const cb) {
            byField.computeIfAbsent(f.field().offset(), k -> new ArrayList<>()).add(new Constraint(f, op, jmp32, cb.v(), true, taken));
            return;
        }
        if (a instanceof Const ca && b instanceof Field f) {
            byField.computeIfAbsent(f.field().offset(), k -> new ArrayList<>()).add(new Constraint(f, op, jmp32, ca.v(), false, taken));
            return;
        }
        if (a instanceof Ptr || b instanceof Ptr) {
            return; // a pointer's null check: decided whatever the context holds
        }
        String why = a instanceof Unknown u ? u.why() : b instanceof Unknown u ? u.why() : "two context values compared with each other";
        notes.add("the jump at " + at(pc) + " depends on " + why);
    }

    /** For each constrained field the smallest value meeting its constraints, or a note when none is found. */
    private List<RejectionPath.ContextValue> solve() {
        List<RejectionPath.ContextValue> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Constraint>> e : byField.entrySet()) {
            Platform.ContextField f = fields.get(e.getKey());
            long mask = f.size() >= 8 ? -1L : (1L << (8 * f.size())) - 1;
            Long found = null;
            for (long c : candidates(e.getValue(), mask)) {
                if (e.getValue().stream().allMatch(k -> k.holds(c))) {
                    found = c;
                    break;
                }
            }
            if (found == null) {
                notes.add("no value of " + f.name() + " was found that meets the path's " + e.getValue().size() + " conditions on it");
            } else {
                out.add(new RejectionPath.ContextValue(f.name(), f.offset(), f.size(), found));
            }
        }
        out.sort(java.util.Comparator.comparingInt(RejectionPath.ContextValue::offset));
        return out;
    }

    /** Values worth trying, smallest (unsigned) first: the ends, and around each constant compared with, undone through the operations. */
    private static TreeSet<Long> candidates(List<Constraint> cs, long mask) {
        TreeSet<Long> out = new TreeSet<>(Long::compareUnsigned);
        long[] ends = {0, 1, mask, mask >>> 1, (mask >>> 1) + 1};
        for (long v : ends) {
            out.add(v & mask);
        }
        for (Constraint c : cs) {
            for (long k : new long[] {c.k(), inverse(c.fn(), c.k())}) {
                for (long d = -2; d <= 2; d++) {
                    out.add((k + d) & mask);
                }
            }
        }
        return out;
    }

    /** k taken back through additions, subtractions and shifts by constants (other operations: k itself). */
    private static long inverse(Field f, long k) {
        long v = k;
        for (int i = f.ops().size() - 1; i >= 0; i--) {
            AluOp o = f.ops().get(i);
            long by = source(o.opcode()) == SRC_X ? o.other() : o.imm();
            if (!o.onDst()) {
                continue;
            }
            v = switch (op(o.opcode())) {
                case ALU_ADD -> v - by;
                case ALU_SUB -> v + by;
                case ALU_RSH, ALU_ARSH -> v << by;
                case ALU_LSH -> v >>> by;
                default -> v;
            };
        }
        return v;
    }
}
