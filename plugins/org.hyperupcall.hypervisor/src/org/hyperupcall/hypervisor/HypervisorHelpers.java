package org.hyperupcall.hypervisor;

import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.ebpf.vm.FaultKind;
import org.hyperupcall.ebpf.vm.Helper;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.VmFault;

/**
 * The ABI's helpers with their documented semantics (docs/abi.md), over a {@link Host}. Memory
 * arguments go through the program's memory map, so a helper reaches exactly what the program may:
 * its stack and its registered guest memory; anything else is a fault of the call instruction.
 * Narrow parameters (u32, u8) are the low bits of their registers, as the ABI says.
 */
final class HypervisorHelpers {
    /** The longest copy, fill or trace record a helper accepts (bytes); the bitmap limit is 8 times it, in bits. */
    static final int MAX_LEN = 1 << 16;

    private HypervisorHelpers() {
    }

    /** The helper table of a hyperupcall; {@code current} tells which vCPU the running invocation belongs to. */
    static HelperTable table(Host host, java.util.function.IntSupplier current) {
        HelperTable.Builder b = HelperTable.builder();
        for (HelperSpec h : Helpers.all()) {
            b.add(h.id(), h.name(), helper(h.name(), host, current));
        }
        return b.build();
    }

    private static int u32(long v) {
        return (int) v;
    }

    private static int length(long len, String helper) {
        long n = len & 0xffff_ffffL;
        if (n > MAX_LEN) {
            throw new VmFault(FaultKind.HELPER_ERROR, helper + ": length " + n + " is over " + MAX_LEN + " bytes");
        }
        return (int) n;
    }

    private static boolean vcpuExists(Host host, long vcpu) {
        long v = vcpu & 0xffff_ffffL;
        return v < host.vcpus();
    }

    private static Helper helper(String name, Host host, java.util.function.IntSupplier current) {
        return switch (name) {
            case "hup_memcpy" -> (dst, src, len, r4, r5, m) -> {
                m.write(dst, m.read(src, length(len, name)));
                return 0;
            };
            case "hup_memset" -> (dst, c, len, r4, r5, m) -> {
                byte[] fill = new byte[length(len, name)];
                java.util.Arrays.fill(fill, (byte) c);
                m.write(dst, fill);
                return 0;
            };
            case "hup_cmpxchg" -> (p, old, neu, r4, r5, m) -> {
                aligned(p, 8, name);
                long cur = m.load64(p);
                if (cur == old) {
                    m.store64(p, neu);
                }
                return cur;
            };
            case "hup_send_vcpu_ipi" -> (vcpu, vector, r3, r4, r5, m) -> {
                if (!vcpuExists(host, vcpu)) {
                    return -1;
                }
                host.sendIpi(u32(vcpu), u32(vector));
                return 0;
            };
            case "hup_get_vcpu_reg" -> (vcpu, reg, r3, r4, r5, m) -> vcpuExists(host, vcpu) ? host.register(u32(vcpu), u32(reg)) : -1;
            case "hup_set_vcpu_reg" -> (reg, value, r3, r4, r5, m) -> host.setRegister(current.getAsInt(), u32(reg), value) ? 0 : -1;
            case "hup_flush_tlb_vcpu" -> (vcpu, r2, r3, r4, r5, m) -> {
                if (!vcpuExists(host, vcpu)) {
                    return -1;
                }
                host.flushTlb(u32(vcpu));
                return 0;
            };
            case "hup_vcpu_is_running" -> (vcpu, r2, r3, r4, r5, m) -> vcpuExists(host, vcpu) && host.isRunning(u32(vcpu)) ? 1 : 0;
            case "hup_spin_trylock" -> (lock, r2, r3, r4, r5, m) -> {
                aligned(lock, 4, name);
                if (m.load32(lock) != 0) {
                    return 0;
                }
                m.store32(lock, 1);
                return 1;
            };
            case "hup_spin_unlock" -> (lock, r2, r3, r4, r5, m) -> {
                aligned(lock, 4, name);
                m.store32(lock, 0);
                return 0;
            };
            case "hup_find_next_bit" -> (bitmap, size, offset, r4, r5, m) -> findNextBit(m, bitmap, size, offset, name);
            case "hup_ktime_ns" -> (r1, r2, r3, r4, r5, m) -> host.nowNanos();
            case "hup_trace" -> (rec, len, r3, r4, r5, m) -> {
                host.trace(m.read(rec, length(len, name)));
                return 0;
            };
            default -> (r1, r2, r3, r4, r5, m) -> {
                throw new VmFault(FaultKind.BAD_CALL, "helper " + name + " is not implemented by the simulator");
            };
        };
    }

    private static void aligned(long p, int size, String helper) {
        if ((p & (size - 1)) != 0) {
            throw new VmFault(FaultKind.HELPER_ERROR, String.format("%s: 0x%x is not %d-byte aligned", helper, p, size));
        }
    }

    private static long findNextBit(MemoryMap m, long bitmap, long size, long offset, String helper) {
        if (Long.compareUnsigned(size, 8L * MAX_LEN) > 0) {
            throw new VmFault(FaultKind.HELPER_ERROR, helper + ": bitmap of " + Long.toUnsignedString(size) + " bits is too large");
        }
        if (Long.compareUnsigned(offset, size) >= 0) {
            return size;
        }
        long words = (size + 63) / 64;
        m.read(bitmap, (int) (words * 8)); // the whole bitmap must be reachable
        for (long bit = offset; bit < size;) {
            long word = m.load64(bitmap + (bit / 64) * 8) >>> (bit % 64);
            if (word != 0) {
                long found = bit + Long.numberOfTrailingZeros(word);
                return found < size ? found : size;
            }
            bit = (bit / 64 + 1) * 64;
        }
        return size;
    }
}
