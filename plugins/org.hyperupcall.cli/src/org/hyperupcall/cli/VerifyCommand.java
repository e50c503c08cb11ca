package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc verify}: the verifier's verdict on a program for an event. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify hyperupcalls: every entry point of a HUC file (compiled first), every hyperupcall/<event> program",
            "of an ELF object, or an assembly file for --event. Extern symbols resolve against the default guest's symbol map",
            "(or --symbols FILE) and the ranges of those a program uses are registered with it.",
            "Exit status 0 when accepted (instruction count and time printed), 1 when rejected (errors on stderr as",
            "'file:line:col: error: message (insn N) [RULE]' with the source line for HUC and objects with line info",
            "(.BTF.ext, as huc compile and clang -g write it), 'file: insn N (line L): error:",
            "message [RULE]' otherwise), 2 on a usage or I/O error."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "HUC source (.huc), ELF object (.o) or assembly (.s).")
    Path file;

    @Option(names = "--event", paramLabel = "NAME", description = "Event to verify for (default: from the section name hyperupcall/<event>): "
            + "tlb_shootdown, page_reclaim, vm_exit, page_mapping.")
    String event;

    @Option(names = {"-j", "--section"}, paramLabel = "NAME", description = "Only this program (section or function).")
    String section;

    @Option(names = "--region", paramLabel = "NAME=BASE:SIZE[:ro]",
            description = "Registered guest memory the program may access (repeatable), e.g. mem_map=0xffff888000000000:0x40000.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--symbol", paramLabel = "NAME=ADDRESS", description = "Address of an extern guest symbol (repeatable); "
            + "for a symbol of the map, its registered range moves with it.")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--symbols", paramLabel = "FILE", description = "Guest symbol map replacing the default guest's: one "
            + "'ADDRESS SIZE NAME [rw]' a line (ADDRESS hex as in System.map, SIZE decimal or 0x hex, read-only unless rw; # comments). "
            + "The range of each symbol a program uses is registered with it.")
    Path symbolFile;

    @Option(names = "--limit", paramLabel = "N", description = "Instruction limit of a local hyperupcall (default 4096; global ones: 4096).")
    Integer limit;

    @Option(names = "--log", description = "Print the abstract state before every instruction the verifier follows.")
    boolean log;

    @Option(names = "--bench", description = "Verify each program repeatedly in this JVM after a warm-up and print, per program, "
            + "'median X.XXX ms' of the timed runs and the instructions followed (to compare with the Linux verifier in one run).")
    boolean bench;

    @Option(names = "--warmup", paramLabel = "MS", defaultValue = "10000", description = "With --bench: milliseconds of untimed verifications "
            + "first (default ${DEFAULT-VALUE}).")
    long warmupMs;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "51", description = "With --bench: timed verifications (default ${DEFAULT-VALUE}).")
    int runs;

    @Spec
    CommandSpec spec;

    /** A program to verify: where to say it is, for which event, the extern symbols it uses, its HUC source if any. */
    private record Target(String where, Program program, Event event, Set<String> externs, HucSource source) {
    }

    @Override
    public Integer call() {
        Event fixed = event == null ? null : Event.byId(event).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown event '" + event + "' (events: tlb_shootdown, page_reclaim, vm_exit, page_mapping)"));
        List<MemoryRange> ranges = new ArrayList<>();
        for (String r : regions) {
            ranges.add(parseRegion(r));
        }
        Map<String, Long> symbolTable = new LinkedHashMap<>();
        for (String s : symbols) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--symbol wants NAME=ADDRESS, not '" + s + "'");
            }
            symbolTable.put(s.substring(0, eq), parseNumber(s.substring(eq + 1), "--symbol " + s));
        }
        if (!Files.isReadable(file)) {
            spec.commandLine().getErr().println("huc: " + file + ": " + (Files.exists(file) ? "cannot read" : "no such file"));
            return 2;
        }
        GuestLayout layout = symbolFile == null ? GuestLayout.defaults() : readLayout(symbolFile);
        Map<String, Long> addresses = new LinkedHashMap<>(layout.addresses());
        addresses.putAll(symbolTable);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Target> targets = new ArrayList<>();
        boolean allAccepted = HucSource.isHuc(file) ? compile(fixed, addresses, targets) : load(fixed, addresses, targets);
        for (Target t : targets) {
            ProgramType type;
            try {
                type = limit == null || t.event().isGlobal() ? ProgramType.of(t.event()) : new ProgramType(t.event(), limit);
            } catch (IllegalArgumentException ex) {
                throw new ParameterException(spec.commandLine(), ex.getMessage());
            }
            VerifierOptions options = VerifierOptions.defaults().withRegions(registered(ranges, t.externs(), layout, addresses))
                    .withLog(log);
            if (bench) {
                if (runs < 1 || warmupMs < 0) {
                    throw new ParameterException(spec.commandLine(), "--runs must be at least 1 and --warmup not negative");
                }
                long until = System.nanoTime() + warmupMs * 1_000_000L;
                Verification w = Verifier.verify(t.program(), type, options);
                while (System.nanoTime() < until) {
                    w = Verifier.verify(t.program(), type, options);
                }
                long[] nanos = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    w = Verifier.verify(t.program(), type, options);
                    nanos[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(nanos);
                out.printf("%s: %s for %s: median %.3f ms over %d runs, %d instructions followed, %d instructions%s%n", t.where(),
                        w.accepted() ? "accepted" : "rejected (" + w.diagnostics().get(0).rule().id() + ")", t.event().id(),
                        nanos[runs / 2] / 1e6, runs, w.processed(), w.instructions(),
                        w.accepted() ? ", at most " + w.maxExecuted() + " run per event" : "");
                allAccepted &= w.accepted();
                continue;
            }
            Verification v = Verifier.verify(t.program(), type, options);
            if (log) {
                out.print(v.log());
            }
            if (v.accepted()) {
                out.printf("%s: accepted for %s: %d instructions (limit %d), at most %d run per event, %d followed, verified in %.2f ms%n",
                        t.where(), t.event().id(), v.instructions(), v.limit(), v.maxExecuted(), v.processed(), v.nanos() / 1e6);
                continue;
            }
            allAccepted = false;
            for (Diagnostic d : v.diagnostics()) {
                if (t.source() != null && d.line() > 0) {
                    t.source().print(err, new SourceDiagnostic(t.source().file().toString(), d.line(),
                            t.source().column(d.line(), null), true,
                            d.message() + (d.insn() >= 0 ? " (insn " + d.insn() + ")" : ""), d.rule().id()), true);
                } else {
                    err.println(d.format(t.where()));
                }
            }
        }
        out.flush();
        err.flush();
        return allAccepted ? 0 : 1;
    }

    /**
     * The memory registered with a program: the --region ranges, and the range of each guest
     * symbol it uses (at its address, which --symbol may move) unless a --region of that name replaces it.
     */
    private static List<MemoryRange> registered(List<MemoryRange> regions, Set<String> externs, GuestLayout layout,
            Map<String, Long> addresses) {
        List<MemoryRange> all = new ArrayList<>(regions);
        for (String x : externs) {
            layout.symbol(x).filter(s -> regions.stream().noneMatch(r -> r.name().equals(x)))
                    .ifPresent(s -> all.add(new MemoryRange(x, addresses.get(x), s.size(), s.writable())));
        }
        return all;
    }

    private static GuestLayout readLayout(Path map) {
        if (!java.nio.file.Files.exists(map)) {
            throw UserError.io(map + ": no such file");
        }
        String text = ProgramFiles.text(map, ProgramFiles.read(map)); // a System.map is megabytes: the 16 MiB ceiling, not a source's
        try {
            return GuestLayout.parse(map.toString(), text);
        } catch (GuestLayout.FormatException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Compiles a HUC file and links each entry point against the symbol map; false when something failed on the way. */
    private boolean compile(Event fixed, Map<String, Long> addresses, List<Target> targets) {
        PrintWriter err = spec.commandLine().getErr();
        HucSource source = HucSource.read(file);
        Compilation c = source.compile(err);
        if (!c.ok()) {
            return false;
        }
        boolean linked = true;
        for (CompiledProgram p : c.programs()) {
            if (section != null && !section.equals(p.function()) && !section.equals(p.event().section())) {
                continue;
            }
            Set<String> missing = new TreeSet<>(p.externSymbols());
            missing.removeAll(addresses.keySet());
            for (String x : missing) {
                int line = p.externs().entrySet().stream().filter(e -> e.getValue().equals(x))
                        .mapToInt(e -> p.program().sourceLine(e.getKey())).filter(l -> l > 0).min().orElse(0);
                source.print(err, new SourceDiagnostic(file.toString(), line, source.column(line, x), true, "extern '" + x
                        + "' is not in the guest symbol map: give its address with --symbol " + x + "=ADDRESS or a map with --symbols FILE",
                        null), false);
            }
            if (!missing.isEmpty()) {
                linked = false;
                continue;
            }
            targets.add(new Target(file + ": " + p.function(), p.link(addresses).program(), fixed != null ? fixed : p.event(),
                    p.externSymbols(), source));
        }
        if (targets.isEmpty() && linked) {
            throw new UserError(file + ": no SEC(\"hyperupcall/<event>\") entry point to verify" + (section != null ? " named " + section : ""));
        }
        return linked;
    }

    /** Reads the programs of an ELF object (linked against the symbol map) or an assembly file. */
    private boolean load(Event fixed, Map<String, Long> addresses, List<Target> targets) {
        byte[] bytes = ProgramFiles.read(file);
        if (!ElfReader.isElf(bytes)) {
            if (fixed == null) {
                throw new ParameterException(spec.commandLine(), file + ": not an ELF object; as assembly text it needs --event EVENT");
            }
            targets.add(new Target(file.toString(), ProgramFiles.load(file, null), fixed, Set.of(), null));
            return true;
        }
        try {
            ElfObject obj = ElfReader.read(file.toString(), bytes);
            HucSource source = HucSource.of(obj).orElse(null);
            for (String name : Linker.programNames(obj)) {
                if (section != null && !section.equals(name)) {
                    continue;
                }
                Event e = fixed != null ? fixed : Event.bySection(name).orElse(null);
                if (e == null) {
                    if (section != null || name.startsWith("hyperupcall/")) {
                        throw new UserError(file + ": section " + name + " names no event: use --event");
                    }
                    continue; // .text and other helper sections are linked into the programs that call them
                }
                Set<String> externs = new TreeSet<>();
                Linker.externs(obj, name).forEach(x -> externs.add(x.symbol()));
                targets.add(new Target(file + ": " + name, Linker.link(obj, name, SymbolResolver.of(addresses)), e, externs, source));
            }
        } catch (ElfException e) {
            throw new UserError(e.getMessage().startsWith(file.toString()) ? e.getMessage() : file + ": " + e.getMessage());
        }
        if (targets.isEmpty()) {
            throw new UserError(file + ": no hyperupcall/<event> program to verify" + (section != null ? " named " + section : ""));
        }
        return true;
    }

    private MemoryRange parseRegion(String text) {
        int eq = text.indexOf('=');
        String[] parts = text.substring(eq + 1).split(":");
        if (eq <= 0 || parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
            throw new ParameterException(spec.commandLine(), "--region wants NAME=BASE:SIZE[:ro], not '" + text + "'");
        }
        long size = parseNumber(parts[1], "--region " + text);
        if (size <= 0) {
            throw new ParameterException(spec.commandLine(), "--region " + text + ": the size must be positive");
        }
        return new MemoryRange(text.substring(0, eq), parseNumber(parts[0], "--region " + text), size,
                parts.length < 3 || parts[2].equals("rw"));
    }

    private long parseNumber(String s, String what) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), what + ": '" + s + "' is not a number");
        }
    }
}
