package org.hyperupcall.debug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.VmFault;
import org.hyperupcall.verifier.MemoryRange;

/**
 * The memory a stopped hyperupcall sees, as debugger variables: each registered guest range, typed by
 * the ABI's structure where the guest's symbol has one ({@code cpu_tlbstate}: a {@code struct tlb_state}
 * per CPU, {@code mem_map}: {@code struct page}s, the trace ring and its records), else as hex rows; and
 * the stack frame as hex rows. Children are made when a client expands a variable (the variables
 * references are handed out per stop).
 */
final class MemoryViews {
    /** A typed view: the structure, and how far apart its elements are. */
    private record Typed(Struct struct, long stride) {
    }

    private static final Map<String, Typed> TYPES = Map.of(
            "cpu_tlbstate", new Typed(GuestStructs.TLB_STATE, Constants.PERCPU_STRIDE),
            "mem_map", new Typed(GuestStructs.PAGE, GuestStructs.PAGE.size()),
            "trace_ring", new Typed(GuestStructs.TRACE_RING, GuestStructs.TRACE_RING.size()),
            "trace_records", new Typed(GuestStructs.VMEXIT_RECORD, GuestStructs.VMEXIT_RECORD.size()));

    /** Elements of an array shown at most, and hex rows of 16 bytes. */
    static final int ELEMENTS = 16;
    static final int ROWS = 16;

    /** A variable: its name, value, type, the children it expands to (null: none), and the address of its memory (or null). */
    record Var(String name, String value, String type, Supplier<List<Var>> children, String memoryReference) {
        Var(String name, String value, String type, Supplier<List<Var>> children) {
            this(name, value, type, children, null);
        }
    }

    private final Map<Integer, Supplier<List<Var>>> expandable = new HashMap<>();
    private int next = 100;

    /** Forgets the children of the last stop. */
    void reset() {
        expandable.clear();
        next = 100;
    }

    /** The reference a client expands a variable by (0: it has no children). */
    int reference(Var v) {
        if (v.children() == null) {
            return 0;
        }
        int r = next++;
        expandable.put(r, v.children());
        return r;
    }

    /** The children of an expanded reference, or null when it is not one of this stop's. */
    List<Var> children(int reference) {
        Supplier<List<Var>> s = expandable.get(reference);
        return s == null ? null : s.get();
    }

    /** The registered ranges of the program, typed where the ABI knows their structure. */
    static List<Var> ranges(List<MemoryRange> ranges, MemoryMap memory) {
        List<Var> out = new ArrayList<>();
        for (MemoryRange r : ranges) {
            Typed t = TYPES.get(r.name());
            String value = String.format("0x%x, %,d bytes, %s", r.base(), r.size(), r.writable() ? "writable" : "read-only");
            if (t != null) {
                long n = Math.max(1, r.size() / t.stride());
                out.add(new Var(r.name(), value, "struct " + t.struct().name() + (n > 1 ? "[" + n + "]" : ""),
                        () -> n == 1 ? fields(memory, r.base(), t.struct()) : elements(memory, r.base(), n, t), address(r.base())));
            } else {
                out.add(new Var(r.name(), value, "bytes", () -> hex(memory, r.base(), (int) Math.min(r.size(), ROWS * 16L)), address(r.base())));
            }
        }
        return out;
    }

    private static List<Var> elements(MemoryMap memory, long base, long n, Typed t) {
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, ELEMENTS); i++) {
            long at = base + i * t.stride();
            out.add(new Var("[" + i + "]", String.format("struct %s at 0x%x", t.struct().name(), at), "struct " + t.struct().name(),
                    () -> fields(memory, at, t.struct())));
        }
        if (n > ELEMENTS) {
            out.add(new Var("…", (n - ELEMENTS) + " more not shown", "", null));
        }
        return out;
    }

    static List<Var> fields(MemoryMap memory, long base, Struct s) {
        List<Var> out = new ArrayList<>();
        for (Field f : s.fields()) {
            String value;
            try {
                value = HucDebugAdapter.value(field(memory, base, f));
            } catch (VmFault e) {
                value = "(not readable: " + e.getMessage() + ")";
            }
            out.add(new Var(f.name(), value, f.cType(), null));
        }
        return out;
    }

    /** A field of the structure at {@code base} as the program reads it (little-endian, zero-extended; at most 8 bytes). */
    static long field(MemoryMap memory, long base, Field f) {
        return memory.load(base + f.offset(), f.size() > 8 ? 8 : f.size());
    }

    /** A memory reference as DAP clients pass it back to readMemory: the address in hex. */
    static String address(long a) {
        return "0x" + Long.toHexString(a);
    }

    /**
     * What readMemory answers: {@code count} bytes from {@code address}, as far as they are readable
     * in one region of the program's memory (the rest counted as unreadable).
     */
    static byte[] readable(MemoryMap memory, long address, int count) {
        int n = count;
        while (n > 0) {
            try {
                return memory.read(address, n);
            } catch (VmFault e) {
                n = n > 16 ? n / 2 : n - 1;
            }
        }
        return new byte[0];
    }

    /** Rows of 16 bytes in hex, each named by its address. */
    static List<Var> hex(MemoryMap memory, long base, int length) {
        List<Var> out = new ArrayList<>();
        for (int off = 0; off < length; off += 16) {
            int n = Math.min(16, length - off);
            StringBuilder sb = new StringBuilder();
            try {
                for (byte b : memory.read(base + off, n)) {
                    sb.append(String.format("%02x ", b & 0xff));
                }
            } catch (VmFault e) {
                sb.append("(not readable)");
            }
            out.add(new Var(String.format("0x%x", base + off), sb.toString().strip(), "bytes", null));
        }
        return out;
    }
}
