package org.hyperupcall.ebpf.tests.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.testing.ExternalTools;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.ElfWriter;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects built by clang load and run; objects we write are read by llvm-objdump; corrupt ones are refused. */
class ElfObjectTest {
    private static final long CTX = 0x2000_0000L;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ElfObjectTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The context the sample reads: a, b, c and 16 bytes, as struct ctx lays them out. */
    private static byte[] context(long a, long b, int c, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(a).putLong(b).putInt(c).put(bytes);
        return buf.array();
    }

    /** clang_sample.c's prog(), written in Java. */
    private static long expected(long a, long b, int c, byte[] bytes) {
        long s = (a * 31) ^ (b >>> 3);
        for (int i = 0; i < 16; i++) {
            s += (long) (bytes[i] & 0xff) * (i + 1);
        }
        if (Integer.compareUnsigned(c, 100) > 0) {
            s ^= 0xdeadbeefcafebabeL;
        }
        return s;
    }

    private static void assertRunsLikeTheCSource(Program program) throws Exception {
        Random random = new Random(42);
        for (EngineKind kind : EngineKind.values()) {
            Engine engine = kind.create();
            var exe = engine.prepare(program, HelperTable.empty(), ExecOptions.defaults());
            for (int round = 0; round < 50; round++) {
                long a = random.nextLong();
                long b = random.nextLong();
                int c = round % 2 == 0 ? random.nextInt(200) : random.nextInt();
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                byte[] ctx = context(a, b, c, bytes);
                MemoryMap memory = new MemoryMap().add(new Region("ctx", CTX, ctx, true));
                ExecResult result = exe.run(memory, CTX, 0);
                long want = expected(a, b, c, bytes);
                assertTrue(result.isOk(), () -> kind + ": " + result);
                assertEquals(want, result.r0(), kind.toString());
                assertEquals(want, ByteBuffer.wrap(ctx).order(ByteOrder.LITTLE_ENDIAN).getLong(0), kind + ": c->a was written back");
            }
        }
    }

    @Test
    void runsAnObjectBuiltByClangWithACallIntoText() throws Exception {
        ElfObject obj = ElfReader.read("clang_sample.o", resource("clang_sample.o"));
        assertEquals(List.of(".text", "hyperupcall/test"), Linker.programNames(obj));
        Program program = Linker.link(obj, "hyperupcall/test", SymbolResolver.NONE);
        assertEquals("prog", program.labels().get(0));
        assertTrue(program.labels().containsValue("mix"), "the callee from .text is linked in");
        assertRunsLikeTheCSource(program);
    }

    @Test
    void linksAProgramByItsFunctionName() throws Exception {
        ElfObject obj = ElfReader.read("clang_sample.o", resource("clang_sample.o"));
        assertRunsLikeTheCSource(Linker.link(obj, "prog", SymbolResolver.NONE));
    }

