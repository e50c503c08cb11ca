package org.hyperupcall.ebpf.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;

/**
 * Assembles eBPF text into a {@link Program}. Each line may be written in the mnemonic syntax of
 * bpf_conformance ({@code mov %r0, 1}) or in LLVM's C-like syntax ({@code r0 = 1}); labels end with
 * a colon; comments start with {@code #}, {@code //} or {@code ;}. The output of
 * {@code llvm-objdump -d} is accepted as it is: when a line carries the raw instruction bytes, the
 * bytes are used. The program's source lines are the lines of the text.
 */
public final class Assembler {
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_.$][\\w.$]*)\\s*:(.*)");
    private static final Pattern OBJDUMP_INSN = Pattern.compile("\\s*\\d+:\\s+((?:[0-9a-f]{2} ){7}[0-9a-f]{2}(?: (?:[0-9a-f]{2} ){7}[0-9a-f]{2})?)\\s*(.*)");
    private static final Pattern OBJDUMP_SLOT = Pattern.compile("\\s*\\d+:\\t(.*)");
    private static final Pattern OBJDUMP_SYMBOL = Pattern.compile("[0-9a-f]{16}\\s+<([A-Za-z_.$][\\w.$]*)>:\\s*");
    private static final Pattern OBJDUMP_NOISE = Pattern.compile(".*file format .*|Disassembly of section .*|\\s*[0-9a-f]+:\\s+R_BPF_\\w+\\s.*");

    private Assembler() {
    }

    /** Assembles {@code text}; the program gets {@code name}, its labels and its line numbers. */
    public static Program assemble(String name, String text) throws AsmException {
        List<Pending> items = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        Map<Integer, String> labelsBySlot = new HashMap<>();
        int slot = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int ln = 1; ln <= lines.length; ln++) {
            String raw = lines[ln - 1];
            if (OBJDUMP_NOISE.matcher(raw).matches()) {
                continue;
            }
            Matcher sym = OBJDUMP_SYMBOL.matcher(raw);
            if (sym.matches()) {
                slot = defineLabel(ln, sym.group(1), slot, labels, labelsBySlot);
                continue;
            }
            Matcher dump = OBJDUMP_INSN.matcher(raw);
            if (dump.matches()) {
                for (Pending p : fromBytes(ln, dump.group(1))) {
                    items.add(p);
                    slot += 1;
                }
                continue;
            }
            Matcher slotPrefix = OBJDUMP_SLOT.matcher(raw);
            if (slotPrefix.matches()) {
                raw = slotPrefix.group(1); // a listing without raw bytes: "  12:\tr0 = 1"
            }
            String line = stripComment(raw).trim();
            while (!line.isEmpty()) {
                Matcher lm = LABEL.matcher(line);
                if (lm.matches() && !line.startsWith("if ")) {
                    slot = defineLabel(ln, lm.group(1), slot, labels, labelsBySlot);
                    line = lm.group(2).trim();
                    continue;
                }
                Pending p = LlvmSyntax.accepts(line) ? LlvmSyntax.parse(ln, line) : ConformanceSyntax.parse(ln, line);
                items.add(p);
                slot += p.slots();
                break;
            }
        }
        if (items.isEmpty()) {
            throw new AsmException(0, "no instructions");
        }
        if (!labels.containsKey("exit")) {
            // bpf_conformance's convention: a jump to "exit" goes to the final exit instruction.
            Pending last = items.get(items.size() - 1);
            if (last.opcode == org.hyperupcall.ebpf.isa.Op.EXIT) {
                labels.put("exit", slot - 1);
            }
        }
        List<Instruction> slots = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        int pc = 0;
        for (Pending p : items) {
            if (p.target != null) {
                Integer where = labels.get(p.target);
                if (where == null) {
                    throw new AsmException(p.line, "undefined label '" + p.target + "'");
                }
                int disp = where - pc - 1;
                if (p.targetInImm) {
                    p.imm = disp;
                } else {
                    if (disp < Short.MIN_VALUE || disp > Short.MAX_VALUE) {
                        throw new AsmException(p.line, "label '" + p.target + "' is " + disp
                                + " instructions away, too far for a 16-bit jump offset (use gotol)");
                    }
                    p.offset = disp;
                }
            }
            if (p.isLddw() && !p.raw) {
                slots.add(new Instruction(p.opcode, p.dst, p.src, p.offset, (int) p.imm64));
                slots.add(new Instruction(0, 0, 0, 0, (int) (p.imm64 >>> 32)));
                lineOf.add(p.line);
                lineOf.add(p.line);
                pc += 2;
            } else {
                slots.add(new Instruction(p.opcode, p.dst, p.src, p.offset, p.imm));
                lineOf.add(p.line);
                pc += 1;
            }
        }
        int[] lineArray = lineOf.stream().mapToInt(Integer::intValue).toArray();
        return new Program(name, slots.toArray(new Instruction[0]), labelsBySlot, lineArray);
    }

    private static int defineLabel(int line, String label, int slot, Map<String, Integer> labels, Map<Integer, String> bySlot)
            throws AsmException {
        if (labels.containsKey(label)) {
            throw new AsmException(line, "label '" + label + "' is defined twice");
        }
        labels.put(label, slot);
        bySlot.putIfAbsent(slot, label);
        return slot;
    }

    private static String stripComment(String line) {
        int cut = line.length();
        for (String marker : new String[] {"#", "//", ";"}) {
            int i = line.indexOf(marker);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return line.substring(0, cut);
    }

    /** The slots of an llvm-objdump line's raw bytes, taken literally (an lddw shows 16 bytes). */
    private static List<Pending> fromBytes(int line, String hex) {
        String[] b = hex.trim().split(" ");
        List<Pending> out = new ArrayList<>();
        for (int k = 0; k + 8 <= b.length; k += 8) {
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) Integer.parseInt(b[k + i], 16);
            }
            Instruction insn = Instruction.readFrom(bytes, 0);
            Pending p = new Pending(line, insn.opcode(), insn.dst(), insn.src(), insn.offset(), insn.imm());
            p.raw = true;
            out.add(p);
        }
        return out;
    }

}
