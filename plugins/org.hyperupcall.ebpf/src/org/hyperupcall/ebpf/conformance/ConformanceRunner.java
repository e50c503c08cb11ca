package org.hyperupcall.ebpf.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.ExecResult;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.ebpf.vm.Region;

/** Runs conformance cases on an engine and says whether each passed. */
public final class ConformanceRunner {
    /** Where the test's memory block is mapped; r1 holds this address. */
    public static final long MEM_BASE = 0x0000_1000_0000_0000L;
    /** r1, r2 and r10 hold values at entry in this suite. */
    public static final int ENTRY_REGISTERS = 0b110 | (1 << 10);

    /**
     * The helpers the suite's programs call. Helper 5 is the one the bpf_conformance harness calls
     * "unwind"; here it returns its first argument.
     */
    public static final HelperTable HELPERS = HelperTable.builder()
            .add(5, "unwind", (r1, r2, r3, r4, r5, m) -> r1)
            .build();

    /** The verdict on one case: passed or not, and a one-line explanation. */
    public record Outcome(Path file, boolean passed, String detail) {
    }

    private ConformanceRunner() {
    }

    /** All .data files under the given files or folders, sorted. */
    public static List<Path> collect(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> p.toString().endsWith(".data") && Files.isRegularFile(p)).sorted().forEach(out::add);
                }
            } else if (Files.exists(root)) {
                out.add(root);
            } else {
                throw new java.nio.file.NoSuchFileException(root.toString(), null, "no such file or directory");
            }
        }
        return out;
    }

    /** Reads and runs one file; never throws. */
    public static Outcome run(Path file, Engine engine) {
        boolean negative = false;
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("negative")) {
                negative = true;
            }
        }
        ConformanceCase c;
        try {
            c = ConformanceCase.read(file);
        } catch (MalformedCaseException e) {
            return negative ? new Outcome(file, true, "refused: " + e.getMessage())
                    : new Outcome(file, false, e.getMessage());
        } catch (IOException e) {
            String m = e.getMessage();
            return new Outcome(file, false, m != null && m.startsWith(file.toString()) ? m : "cannot read: " + m);
        }
        return run(c, engine);
    }

    /** Runs a parsed case; never throws. */
    public static Outcome run(ConformanceCase c, Engine engine) {
        String outcome;
        boolean failed;
        try {
            Program program = c.raw() != null ? Program.fromBytes(c.file().getFileName().toString(), c.raw())
                    : Assembler.assemble(c.file().getFileName().toString(), c.asm());
            Executable exe = engine.prepare(program, HELPERS, ExecOptions.defaults().withBudget(10_000_000)
                    .withEntryRegisters(ENTRY_REGISTERS));
            MemoryMap memory = new MemoryMap();
            long r1 = 0;
            long r2 = 0;
            if (c.mem() != null) {
                Region region = new Region("mem", MEM_BASE, c.mem().clone(), true);
                memory.add(region).packet(region);
                r1 = MEM_BASE;
                r2 = c.mem().length;
            }
            ExecResult result = exe.run(memory, r1, r2);
            failed = !result.isOk();
            outcome = result.isOk() ? String.format("r0 = 0x%x", result.r0()) : "fault: " + result.fault();
            if (!failed && c.result() != null) {
                boolean same = result.r0() == c.result();
                if (c.negative()) {
                    // a negative file's expected result may be wrong on purpose: it passes when the program does not return it
                    return new Outcome(c.file(), !same, same ? String.format("expected the program to be refused or not to return "
                            + "0x%x, but it did", c.result()) : "differs as expected (" + outcome + String.format(", not 0x%x)", c.result()));
                }
                return new Outcome(c.file(), same, same ? outcome : String.format("expected r0 = 0x%x, got %s", c.result(), outcome));
            }
        } catch (AsmException e) {
            failed = true;
            outcome = "assembly error: line " + (c.asmLine() + e.line() - 1) + ": " + e.getMessage();
        } catch (InvalidProgramException e) {
            failed = true;
            outcome = "refused by loader: " + e.describe();
        }
        if (c.negative() || c.error() != null) {
            return new Outcome(c.file(), failed, failed ? "refused as expected (" + outcome + ")"
                    : "expected an error, but the program ran: " + outcome);
        }
        return new Outcome(c.file(), false, outcome);
    }
}