    @Test
    void compilesTheSampleWithClangWhenPresentAndRunsIt(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("clang"), "clang is not installed");
        Path c = dir.resolve("sample.c");
        Files.write(c, resource("clang_sample.c"));
        Path o = dir.resolve("sample.o");
        ExternalTools.run("clang", "-O2", "-target", "bpf", "-c", c.toString(), "-o", o.toString());
        assertRunsLikeTheCSource(Linker.link(ElfReader.read(o), "hyperupcall/test", SymbolResolver.NONE));
    }

    @Test
    void disassemblesLikeLlvmObjdumpLineForLine() throws Exception {
        assumeTrue(ExternalTools.present("llvm-objdump"), "llvm-objdump is not installed");
        Path dir = Files.createTempDirectory("objdump");
        Path o = dir.resolve("clang_sample.o");
        Files.write(o, resource("clang_sample.o"));
        assertSameListingAsObjdump(o);
    }

    @Test
    void disassemblesEveryConformanceProgramLikeLlvmObjdump(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("llvm-objdump"), "llvm-objdump is not installed");
        Path shared = Path.of(System.getProperty("hyperupcall.shared", "../shared")).toAbsolutePath().normalize();
        int compared = 0;
        try (var files = Files.list(shared.resolve("conformance/tests"))) {
            for (Path f : files.sorted().toList()) {
                var c = org.hyperupcall.ebpf.conformance.ConformanceCase.read(f);
                Program p = org.hyperupcall.ebpf.asm.Assembler.assemble(f.getFileName().toString(), c.asm());
                Path o = dir.resolve(f.getFileName() + ".o");
                Files.write(o, new ElfWriter().add(".text", p).toBytes());
                compared += assertSameListingAsObjdump(o);
            }
        }
        assertTrue(compared > 1500, "compared " + compared + " instructions");
    }

    /**
     * Instructions of the v4 ISA (signed division, sign-extending moves and loads, bswap, gotol,
     * 32-bit fetching atomics) and callx, which LLVM 14's disassembler prints as older instructions,
     * and local calls, which we annotate with their target.
     */
    static boolean newerThanLlvm14(org.hyperupcall.ebpf.isa.Instruction insn) {
        int op = insn.opcode();
        int cls = op & 7;
        boolean alu = cls == 4 || cls == 7;
        if (alu && ((op & 0xf0) == 0x30 || (op & 0xf0) == 0x90) && insn.offset() != 0) {
            return true; // sdiv, smod
        }
        if (alu && (op & 0xf8) == 0xb8 && insn.offset() != 0) {
            return true; // movsx
        }
        if (op == 0xd7 || op == 0x06 || op == 0x8d || (cls == 1 && (op & 0xe0) == 0x80)) {
            return true; // bswap, gotol, callx, ldxs
        }
        if (op == 0x85 && insn.src() == 1) {
            return true; // a local call: we annotate it with its target, llvm-objdump does not
        }
        return op == 0xc3 && insn.imm() != 0; // 32-bit atomics other than a plain add
    }

    /** Compares every instruction line llvm-objdump prints with ours (lines it cannot decode aside). */
    static int assertSameListingAsObjdump(Path object) throws Exception {
        String listing = ExternalTools.run("llvm-objdump", "-d", "--no-show-raw-insn", object.toString());
        ElfObject obj = ElfReader.read(object);
        String section = null;
        int compared = 0;
        for (String line : listing.split("\n")) {
            if (line.startsWith("Disassembly of section ")) {
                section = line.substring("Disassembly of section ".length(), line.length() - 1);
                continue;
            }
            var m = java.util.regex.Pattern.compile("\\s*(\\d+):\\t(.*)").matcher(line);
            if (section == null || !m.matches() || m.group(2).contains("<unknown>")) {
                continue;
            }
            String name = section;
            Program p = obj.sectionProgram(obj.section(name).orElseThrow());
            int index = Integer.parseInt(m.group(1));
            if (newerThanLlvm14(p.get(index))) {
                continue;
            }
            assertEquals(m.group(2).trim(), Disassembler.instruction(p, index, Disassembler.Syntax.LLVM),
                    object.getFileName() + " " + name + " insn " + index);
            compared++;
        }
        assertTrue(compared > 0, "llvm-objdump printed no instruction");
        return compared;
    }

    @Test
    void writesObjectsThatLlvmObjdumpReadsWithSymbolsAndRelocations(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.present("llvm-objdump"), "llvm-objdump is not installed");
        Program program = org.hyperupcall.ebpf.asm.Assembler.assemble("t", """
                lddw %r1, 0
                ldxdw %r0, [%r1+8]
                jeq %r0, 0, out
                call local helper
                out:
                exit
                helper:
                mov %r0, 7
                exit
                """);
        Path o = dir.resolve("ours.o");
        Files.write(o, new ElfWriter().add("hyperupcall/vm_exit", program, Map.of(0, "init_mm")).toBytes());
        String listing = ExternalTools.run("llvm-objdump", "-dr", o.toString());
        assertTrue(listing.contains("Disassembly of section hyperupcall/vm_exit:"), listing);
        assertTrue(listing.contains("R_BPF_64_64\tinit_mm"), listing);
        assertTrue(listing.contains("<helper>:"), listing);
        assertSameListingAsObjdump(o);
        String symbols = ExternalTools.run("llvm-readelf", "-s", o.toString());
        assertTrue(symbols.matches("(?s).*FUNC\\s+GLOBAL\\s+DEFAULT\\s+\\d+\\s+hyperupcall_vm_exit\\n.*"), symbols);
        assertTrue(symbols.matches("(?s).*NOTYPE\\s+GLOBAL\\s+DEFAULT\\s+UND\\s+init_mm.*"), symbols);
    }

    @Test
    void resolvesExternSymbolsThroughTheResolverAndKeepsTheAddend() throws Exception {
        Program program = org.hyperupcall.ebpf.asm.Assembler.assemble("t", "lddw %r0, 0x10\nexit\n");
        byte[] bytes = new ElfWriter().add("hyperupcall/vm_exit", program, Map.of(0, "init_mm")).toBytes();
        ElfObject obj = ElfReader.read("ours.o", bytes);
        assertEquals(List.of(new Linker.ExternUse("init_mm", 0)), Linker.externs(obj, null));
        Program linked = Linker.link(obj, null, SymbolResolver.of(Map.of("init_mm", 0xffff_8880_0100_0000L)));
        assertEquals(0xffff_8880_0100_0010L, linked.imm64(0));
        ElfException e = org.junit.jupiter.api.Assertions.assertThrows(ElfException.class,
                () -> Linker.link(obj, null, SymbolResolver.NONE));
        assertTrue(e.getMessage().contains("unresolved symbol 'init_mm'"), e.getMessage());
        assertTrue(e.getMessage().contains("insn 0"), e.getMessage());
    }

    @Test
    void roundTripsAClangProgramThroughOurWriter() throws Exception {
        ElfObject obj = ElfReader.read("clang_sample.o", resource("clang_sample.o"));
        Program linked = Linker.link(obj, "hyperupcall/test", SymbolResolver.NONE);
        byte[] ours = new ElfWriter().add("hyperupcall/test", linked).toBytes();
        Program again = Linker.link(ElfReader.read("ours.o", ours), null, SymbolResolver.NONE);
        assertArrayEquals(linked.toBytes(), again.toBytes());
        assertEquals(linked.labels(), again.labels());
    }

    @Test
    void refusesEveryTruncationOfAnObjectWithAMessage() throws Exception {
        byte[] good = resource("clang_sample.o");
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertReadsOrRefuses(cut, "truncated to " + len + " bytes");
        }
    }

    @Test
    void neverCrashesOnCorruptedObjects() throws Exception {
        byte[] good = resource("clang_sample.o");
        Random random = new Random(7);
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] bad = good.clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            if (!assertReadsOrRefuses(bad, "corruption round " + round)) {
                refused++;
            }
        }
        assertTrue(refused > 0, "some corruptions must be detected");
    }

    /** Reads, links and runs; true when all of it worked. Anything but a clean refusal fails the test. */
    private static boolean assertReadsOrRefuses(byte[] bytes, String what) {
        try {
            ElfObject obj = ElfReader.read("x.o", bytes);
            for (String name : Linker.programNames(obj)) {
                Program p = Linker.link(obj, name, SymbolResolver.NONE);
                try {
                    var exe = EngineKind.INTERP.create().prepare(p, HelperTable.empty(), ExecOptions.defaults().withBudget(10_000));
                    exe.run(new MemoryMap().add(new Region("ctx", CTX, new byte[64], true)), CTX, 0);
                } catch (org.hyperupcall.ebpf.isa.InvalidProgramException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what);
                }
            }
            return true;
        } catch (ElfException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what);
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }
}
