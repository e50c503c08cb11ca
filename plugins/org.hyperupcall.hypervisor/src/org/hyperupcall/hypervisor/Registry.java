package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.RegistrationRule;
import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;

/**
 * Registration as the ABI says: {@code register(event, object, memory)}. The object's
 * {@code hyperupcall/<event>} program is linked against the guest's symbol map (each extern must
 * resolve and land inside the registered memory), the memory is checked (inside the guest, no
 * overlap, at most 2% of guest memory for a global event), the verifier runs with the registered
 * ranges, and the engine prepares it. A refusal names its rule and, where known, the instruction
 * and source line.
 */
public final class Registry {

    /** The outcome: a hyperupcall, or why not. */
    public record Registration(Hyperupcall hyperupcall, Refusal refusal) {
        public boolean accepted() {
            return hyperupcall != null;
        }

        /** The outcome of a {@link Registry#trial} run, or why it could not run. */
        public record Trial(Hyperupcall.Outcome outcome, Refusal refusal) {
        }
    }

    private final GuestLayout layout;
    private final GuestMemory memory;
    private final Host host;
    private final EngineKind engine;
    private final int localLimit;
    private long budget = ExecOptions.DEFAULT_BUDGET;
    private Debugging debugging;

    /**
     * @param engine the engine that runs what is registered ({@link EngineKind#DEFAULT} in the simulator)
     * @param localLimit instruction limit of local hyperupcalls (global ones: 4096)
     */
    public Registry(GuestLayout layout, GuestMemory memory, Host host, EngineKind engine, int localLimit) {
        this.layout = layout;
        this.memory = memory;
        this.host = host;
        this.engine = engine;
        this.localLimit = localLimit;
    }

    /** Sets the instruction budget of each invocation of what is registered from now on (a fault when exceeded). */
    public Registry budget(long instructions) {
        this.budget = instructions;
        return this;
    }

    /** Runs what is registered from now on under a debugger, on the interpreter (null: none, the registry's engine). */
    public Registry debugWith(Debugging d) {
        this.debugging = d;
        return this;
    }

    /** Registers the object's program for the event with the memory a guest registers for it ({@link #rangesFor}). */
    public Registration register(Event event, String objectName, byte[] object) {
        return register(event, objectName, object, rangesFor(event, objectName, object));
    }

    /** Registers the object's program for the event with access to these guest ranges (direct-map addresses). */
    public Registration register(Event event, String objectName, byte[] object, List<MemoryRange> ranges) {
        ElfObject obj;
        try {
            obj = ElfReader.read(objectName, object);
        } catch (ElfException e) {
            return refused(Refusal.of(RegistrationRule.OBJECT, e.getMessage()));
        }
        String section = event.section();
        if (!Linker.programNames(obj).contains(section)) {
            return refused(Refusal.of(RegistrationRule.OBJECT, objectName + " has no " + section + " program (it has: "
                    + String.join(", ", Linker.programNames(obj)) + ")"));
        }
        Optional<Refusal> bad = checkMemory(event, ranges);
        if (bad.isPresent()) {
            return refused(bad.get());
        }
        Program program;
        try {
            Linked linked = link(obj, section, ranges);
            if (linked.refusal() != null) {
                return refused(linked.refusal());
            }
            program = linked.program();
        } catch (ElfException e) {
            return refused(Refusal.of(RegistrationRule.OBJECT, e.getMessage()));
        }
        String sourceFile = sourceFile(obj, section);
        ProgramType type = event.isGlobal() ? ProgramType.of(event) : new ProgramType(event, localLimit);
        Verification v = Verifier.verify(program, type, VerifierOptions.defaults().withRegions(ranges));
        if (!v.accepted()) {
            Diagnostic d = v.diagnostics().get(0);
            return refused(new Refusal(d.rule().id(), d.message(), d.insn(), sourceFile, d.line()));
        }
        try {
            return new Registration(new Hyperupcall(event, objectName, sourceFile, program, engine, memory, ranges, host,
                    ExecOptions.defaults().withBudget(budget).withVerified(), v.maxExecuted(), debugging), null);
        } catch (InvalidProgramException e) {
            return refused(Refusal.of(RegistrationRule.ENGINE, e.getMessage()));
        }
    }

