package org.hyperupcall.abi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guest kernel's symbol map: where the data hyperupcalls use lives in guest memory, how big it
 * is and whether a hyperupcall may write it. The hypervisor resolves a program's extern symbols
 * against it and registers those symbols' ranges as the memory the program may touch; the
 * simulator lays the guest out from the same map.
 *
 * <p>{@link #defaults()} is the default guest: 1 GiB of RAM, 64 vCPUs, every symbol in the x86-64
 * direct map, so each address is {@link #PAGE_OFFSET} plus the guest physical address where the
 * simulator places the data. Another guest is described by a System.map-like text file (see
 * {@link #parse}).
 */
public final class GuestLayout {
    /** Start of the x86-64 direct map: guest physical address 0 is mapped here. */
    public static final long PAGE_OFFSET = 0xffff_8880_0000_0000L;
    /** RAM of the default guest: 1 GiB. */
    public static final long GUEST_MEMORY = 1L << 30;
    /** Frames of the default guest (4 KiB each). */
    public static final int GUEST_FRAMES = (int) (GUEST_MEMORY / Constants.PAGE_SIZE);
    /** vCPUs (and per-CPU areas) of the default guest. */
    public static final int NR_CPUS = 64;
    /** Records in the default guest's trace ring (a power of two). */
    public static final int TRACE_RECORDS = 4096;
    /** Guest physical address where the default guest's kernel text starts (the value of kernel_text_start). */
    public static final long KERNEL_TEXT_PHYS = 0x0100_0000L;
    /** Guest physical address where its read-only data ends (the value of kernel_rodata_end). */
    public static final long KERNEL_RODATA_END_PHYS = 0x0200_0000L;

    /** A guest symbol: its range [address, address + size) and whether hyperupcalls may write it. */
    public record Symbol(String name, long address, long size, boolean writable, String doc) {
        public Symbol {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a symbol name");
            }
            if (size <= 0) {
                throw new IllegalArgumentException(name + ": the size must be positive, not " + size);
            }
            if (Long.compareUnsigned(address + size, address) < 0 && address + size != 0) {
                throw new IllegalArgumentException(name + ": 0x" + Long.toHexString(address) + " + " + size
                        + " wraps past the end of the address space");
            }
        }

        /** First address after the symbol (0 when it ends at the top of the address space). */
        public long end() {
            return address + size;
        }

        /** Whether the two ranges share a byte. */
        public boolean overlaps(Symbol other) {
            return Long.compareUnsigned(address, other.address + other.size - 1) <= 0
                    && Long.compareUnsigned(other.address, address + size - 1) <= 0;
        }

        /** The symbol as a line of a symbol file: {@code ADDRESS SIZE NAME [rw]}. */
        public String line() {
            return String.format("%016x %#x %s%s", address, size, name, writable ? " rw" : "");
        }
    }

    /** A line of a symbol file that is not {@code ADDRESS SIZE NAME [rw|ro]}, or names a symbol twice. */
    public static final class FormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final int line;

        FormatException(String file, int line, String message) {
            super(file + ":" + line + ": error: " + (message.length() <= 300 ? message : message.substring(0, 300) + "…"));
            this.file = file;
            this.line = line;
        }

        public String file() {
            return file;
        }

        public int line() {
            return line;
        }
    }

    private static final GuestLayout DEFAULTS = defaultGuest();

    private final Map<String, Symbol> symbols;

    /** A map of these symbols; refuses two with one name or overlapping ranges. */
    public GuestLayout(List<Symbol> symbols) {
        Map<String, Symbol> m = new LinkedHashMap<>();
        for (Symbol s : symbols) {
            check(m, s);
            m.put(s.name(), s);
        }
        this.symbols = m;
    }

    private static void check(Map<String, Symbol> known, Symbol s) {
        if (known.containsKey(s.name())) {
            throw new IllegalArgumentException("symbol " + s.name() + " is defined twice");
        }
        for (Symbol o : known.values()) {
            if (s.overlaps(o)) {
                throw new IllegalArgumentException(s.name() + " [0x" + Long.toHexString(s.address()) + ", 0x"
                        + Long.toHexString(s.end()) + ") overlaps " + o.name() + " [0x" + Long.toHexString(o.address()) + ", 0x"
                        + Long.toHexString(o.end()) + ")");
            }
        }
    }

    /**
     * The default guest (1 GiB, 64 vCPUs), with the symbols of the ABI's guest model:
     * <ul>
     * <li>{@code kernel_text_start}, {@code kernel_rodata_end}: read-only u64 variables holding the
     * guest physical range of kernel text and read-only data ({@link #KERNEL_TEXT_PHYS},
     * {@link #KERNEL_RODATA_END_PHYS});</li>
     * <li>{@code init_mm}: the kernel's {@code struct mm_struct}, read-only;</li>
     * <li>{@code trace_ring} ({@code struct hup_trace_ring}) and {@code trace_records}
     * ({@value #TRACE_RECORDS} {@code struct hup_vmexit_record}s): the trace ring buffer, writable;</li>
     * <li>{@code cpu_tlbstate}: {@value #NR_CPUS} per-CPU areas {@code HUP_PERCPU_STRIDE} bytes apart,
     * each starting with the CPU's {@code struct tlb_state}, writable (deferred flushes are recorded there);</li>
     * <li>{@code mem_map}: one {@code struct page} per guest frame ({@link #GUEST_FRAMES}), read-only
     * (the guest's allocator owns it; 1.6% of guest memory, within the 2% a global hyperupcall may register).</li>
     * </ul>
     */
    public static GuestLayout defaults() {
        return DEFAULTS;
    }

    private static GuestLayout defaultGuest() {
        long data = PAGE_OFFSET + KERNEL_RODATA_END_PHYS; // kernel data follows rodata
        return new GuestLayout(List.of(
                new Symbol("kernel_text_start", data, 8, false,
                        "u64: guest physical address where kernel text starts (0x" + Long.toHexString(KERNEL_TEXT_PHYS) + ")"),
                new Symbol("kernel_rodata_end", data + 8, 8, false,
                        "u64: guest physical address where kernel read-only data ends (0x" + Long.toHexString(KERNEL_RODATA_END_PHYS) + ")"),
                new Symbol("init_mm", data + 0x1000, GuestStructs.MM_STRUCT.size(), false,
                        "struct mm_struct of the kernel's own address space"),
                new Symbol("trace_ring", data + 0x2000, GuestStructs.TRACE_RING.size(), true,
                        "struct hup_trace_ring: header of the trace ring buffer (nr_records = " + TRACE_RECORDS + ")"),
                new Symbol("trace_records", data + 0x3000, (long) TRACE_RECORDS * GuestStructs.VMEXIT_RECORD.size(), true,
                        "struct hup_vmexit_record[" + TRACE_RECORDS + "]: the trace ring's records"),
                new Symbol("cpu_tlbstate", data + 0x10_0000, (long) NR_CPUS * Constants.PERCPU_STRIDE, true,
                        "per-CPU struct tlb_state, CPU n's at cpu_tlbstate + n * HUP_PERCPU_STRIDE (" + NR_CPUS + " CPUs)"),
                new Symbol("mem_map", PAGE_OFFSET + 0x0400_0000L, (long) GUEST_FRAMES * GuestStructs.PAGE.size(), false,
                        "struct page[" + GUEST_FRAMES + "]: mem_map[gfn] describes guest frame gfn")));
    }

    public List<Symbol> symbols() {
        return List.copyOf(symbols.values());
    }

    public Optional<Symbol> symbol(String name) {
        return Optional.ofNullable(symbols.get(name));
    }

    /** Symbol addresses by name (what a loader resolves extern symbols with). */
    public Map<String, Long> addresses() {
        Map<String, Long> m = new LinkedHashMap<>();
        symbols.values().forEach(s -> m.put(s.name(), s.address()));
        return m;
    }

    /** The map as a symbol file that {@link #parse} reads back, sorted by address. */
    public String text() {
        StringBuilder sb = new StringBuilder("# ADDRESS SIZE NAME [rw]\n");
        symbols.values().stream().sorted(Comparator.comparing(Symbol::address, Long::compareUnsigned))
                .forEach(s -> sb.append(s.line()).append('\n'));
        return sb.toString();
    }

    /**
     * Reads a symbol file: one symbol a line, {@code ADDRESS SIZE NAME [rw|ro]}; ADDRESS is hex
     * (with or without 0x, as System.map prints it), SIZE is decimal or 0x-prefixed hex, symbols are
     * read-only unless marked {@code rw}; {@code #} starts a comment; blank lines are ignored.
     *
     * @throws FormatException naming the file and line of the first bad line
     */
    public static GuestLayout parse(String file, String text) {
        Map<String, Symbol> m = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int hash = l.indexOf('#');
            String[] f = (hash >= 0 ? l.substring(0, hash) : l).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            try {
                if (f.length < 3 || f.length > 4) {
                    throw new IllegalArgumentException("expected 'ADDRESS SIZE NAME [rw]', not '" + (l.trim().length() <= 60 ? l.trim()
                            : l.trim().substring(0, 60) + "…") + "'");
                }
                if (f.length == 4 && !f[3].equals("rw") && !f[3].equals("ro")) {
                    throw new IllegalArgumentException("'" + f[3] + "' is not rw or ro");
                }
                String a = f[0].startsWith("0x") || f[0].startsWith("0X") ? f[0].substring(2) : f[0];
                Symbol s = new Symbol(f[2], number(a, 16, "address"), size(f[1]), f.length == 4 && f[3].equals("rw"), "");
                check(m, s);
                m.put(s.name(), s);
            } catch (IllegalArgumentException e) {
                throw new FormatException(file, i + 1, e.getMessage());
            }
        }
        return new GuestLayout(List.copyOf(m.values()));
    }

    private static long size(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? number(s.substring(2), 16, "size") : number(s, 10, "size");
    }

    private static long number(String s, int radix, String what) {
        try {
            if (s.isEmpty() || s.startsWith("-") || s.startsWith("+")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(s, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " '" + s + "' is not a " + (radix == 16 ? "hex " : "") + "number");
        }
    }
}
