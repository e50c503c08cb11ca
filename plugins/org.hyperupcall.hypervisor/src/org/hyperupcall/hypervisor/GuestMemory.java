package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.List;

import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.ebpf.vm.Region;

/**
 * Guest physical memory: sparse, in 2 MiB chunks allocated on first write (a 1 GiB guest that
 * touches 40 MiB holds 40 MiB), little-endian like x86-64. Kernel data is also reachable through
 * the direct map ({@link GuestLayout#PAGE_OFFSET} + guest physical address), which is how symbols
 * and registered hyperupcall memory are addressed. A registered range is mapped into a
 * hyperupcall's address space as {@link Region}s that share these chunks: what the program writes,
 * the guest reads, with no copy.
 */
public final class GuestMemory {
    /** Bytes per chunk (a huge page). */
    public static final int CHUNK = 2 << 20;
    private static final int CHUNK_SHIFT = 21;

    private final long size;
    private final byte[][] chunks;

    /** A guest with {@code size} bytes of physical memory (a multiple of 2 MiB). */
    public GuestMemory(long size) {
        if (size <= 0 || size % CHUNK != 0 || size / CHUNK > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("guest memory must be a positive multiple of 2 MiB, not " + size);
        }
        this.size = size;
        this.chunks = new byte[(int) (size / CHUNK)][];
    }

    public long size() {
        return size;
    }

    /** Bytes actually held (chunks touched). */
    public long resident() {
        long n = 0;
        for (byte[] c : chunks) {
            if (c != null) {
                n += CHUNK;
            }
        }
        return n;
    }

    /** The guest physical address of a direct-map (kernel virtual) address. */
    public static long gpa(long directMapAddress) {
        return directMapAddress - GuestLayout.PAGE_OFFSET;
    }

    /** The direct-map address of a guest physical address. */
    public static long directMap(long gpa) {
        return GuestLayout.PAGE_OFFSET + gpa;
    }

    private byte[] chunk(long gpa, int len, boolean create) {
        if (gpa < 0 || len < 0 || gpa + len > size) {
            throw new IllegalArgumentException(String.format("guest physical access at 0x%x (%d bytes) is outside the %d-MiB guest",
                    gpa, len, size >> 20));
        }
        int i = (int) (gpa >>> CHUNK_SHIFT);
        if ((gpa + len - 1) >>> CHUNK_SHIFT != i && len > 0) {
            throw new IllegalArgumentException(String.format("access at 0x%x (%d bytes) crosses a 2-MiB chunk", gpa, len));
        }
        byte[] c = chunks[i];
        if (c == null && create) {
            c = new byte[CHUNK];
            chunks[i] = c;
        }
        return c;
    }

    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Reads {@code size} (1, 2, 4, 8) bytes at a guest physical address, zero-extended; untouched memory reads as 0. */
    public long read(long gpa, int size) {
        byte[] c = chunk(gpa, size, false);
        if (c == null) {
            return 0;
        }
        int off = (int) (gpa & (CHUNK - 1));
        return switch (size) {
            case 8 -> (long) LONG.get(c, off);
            case 4 -> (int) INT.get(c, off) & 0xffff_ffffL;
            case 2 -> (short) SHORT.get(c, off) & 0xffffL;
            case 1 -> c[off] & 0xffL;
            default -> throw new IllegalArgumentException("access size " + size);
        };
    }

    public void write(long gpa, int size, long value) {
        byte[] c = chunk(gpa, size, true);
        int off = (int) (gpa & (CHUNK - 1));
        switch (size) {
            case 8 -> LONG.set(c, off, value);
            case 4 -> INT.set(c, off, (int) value);
            case 2 -> SHORT.set(c, off, (short) value);
            case 1 -> c[off] = (byte) value;
            default -> throw new IllegalArgumentException("access size " + size);
        }
    }

    public long read64(long gpa) {
        return read(gpa, 8);
    }

    public void write64(long gpa, long value) {
        write(gpa, 8, value);
    }

    /** Copies bytes out (any length, across chunks). */
    public byte[] readBytes(long gpa, int len) {
        byte[] out = new byte[len];
        for (int done = 0; done < len;) {
            long at = gpa + done;
            int n = (int) Math.min(len - done, CHUNK - (at & (CHUNK - 1)));
            byte[] c = chunk(at, n, false);
            if (c != null) {
                System.arraycopy(c, (int) (at & (CHUNK - 1)), out, done, n);
            }
            done += n;
        }
        return out;
    }

    /** Copies bytes in (any length, across chunks). */
    public void writeBytes(long gpa, byte[] bytes) {
        for (int done = 0; done < bytes.length;) {
            long at = gpa + done;
            int n = (int) Math.min(bytes.length - done, CHUNK - (at & (CHUNK - 1)));
            System.arraycopy(bytes, done, chunk(at, n, true), (int) (at & (CHUNK - 1)), n);
            done += n;
        }
    }

    /** Zeroes a range (drops whole chunks it covers). */
    public void clear(long gpa, long len) {
        for (long done = 0; done < len;) {
            long at = gpa + done;
            int n = (int) Math.min(len - done, CHUNK - (at & (CHUNK - 1)));
            int i = (int) (at >>> CHUNK_SHIFT);
            if (n == CHUNK) {
                chunks[i] = null;
            } else if (chunks[i] != null) {
                java.util.Arrays.fill(chunks[i], (int) (at & (CHUNK - 1)), (int) (at & (CHUNK - 1)) + n, (byte) 0);
            }
            done += n;
        }
    }

    /**
     * The regions that map {@code len} bytes of guest memory starting at direct-map address
     * {@code address} into a program's address space, one per chunk the range spans (the chunks
     * are allocated now: the program shares them with the guest).
     */
    public List<Region> regions(String name, long address, long len, boolean writable) {
        long gpa = gpa(address);
        if (gpa < 0 || len <= 0 || gpa + len > size) {
            throw new IllegalArgumentException(String.format("%s [0x%x, +0x%x) is not inside the guest's %d MiB of memory",
                    name, address, len, size >> 20));
        }
        List<Region> out = new ArrayList<>();
        for (long done = 0; done < len;) {
            long at = gpa + done;
            int n = (int) Math.min(len - done, CHUNK - (at & (CHUNK - 1)));
            byte[] c = chunk(at, n, true);
            out.add(new Region(name, directMap(at), c, (int) (at & (CHUNK - 1)), n, writable));
            done += n;
        }
        return out;
    }
}