    /** A linked program, or why not. */
    private record Linked(Program program, Refusal refusal) {
    }

    /** The program of the object's section with its externs linked to the guest's symbols, or the refusal of an extern. */
    private Linked link(ElfObject obj, String section, List<MemoryRange> ranges) throws ElfException {
        for (Linker.ExternUse use : Linker.externs(obj, section)) {
            Optional<GuestLayout.Symbol> s = layout.symbol(use.symbol());
            if (s.isEmpty()) {
                return new Linked(null, new Refusal(RegistrationRule.SYMBOL.id(), "extern '" + use.symbol() + "' is not in the guest's symbol map",
                        use.slot(), null, 0));
            }
            GuestLayout.Symbol sym = s.get();
            boolean inside = ranges.stream().anyMatch(r -> Long.compareUnsigned(sym.address(), r.base()) >= 0
                    && Long.compareUnsigned(sym.end(), r.base() + r.size()) <= 0);
            if (!inside) {
                return new Linked(null, new Refusal(RegistrationRule.SYMBOL_OUTSIDE.id(), String.format(
                        "extern '%s' [0x%x, 0x%x) is not inside the registered memory (%s)", sym.name(), sym.address(), sym.end(), describe(ranges)),
                        use.slot(), null, 0));
            }
        }
        return new Linked(Linker.link(obj, section, name -> layout.symbol(name).map(sym -> OptionalLong.of(sym.address()))
                .orElse(OptionalLong.empty())), null);
    }

    /**
     * One run of the object's program for the event on {@code context} (the event's context bytes)
     * for a vCPU, with the memory a guest registers for it, <em>without</em> verifying it: to show
     * the fault of a program the verifier rejects happen. It runs on the interpreter, which checks
     * every access and counts every instruction at run time (the budget of a run), so nothing it
     * does reaches outside its memory; it is never attached to the VM. The outcome, or the refusal
     * of what keeps it from loading (an object without the program, an unknown extern, a program
     * the interpreter refuses).
     */
    public Registration.Trial trial(Event event, String objectName, byte[] object, byte[] context, int vcpu) {
        List<MemoryRange> ranges = rangesFor(event, objectName, object);
        try {
            ElfObject obj = ElfReader.read(objectName, object);
            if (!Linker.programNames(obj).contains(event.section())) {
                return new Registration.Trial(null, Refusal.of(RegistrationRule.OBJECT, objectName + " has no " + event.section() + " program"));
            }
            Linked linked = link(obj, event.section(), ranges);
            if (linked.refusal() != null) {
                return new Registration.Trial(null, linked.refusal());
            }
            Hyperupcall h = new Hyperupcall(event, objectName, sourceFile(obj, event.section()), linked.program(), EngineKind.INTERP, memory,
                    ranges, host, ExecOptions.defaults().withBudget(budget), -1, null);
            h.context().put(context, 0, Math.min(context.length, h.context().capacity()));
            return new Registration.Trial(h.invoke(vcpu), null);
        } catch (ElfException e) {
            return new Registration.Trial(null, Refusal.of(RegistrationRule.OBJECT, e.getMessage()));
        } catch (InvalidProgramException e) {
            return new Registration.Trial(null, Refusal.of(RegistrationRule.ENGINE, e.getMessage()));
        }
    }

