package org.hyperupcall.fuzz;

import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The ELF reader and linker on any bytes: an object is read, or refused with an {@link ElfException}
 * naming the problem; every program of a read object links or is refused the same way.
 */
class ElfFuzzTest {
    @FuzzTest
    void elfReader(byte[] bytes) {
        ElfObject obj;
        try {
            obj = ElfReader.read("fuzz.o", bytes);
        } catch (ElfException e) {
            Expect.message(e);
            return;
        }
        LineInfo.of(obj);
        for (String name : Linker.programNames(obj)) {
            try {
                Linker.link(obj, name, SymbolResolver.NONE);
                Linker.externs(obj, name);
            } catch (ElfException e) {
                Expect.message(e);
            }
        }
    }
}
