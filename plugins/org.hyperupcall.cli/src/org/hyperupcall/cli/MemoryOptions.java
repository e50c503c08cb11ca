package org.hyperupcall.cli;

import org.hyperupcall.ebpf.conformance.ConformanceRunner;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;

import picocli.CommandLine.Option;

/** The memory block given to a program run from the command line (bpf_conformance convention). */
final class MemoryOptions {
    @Option(names = "--mem", paramLabel = "HEX", description = "Memory block bytes in hex, e.g. '01 02 03'.")
    String mem;

    @Option(names = "--mem-size", paramLabel = "N", description = "A memory block of N bytes filled with a fixed pattern ((i * 31 + 7) & 0xff).")
    Integer memSize;

    /** The block's bytes, from --mem, --mem-size or the conformance file; null when there is none. */
    byte[] bytes(byte[] fromFile) {
        if (mem != null && memSize != null) {
            throw new UserError("give --mem or --mem-size, not both");
        }
        if (mem != null) {
            return ProgramFiles.hex(mem, "--mem");
        }
        if (memSize != null) {
            if (memSize < 0 || memSize > (1 << 30)) {
                throw new UserError("--mem-size must be between 0 and 1073741824, not " + memSize);
            }
            byte[] b = new byte[memSize];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (i * 31 + 7);
            }
            return b;
        }
        return fromFile;
    }

    /** The program's arguments: r1 = block address, r2 = its length (both 0 without a block). */
    record Setup(MemoryMap memory, long r1, long r2) {
    }

    static Setup map(byte[] bytes) {
        MemoryMap memory = new MemoryMap();
        if (bytes == null) {
            return new Setup(memory, 0, 0);
        }
        Region region = new Region("mem", ConformanceRunner.MEM_BASE, bytes, true);
        memory.add(region).packet(region);
        return new Setup(memory, ConformanceRunner.MEM_BASE, bytes.length);
    }
}
