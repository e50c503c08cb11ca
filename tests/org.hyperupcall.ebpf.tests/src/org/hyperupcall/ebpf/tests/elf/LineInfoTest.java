package org.hyperupcall.ebpf.tests.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hyperupcall.testing.ExternalTools;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.ElfWriter;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line information (.BTF, .BTF.ext) in the objects we write reads back, and clang's tools accept it. */
class LineInfoTest {
    private static final String SOURCE = """
            SEC("hyperupcall/vm_exit")
            long f(struct hup_vm_exit_ctx *ctx)
            {
                u64 x = init_mm;
                if (x == 0)
                \treturn helper();
                return 0;
            }
            """;

    /** The program SOURCE stands for, with the source line of each slot (0: unknown). */
    private static Program program() throws Exception {
        Program p = Assembler.assemble("f", """
                f:
                lddw %r1, 0
                ldxdw %r0, [%r1+8]
                jeq %r0, 0, out
                call local helper
                out:
                mov %r0, 0
                exit
                helper:
                mov %r0, 7
                exit
                """);
        int[] lines = {4, 0, 4, 5, 6, 7, 7, 6, 0};
        return new Program("f", p.slots(), p.labels(), lines);
    }

    private static byte[] object(Program p) {
        return new ElfWriter().withSource("dir/f.huc", SOURCE).add("hyperupcall/vm_exit", p, Map.of(0, "init_mm")).toBytes();
    }

    @Test
    void theLinesWeWriteReadBackWithTheirFileColumnAndText() throws Exception {
        ElfObject obj = ElfReader.read("f.o", object(program()));
        List<LineInfo.Entry> lines = LineInfo.of(obj).get("hyperupcall/vm_exit");
        assertEquals(List.of(
                new LineInfo.Entry(0, "dir/f.huc", 4, 5, "    u64 x = init_mm;"),
                new LineInfo.Entry(3, "dir/f.huc", 5, 5, "    if (x == 0)"),
                new LineInfo.Entry(4, "dir/f.huc", 6, 6, "    \treturn helper();"),
                new LineInfo.Entry(5, "dir/f.huc", 7, 5, "    return 0;"),
                new LineInfo.Entry(7, "dir/f.huc", 6, 6, "    \treturn helper();")), lines,
                "a record where the line changes and at the callee's first slot; the lddw's second half and "
                        + "slots of unknown line continue the line before them");
    }

    @Test
    void aLinkedProgramGetsBackTheLineOfEverySlot() throws Exception {
        Program linked = Linker.link(ElfReader.read("f.o", object(program())), null, SymbolResolver.of(Map.of("init_mm", 0x1000L)));
        int[] expected = {4, 4, 4, 5, 6, 7, 7, 6, 6};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], linked.sourceLine(i), "slot " + i);
        }
    }

    @Test
    void withoutASourceOrWithoutLinesTheObjectHasNoBtf() throws Exception {
        Program p = program();
        ElfObject plain = ElfReader.read("a.o", new ElfWriter().add("hyperupcall/vm_exit", p).toBytes());
        assertTrue(plain.section(".BTF").isEmpty());
        Program noLines = new Program("f", p.slots(), p.labels(), null);
        ElfObject unnumbered = ElfReader.read("b.o", new ElfWriter().withSource("f.huc", SOURCE).add("x", noLines).toBytes());
        assertTrue(unnumbered.section(".BTF.ext").isEmpty());
        assertEquals(Map.of(), LineInfo.of(unnumbered));
    }

    @Test
    void llvmToolsListTheBtfSectionsAndStillDisassembleTheCode(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("llvm-readelf") && ExternalTools.present("llvm-objdump"), "llvm tools are not installed");
        Path o = dir.resolve("f.o");
        Files.write(o, object(program()));
        String sections = ExternalTools.run("llvm-readelf", "-S", o.toString());
        assertTrue(sections.matches("(?s).*\\] \\.BTF\\s+PROGBITS.*\\] \\.BTF\\.ext\\s+PROGBITS.*"), sections);
        ElfObjectTest.assertSameListingAsObjdump(o);
    }

    @Test
    void bpftoolDumpsOurBtfWithAFunctionNamedLikeTheEntrySymbol(@TempDir Path dir) throws Exception {
        String bpftool = ExternalTools.present("bpftool") ? "bpftool" : "/usr/sbin/bpftool"; // Debian's, outside a user's PATH
        assumeTrue(bpftool.equals("bpftool") || Files.isExecutable(Path.of(bpftool)), "bpftool is not installed");
        Path o = dir.resolve("f.o");
        Files.write(o, object(program()));
        String dump = ExternalTools.run(bpftool, "btf", "dump", "file", o.toString());
        assertTrue(dump.contains("FUNC 'f' type_id=3 linkage=global"), dump);
        assertTrue(dump.contains("FUNC 'helper' type_id=3 linkage=static"), dump);
        assertTrue(dump.contains("FUNC_PROTO '(anon)' ret_type_id=1 vlen=1"), dump);
    }

    @Test
    void readsTheLinesClangWritesWithMinusG(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("clang"), "clang is not installed");
        Path c = dir.resolve("sample.c");
        Files.write(c, ElfObjectTest.resource("clang_sample.c"));
        Path o = dir.resolve("sample.o");
        ExternalTools.run("clang", "-g", "-O2", "-target", "bpf", "-c", c.toString(), "-o", o.toString());
        List<String> source = List.of(new String(ElfObjectTest.resource("clang_sample.c"), StandardCharsets.UTF_8).split("\n", -1));
        Map<String, List<LineInfo.Entry>> lines = LineInfo.of(ElfReader.read(o));
        assertEquals(java.util.Set.of(".text", "hyperupcall/test"), lines.keySet());
        for (List<LineInfo.Entry> section : lines.values()) {
            assertFalse(section.isEmpty());
            for (LineInfo.Entry e : section) {
                assertTrue(e.file().endsWith("sample.c"), e::toString);
                assertEquals(source.get(e.line() - 1), e.source(), e::toString);
            }
        }
    }
}