    /**
     * {@link #trial} in a fresh default guest (booted as the scenarios boot it: {@link GuestLayout#defaults()},
     * its kernel's structures written) on vCPU 0 of two: the editors' "run it" of a rejected program.
     */
    public static Registration.Trial trialInDefaultGuest(Event event, String objectName, byte[] object, byte[] context) {
        GuestMemory memory = new GuestMemory(GuestLayout.GUEST_MEMORY);
        Vm vm = new Vm(2, 2, memory, GuestLayout.defaults(), CostModel.defaults(), EngineKind.INTERP, 1);
        GuestKernel.boot(memory, GuestLayout.defaults());
        return vm.registry().trial(event, objectName, object, context, 0);
    }

    /**
     * The memory a guest registers for an object's program: the ranges of the guest symbols its
     * externs name (what {@code huc verify} registers too). Unknown symbols are left out (the
     * registration then refuses them).
     */
    public List<MemoryRange> rangesFor(Event event, String objectName, byte[] object) {
        List<MemoryRange> out = new ArrayList<>();
        try {
            ElfObject obj = ElfReader.read(objectName, object);
            if (!Linker.programNames(obj).contains(event.section())) {
                return out;
            }
            for (Linker.ExternUse use : Linker.externs(obj, event.section())) {
                layout.symbol(use.symbol()).ifPresent(sym -> {
                    if (out.stream().noneMatch(r -> r.name().equals(sym.name()))) {
                        out.add(new MemoryRange(sym.name(), sym.address(), sym.size(), sym.writable()));
                    }
                });
            }
        } catch (ElfException e) {
            // the registration reports it
        }
        return out;
    }

    /** The events an object has programs for. */
    public static List<Event> events(String objectName, byte[] object) throws ElfException {
        ElfObject obj = ElfReader.read(objectName, object);
        List<Event> out = new ArrayList<>();
        for (String name : Linker.programNames(obj)) {
            Event.bySection(name).ifPresent(out::add);
        }
        return out;
    }

    private static Registration refused(Refusal r) {
        return new Registration(null, r);
    }

    private Optional<Refusal> checkMemory(Event event, List<MemoryRange> ranges) {
        long lo = GuestLayout.PAGE_OFFSET;
        long hi = GuestLayout.PAGE_OFFSET + memory.size();
        long total = 0;
        List<MemoryRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(MemoryRange::base));
        for (int i = 0; i < sorted.size(); i++) {
            MemoryRange r = sorted.get(i);
            if (Long.compareUnsigned(r.base(), lo) < 0 || Long.compareUnsigned(r.base() + r.size(), hi) > 0 || r.size() <= 0) {
                return Optional.of(Refusal.of(RegistrationRule.MEMORY, String.format("%s is not inside the guest's memory [0x%x, 0x%x)", r, lo, hi)));
            }
            if (i > 0 && Long.compareUnsigned(sorted.get(i - 1).base() + sorted.get(i - 1).size(), r.base()) > 0) {
                return Optional.of(Refusal.of(RegistrationRule.MEMORY, sorted.get(i - 1) + " overlaps " + r));
            }
            total += r.size();
        }
        long max = memory.size() * Constants.GLOBAL_MEMORY_PER_MILLE / 1000;
        if (event.isGlobal() && total > max) {
            return Optional.of(Refusal.of(RegistrationRule.MEMORY, String.format("a global hyperupcall may register at most %d%% of guest memory "
                    + "(%d KiB of %d MiB); %s registers %d KiB", Constants.GLOBAL_MEMORY_PER_MILLE / 10, max >> 10,
                    memory.size() >> 20, event.id(), total >> 10)));
        }
        return Optional.empty();
    }

    private static String describe(List<MemoryRange> ranges) {
        return ranges.isEmpty() ? "none registered" : String.join(", ", ranges.stream().map(MemoryRange::toString).toList());
    }

    /** The source file of the section's line info, when there is exactly one. */
    private static String sourceFile(ElfObject obj, String section) {
        Map<String, List<LineInfo.Entry>> lines = LineInfo.of(obj);
        List<String> files = lines.getOrDefault(section, List.of()).stream().map(LineInfo.Entry::file).distinct().toList();
        return files.size() == 1 ? files.get(0) : null;
    }
}
