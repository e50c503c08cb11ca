package org.hyperupcall.ebpf.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hyperupcall.ebpf.isa.Opcodes;

/**
 * The address space of a running program: a stack (one 512-byte frame per call level) plus the
 * regions the caller gives it. Every load and store of both engines goes through here, so no
 * access can leave the regions. A map is reused across runs (the stack is not cleared between them,
 * as in Linux); it is not safe for concurrent runs.
 */
public final class MemoryMap {
    /** Lowest address of the stack region. */
    public static final long STACK_BASE = 0x0000_7ff0_0000_0000L;
    /** Size of the stack region: all frames. */
    public static final int STACK_SIZE = Opcodes.STACK_FRAME_SIZE * Opcodes.MAX_CALL_DEPTH;
    /** r10 of the outermost frame. */
    public static final long STACK_TOP = STACK_BASE + STACK_SIZE;

    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Region stack;
    private Region[] regions;
    private Region packet;
    /** Indices of the regions the last two successful lookups found (a cache: the order of regions never changes). */
    private int last;
    private int previous;

    public MemoryMap() {
        stack = new Region("stack", STACK_BASE, new byte[STACK_SIZE], true);
        regions = new Region[] {stack};
    }

    /** Adds a region; it must not overlap one already there. */
    public MemoryMap add(Region region) {
        for (Region r : regions) {
            if (r.overlaps(region)) {
                throw new IllegalArgumentException("region " + region + " overlaps " + r);
            }
        }
        Region[] grown = Arrays.copyOf(regions, regions.length + 1);
        grown[regions.length] = region;
        regions = grown;
        return this;
    }

    /** Designates the region read by the legacy packet loads (ldabs / ldind). */
    public MemoryMap packet(Region region) {
        this.packet = region;
        return this;
    }

    public Region stack() {
        return stack;
    }

    public List<Region> regions() {
        return new ArrayList<>(Arrays.asList(regions));
    }

    /**
     * The region holding all of [addr, addr + size), or null. The two regions hit last are tried
     * first (a program alternates between its context and one guest range, say).
     */
    public Region find(long addr, int size) {
        Region[] rs = regions;
        Region a = rs[last < rs.length ? last : 0];
        if (a.length >= size && Long.compareUnsigned(addr - a.base, a.length - size) <= 0) {
            return a;
        }
        int p = previous < rs.length ? previous : 0;
        Region b = rs[p];
        if (b.length >= size && Long.compareUnsigned(addr - b.base, b.length - size) <= 0) {
            previous = last;
            last = p;
            return b;
        }
        for (int i = 0; i < rs.length; i++) {
            Region r = rs[i];
            if (r.length >= size && Long.compareUnsigned(addr - r.base, r.length - size) <= 0) {
                previous = last;
                last = i;
                return r;
            }
        }
        return null;
    }

    private Region readable(long addr, int size) {
        Region r = find(addr, size);
        if (r == null) {
            throw outOfBounds("read", addr, size);
        }
        return r;
    }

    private Region writable(long addr, int size) {
        Region r = find(addr, size);
        if (r == null) {
            throw outOfBounds("write", addr, size);
        }
        if (!r.writable) {
            throw new VmFault(FaultKind.READ_ONLY, String.format("%d-byte write at 0x%x into read-only %s", size, addr, r.name));
        }
        return r;
    }

    private VmFault outOfBounds(String what, long addr, int size) {
        StringBuilder sb = new StringBuilder(String.format("%d-byte %s at 0x%x is outside every region", size, what, addr));
        Region near = nearest(addr);
        if (near != null) {
            sb.append(" (nearest: ").append(near).append(')');
        }
        return new VmFault(FaultKind.OUT_OF_BOUNDS, sb.toString());
    }

    private Region nearest(long addr) {
        Region best = null;
        long bestDist = Long.MAX_VALUE;
        for (Region r : regions) {
            long d = Math.min(Math.abs(addr - r.base), Math.abs(addr - (r.base + r.length)));
            if (d >= 0 && d < bestDist) {
                bestDist = d;
                best = r;
            }
        }
        return best;
    }

    /** Loads {@code size} (1, 2, 4 or 8) bytes, zero-extended. */
    public long load(long addr, int size) {
        Region r = readable(addr, size);
        int i = r.offset + (int) (addr - r.base);
        return switch (size) {
            case 1 -> r.data[i] & 0xffL;
            case 2 -> (short) I16.get(r.data, i) & 0xffffL;
            case 4 -> (int) I32.get(r.data, i) & 0xffffffffL;
            default -> (long) I64.get(r.data, i);
        };
    }

    public long load8(long addr) {
        Region r = readable(addr, 1);
        return r.data[r.offset + (int) (addr - r.base)] & 0xffL;
    }

    public long load16(long addr) {
        Region r = readable(addr, 2);
        return (short) I16.get(r.data, r.offset + (int) (addr - r.base)) & 0xffffL;
    }

    public long load32(long addr) {
        Region r = readable(addr, 4);
        return (int) I32.get(r.data, r.offset + (int) (addr - r.base)) & 0xffffffffL;
    }

    public long load64(long addr) {
        Region r = readable(addr, 8);
        return (long) I64.get(r.data, r.offset + (int) (addr - r.base));
    }

    /** Stores the low {@code size} bytes of {@code value}. */
    public void store(long addr, int size, long value) {
        Region r = writable(addr, size);
        int i = r.offset + (int) (addr - r.base);
        switch (size) {
            case 1 -> r.data[i] = (byte) value;
            case 2 -> I16.set(r.data, i, (short) value);
            case 4 -> I32.set(r.data, i, (int) value);
            default -> I64.set(r.data, i, value);
        }
    }

    public void store8(long addr, long value) {
        Region r = writable(addr, 1);
        r.data[r.offset + (int) (addr - r.base)] = (byte) value;
    }

    public void store16(long addr, long value) {
        Region r = writable(addr, 2);
        I16.set(r.data, r.offset + (int) (addr - r.base), (short) value);
    }

    public void store32(long addr, long value) {
        Region r = writable(addr, 4);
        I32.set(r.data, r.offset + (int) (addr - r.base), (int) value);
    }

    public void store64(long addr, long value) {
        Region r = writable(addr, 8);
        I64.set(r.data, r.offset + (int) (addr - r.base), value);
    }

    /** Legacy packet load: {@code size} bytes at packet offset {@code off}, in network byte order. */
    public long loadPacket(long off, int size) {
        if (packet == null) {
            throw new VmFault(FaultKind.OUT_OF_BOUNDS, "legacy packet load, but the program was given no packet");
        }
        if (off < 0 || off > packet.length - size) {
            throw new VmFault(FaultKind.OUT_OF_BOUNDS,
                    String.format("legacy packet load of %d bytes at offset %d is outside the %d-byte packet", size, off, packet.length));
        }
        int i = packet.offset + (int) off;
        long v = 0;
        for (int k = 0; k < size; k++) {
            v = (v << 8) | (packet.data[i + k] & 0xffL);
        }
        return v;
    }

    /** Copies bytes out of the address space (for helpers). */
    public byte[] read(long addr, int len) {
        if (len == 0) {
            return new byte[0];
        }
        Region r = readable(addr, len);
        int i = r.offset + (int) (addr - r.base);
        return Arrays.copyOfRange(r.data, i, i + len);
    }

    /** Copies bytes into the address space (for helpers). */
    public void write(long addr, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        Region r = writable(addr, bytes.length);
        System.arraycopy(bytes, 0, r.data, r.offset + (int) (addr - r.base), bytes.length);
    }
}
